// What the dashboard window may load and open. The window shows only our own dashboard; every other link goes
// to the user's browser, and only if it is an ordinary web link (never file:, javascript:, custom schemes).

/** Sent as a response header for the dashboard: scripts only from the app itself, no inline script, no frames. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // React and recharts set inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

/** Adds our CSP to a response's headers unless the server already sent one (header names are case-insensitive). */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = { ...headers };
  const present = Object.keys(out).some((name) => name.toLowerCase() === 'content-security-policy');
  if (!present) out['Content-Security-Policy'] = [DASHBOARD_CSP];
  return out;
}
