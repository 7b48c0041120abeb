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
