import type { IncomingHttpHeaders } from 'node:http';
import { LOOPBACK_NAMES } from '../config/host-binding.ts';

function hostName(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  const colon = hostHeader.lastIndexOf(':');
  return (colon === -1 ? hostHeader : hostHeader.slice(0, colon)).toLowerCase();
}

/**
 * DNS-rebinding guard: a web page that makes `evil.example` resolve to 127.0.0.1 still sends `Host: evil.example`.
 * Only loopback names and `accepted` (the loopback address bound to, `server.allowedHosts`) pass.
 */
export function isAllowedHost(headers: IncomingHttpHeaders, accepted: readonly string[]): boolean {
  const host = headers.host;
  if (!host) return false;
  const name = hostName(host);
  return LOOPBACK_NAMES.includes(name) || accepted.includes(name);
}

/**
 * Control endpoints must not be driven by other web pages: a request carrying an Origin is accepted only from the
 * proxy's own origin (the served dashboard). Requests without Origin (CLI, curl, Claude Code) pass.
 */
export function isAllowedOrigin(headers: IncomingHttpHeaders, accepted: readonly string[]): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.host !== headers.host) return false;
  return isAllowedHost({ host: url.host }, accepted);
}

/**
 * Web pages must not reach `/v1/*`: a page can send a "simple" cross-origin POST (no preflight, `mode: 'no-cors'`)
 * and have the proxy spend a tier's key. Browsers mark such requests with `Origin` and `Sec-Fetch-Site`; Claude
 * Code, the SDKs and curl send neither. Returns why the request is refused, or undefined.
 */
export function browserRefusal(
  headers: IncomingHttpHeaders,
  accepted: readonly string[],
): string | undefined {
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site')
    return `requests from web pages (Sec-Fetch-Site: ${site}) are refused; the proxy serves local API clients`;
  if (headers.origin !== undefined && !isAllowedOrigin(headers, accepted))
    return `requests from web pages (Origin: ${String(headers.origin).slice(0, 100)}) are refused; the proxy serves local API clients`;
  return undefined;
}

/** `application/json`, with or without parameters (`; charset=utf-8`). */
export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const media = value.split(';', 1)[0]?.trim().toLowerCase();
  return media === 'application/json';
}

// What a browser or our own edge adds that no vendor should see.
const EDGE_ONLY = /^(?:origin|referer|cookie|sec-fetch-.*|sec-ch-.*)$/;

/** The client's headers without browser metadata, for the router to forward from. */
export function forwardableClientHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!EDGE_ONLY.test(name)) out[name] = value;
  return out;
}
