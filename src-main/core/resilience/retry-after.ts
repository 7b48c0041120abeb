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

const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};

/** Go / protobuf durations: "34.4s", "479.417207ms", "2h3m4.5s". */
export function parseGoDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(text); match; match = part.exec(text)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] ?? 0);
    consumed = part.lastIndex;
  }
  return consumed === text.length && consumed > 0 ? Math.ceil(total) : undefined;
}

/**
 * A delay a vendor states in the words of its error, where no header can carry it (an error inside a 200 stream):
 * OpenAI's "Please try again in 20s" / "in 1.898s" / "in 6m0s" (openai/codex codex-rs sse/responses.rs reads the
 * same phrase from `response.failed`), or "retry in 42 seconds" (Gemini's wording in its message).
 */
export function retryDelayInWords(text: string): number | undefined {
  const duration = /(?:try again|retry) in\s+((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)(?![a-z])/i.exec(text);
  if (duration) return parseGoDurationMs(duration[1]);
  const seconds = /(?:try again|retry) in\s+(\d+(?:\.\d+)?) ?sec(?:ond)?s?\b/i.exec(text);
  return seconds ? Math.ceil(Number(seconds[1]) * 1000) : undefined;
}
