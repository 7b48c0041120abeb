// The dashboard link that `coding-proxy start` prints carries the control token in its fragment (`#token=…`,
// never sent in a request line or a Referer). The page takes it out of the address bar and the history entry at
// once and keeps it in this tab's `sessionStorage`, which only pages of this exact origin (scheme, host AND port)
// can read, so a reload or the reconnect keeps working while no other local server's page can get at it. No cookie
// is ever involved: a 127.0.0.1 cookie would be sent to every port of the host.

export interface BootstrapWindow {
  location: { hash: string; pathname: string; search: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
}

export type TokenStorage = Pick<Storage, 'getItem' | 'setItem'>;

const STORAGE_KEY = 'coding-proxy.control-token';

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
  return token || undefined;
}

/**
 * The control token this tab sends as `Authorization: Bearer`: the one in the link it was opened with (kept for
 * later), else the one kept earlier in this tab; undefined when the page was opened without the link.
 */
export function controlToken(
  view: BootstrapWindow,
  storage: () => TokenStorage | undefined,
): string | undefined {
  const fromLink = takeTokenFromFragment(view);
  try {
    const kept = storage();
    if (fromLink) kept?.setItem(STORAGE_KEY, fromLink);
    return fromLink ?? kept?.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    // Storage switched off (a privacy setting): the token still works until the page is reloaded.
    return fromLink;
  }
}
