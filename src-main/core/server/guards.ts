import type { IncomingHttpHeaders } from 'node:http';
import { LOOPBACK_NAMES } from '../config/host-binding.ts';

/**
 * RFC 3986 `host [ ":" port ]` as a Host header carries it: a DNS name or IPv4 address (letters, digits, `.`, `-`,
 * `_`), or an IPv6 literal in brackets, then an optional decimal port. Anything else — userinfo (`localhost:80@evil`),
 * a path, spaces, a second colon outside brackets — is not a host at all.
 */
const HOST_HEADER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{0,5}))?$/;

/** The host name of a Host header (lower case; IPv6 in brackets), or undefined when it is not a valid one. */
export function hostOfHeader(hostHeader: string): string | undefined {
  const match = HOST_HEADER.exec(hostHeader);
  if (!match?.[1]) return undefined;
  if (match[2] && Number(match[2]) > 65_535) return undefined;
  return match[1].toLowerCase();
}

/**
 * DNS-rebinding guard: a web page that makes `evil.example` resolve to 127.0.0.1 still sends `Host: evil.example`.
 * Only loopback names and `accepted` (the loopback address bound to, `server.allowedHosts`) pass.
 */
export function isAllowedHost(headers: IncomingHttpHeaders, accepted: readonly string[]): boolean {
  const name = hostOfHeader(headers.host ?? '');
  return name !== undefined && (LOOPBACK_NAMES.includes(name) || accepted.includes(name));
}

/** Why a request's Host is refused (400: not a host at all; 403: not one of ours), or undefined when it passes. */
export function hostRefusal(
  headers: IncomingHttpHeaders,
  accepted: readonly string[],
): { status: 400 | 403; message: string } | undefined {
  const given = (headers.host ?? '').slice(0, 100);
  const name = hostOfHeader(headers.host ?? '');
  if (name === undefined)
    return { status: 400, message: `Malformed Host header "${given}": expected host[:port]` };
  if (LOOPBACK_NAMES.includes(name) || accepted.includes(name)) return undefined;
  const names = ['127.0.0.1', 'localhost', ...accepted].join(', ');
  return { status: 403, message: `Host "${given}" is not allowed: use ${names} (server.allowedHosts)` };
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
