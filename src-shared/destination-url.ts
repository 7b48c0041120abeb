// Whether an edited address still points where a stored secret was saved for. Spellings of one URL are one
// destination: a trailing slash more or less, the host in other letter case, the scheme's default port written out
// (`:443`), a fragment (never sent). Anything that can reach another server or service — scheme, host, port, path,
// query, user info — is a new destination. The core (secrets follow their destination) and the vendor form (which
// warns before the key stays behind) compare through this one function so they always agree.

/** The address in one canonical spelling; a value that is not a URL (a `${VAR}` reference) stays as written. */
export function destinationKey(address: string): string {
  const trimmed = address.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return trimmed;
  }
  // The URL parser already lowercases the host and drops a default port.
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return url.href;
}

export function sameDestination(a: string, b: string): boolean {
  return destinationKey(a) === destinationKey(b);
}
