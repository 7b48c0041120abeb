// The dashboard link that `coding-proxy start` prints carries the control token in its fragment (`#token=…`,
// never sent in a request line or a Referer). The page trades it once for the proxy's HttpOnly session cookie —
// which EventSource sends by itself — and takes it out of the address bar and the history entry at once.

export interface BootstrapWindow {
  location: { hash: string; pathname: string; search: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
}

/** Removes `token` from the fragment (keeping anything else there) and returns it. */
export function takeTokenFromFragment(view: BootstrapWindow): string | undefined {
  const params = new URLSearchParams(view.location.hash.replace(/^#/, ''));
  const token = params.get('token') ?? undefined;
  if (token === undefined) return undefined;
  params.delete('token');
  const rest = params.toString();
  view.history.replaceState(
    view.history.state,
    '',
    `${view.location.pathname}${view.location.search}${rest ? `#${rest}` : ''}`,
  );
  return token;
}

/** Starts the cookie session when the page was opened with a token; resolves either way (a 401 says the rest). */
export async function startSession(baseUrl: string, view: BootstrapWindow): Promise<void> {
  const token = takeTokenFromFragment(view);
  if (!token) return;
  try {
    await fetch(`${baseUrl}/api/_session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      credentials: 'same-origin',
    });
  } catch {
    // The proxy is not reachable: the first command reports it.
  }
}
