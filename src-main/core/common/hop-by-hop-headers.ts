/**
 * RFC 9110 §7.6.1 hop-by-hop headers, plus `host` and `accept-encoding`, which the proxy sets itself (it reads every
 * answer, so it asks for identity encoding). Shared by the tier path and the native API passthrough.
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'accept-encoding',
]);
