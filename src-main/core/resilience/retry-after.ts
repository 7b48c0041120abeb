// When a vendor says "come back later", how much later, in ms. Sources: `retry-after` (seconds or HTTP date),
// `retry-after-ms`, and Anthropic's `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset`
// (RFC 3339). The largest future signal wins; past or unparseable values are ignored. Header names match in any
// case (undici lower-cases them; fixtures and hand-built maps may not). The one parser every vendor kind uses.

const RESET_HEADERS = [
  'anthropic-ratelimit-requests-reset',
  'anthropic-ratelimit-tokens-reset',
  'anthropic-ratelimit-input-tokens-reset',
  'anthropic-ratelimit-output-tokens-reset',
];

export function parseRetryAfterMs(
  headers: Record<string, string | undefined>,
  now: number = Date.now(),
): number | undefined {
  headers = lowerCased(headers);
  const candidates: number[] = [];
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) candidates.push(Number(ms));
  const retryAfter = headers['retry-after']?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) candidates.push(Number(retryAfter) * 1000);
    else {
      const date = Date.parse(retryAfter);
      if (!Number.isNaN(date)) candidates.push(date - now);
    }
  }
  for (const name of RESET_HEADERS) {
    const value = headers[name];
    if (!value) continue;
    const at = Date.parse(value);
    if (!Number.isNaN(at)) candidates.push(at - now);
  }
  const future = candidates.filter((value) => Number.isFinite(value) && value > 0);
  return future.length > 0 ? Math.ceil(Math.max(...future)) : undefined;
}

function lowerCased(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  const names = Object.keys(headers);
  if (names.every((name) => name === name.toLowerCase())) return headers;
  const out: Record<string, string | undefined> = {};
  for (const name of names) out[name.toLowerCase()] = headers[name];
  return out;
}
