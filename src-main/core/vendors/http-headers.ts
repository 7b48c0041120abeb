import type { IncomingHttpHeaders } from 'node:http';
import type { AuthStyle } from '../../../src-shared/config-schema.ts';
import { HOP_BY_HOP_HEADERS } from '../common/hop-by-hop-headers.ts';

// Hop-by-hop headers and the ones the HTTP client recomputes never travel; nor does browser metadata.
// `accept-encoding` is pinned to identity because the proxy reads every stream (usage, pre-content failover).
const NOT_FORWARDED = new Set([
  ...HOP_BY_HOP_HEADERS,
  'content-length',
  'expect',
  'origin',
  'referer',
  'cookie',
]);

const CLIENT_CREDENTIALS = new Set(['x-api-key', 'authorization', 'api-key']);

/** Client headers that may travel upstream; credentials only when the tier uses the client's own. */
export function forwardableHeaders(
  client: IncomingHttpHeaders,
  keepClientCredentials: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(client)) {
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    if (!keepClientCredentials && CLIENT_CREDENTIALS.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  out['accept-encoding'] = 'identity';
  return out;
}

export function authHeaders(style: AuthStyle, key: string): Record<string, string> {
  switch (style) {
    case 'x-api-key':
      return { 'x-api-key': key };
    case 'bearer':
      return { authorization: `Bearer ${key}` };
    case 'api-key':
      return { 'api-key': key };
    case 'both':
      return { 'x-api-key': key, authorization: `Bearer ${key}` };
  }
}

/** Joins a base URL and a path by appending (Kimi's base `…/coding/` must give `…/coding/v1/messages`). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Response headers a client should see from the vendor (rate-limit state, request id, retry hints). */
export function clientVisibleHeaders(upstream: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (
      name === 'retry-after' ||
      name === 'x-should-retry' ||
      name === 'request-id' ||
      name.startsWith('anthropic-ratelimit-')
    ) {
      out[name] = value;
    }
  }
  return out;
}
