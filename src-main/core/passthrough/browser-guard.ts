// The browser guard of `/v1/*`, applied to the passthrough paths: they carry the user's provider credentials,
// so a web page must not be able to drive them from the user's browser. SDK clients send neither header.
import type { IncomingHttpHeaders } from 'node:http';
import { isAllowedOrigin } from '../server/guards.ts';

/** Why a browser request from another site is refused, or undefined when it may pass. */
export function crossSiteRefusal(headers: IncomingHttpHeaders, boundHost: string): string | undefined {
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site')
    return `requests from other web sites are refused (Sec-Fetch-Site: ${site})`;
  if (!isAllowedOrigin(headers, boundHost))
    return `requests from other web sites are refused (Origin: ${String(headers.origin)})`;
  return undefined;
}
