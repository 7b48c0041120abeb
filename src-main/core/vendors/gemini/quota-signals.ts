// Google's 429 RESOURCE_EXHAUSTED means four different things, and each needs another reaction:
// - Gemini API, QuotaFailure `…PerMinute…`: a throttle for seconds (RetryInfo says how long) → rate limit.
// - Gemini API, QuotaFailure `…PerDay…`: the day's requests are gone until midnight Pacific → quota.
//   (vercel/ai packages/google/src/__fixtures__/google-429-retry-info.json; ai.google.dev rate-limits page)
// - Antigravity, ErrorInfo `QUOTA_EXHAUSTED` (+ metadata.quotaResetDelay / quotaResetTimeStamp) → quota;
//   `RATE_LIMIT_EXCEEDED` → rate limit, unless the reset is minutes away, which is a quota in all but name
//   (router-for-me/CLIProxyAPI internal/runtime/executor/antigravity_executor_credits.go @a7e3596).
// - Antigravity, no details ("Resource has been exhausted (e.g. check quota).") → a soft rate limit: CPA treats it
//   so, and it is what the Agent SDK fingerprint filter answers (CPA #5037) — never a quota.
import type { VendorVerdict } from '../../common/upstream-error.ts';
import { parseGoDurationMs } from '../../resilience/retry-after.ts';
import { verdict } from '../vendor-verdict.ts';

export { parseGoDurationMs };
import type { GeminiErrorObject } from './gemini-types.ts';

/** A RATE_LIMIT_EXCEEDED whose reset is at least this far is treated as an exhausted quota (CPA's threshold). */
const QUOTA_LIKE_RESET_MS = 5 * 60_000;

function details(error: GeminiErrorObject, type: string): Array<Record<string, unknown>> {
  return (Array.isArray(error.details) ? error.details : []).filter(
    (detail): detail is Record<string, unknown> =>
      typeof detail === 'object' &&
      detail !== null &&
      String((detail as { '@type'?: unknown })['@type']).endsWith(type),
  );
}

/** Milliseconds until the next midnight in America/Los_Angeles, when Gemini's per-day quotas reset. */
export function untilPacificMidnightMs(now: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    hourCycle: 'h23',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(now));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const elapsed = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + (now % 1000);
  return 24 * 3_600_000 - elapsed;
}

/** The reset Google announces inside the error: ErrorInfo metadata or "…reset after 1h2m3s" in the message. */
function announcedResetMs(error: GeminiErrorObject, now: number): number | undefined {
  for (const info of details(error, 'google.rpc.ErrorInfo')) {
    const metadata = (info.metadata ?? {}) as Record<string, unknown>;
    const delay = parseGoDurationMs(metadata.quotaResetDelay);
    if (delay !== undefined) return delay;
    const at =
      typeof metadata.quotaResetTimeStamp === 'string' ? Date.parse(metadata.quotaResetTimeStamp) : NaN;
    if (Number.isFinite(at) && at > now) return at - now;
  }
  const phrase = /reset after\s+((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)/i.exec(String(error.message ?? ''));
  return phrase ? parseGoDurationMs(phrase[1]) : undefined;
}

/** Quota or throttle, and until when, for a 429 (RESOURCE_EXHAUSTED) from Gemini or Antigravity. */
export function resourceExhaustedVerdict(
  error: GeminiErrorObject,
  retryAfterMs: number | undefined,
  now: number,
): { verdict: VendorVerdict; retryAfterMs: number | undefined } {
  const reset = retryAfterMs ?? announcedResetMs(error, now);
  const reasons = details(error, 'google.rpc.ErrorInfo').map((info) => String(info.reason ?? ''));
  if (reasons.includes('QUOTA_EXHAUSTED')) {
    return { verdict: verdict('quota', 'quota exhausted (QUOTA_EXHAUSTED)'), retryAfterMs: reset };
  }
  if (reasons.includes('RATE_LIMIT_EXCEEDED')) {
    const quotaLike = reset !== undefined && reset >= QUOTA_LIKE_RESET_MS;
    return quotaLike
      ? { verdict: verdict('quota', 'capacity used up until the reset'), retryAfterMs: reset }
      : { verdict: verdict('rate-limit', 'rate limited (RATE_LIMIT_EXCEEDED)'), retryAfterMs: reset };
  }
  const quotaIds = details(error, 'google.rpc.QuotaFailure').flatMap((failure) =>
    (Array.isArray(failure.violations) ? failure.violations : []).map((violation) =>
      String((violation as { quotaId?: unknown } | null)?.quotaId ?? ''),
    ),
  );
  if (quotaIds.some((id) => /PerDay/i.test(id))) {
    // A per-day cap lifts at midnight Pacific; the RetryInfo Google adds only says when to ask again.
    return {
      verdict: verdict('quota', 'daily quota used up'),
      retryAfterMs: Math.max(reset ?? 0, untilPacificMidnightMs(now)),
    };
  }
  if (/quota[_ ]exhausted/i.test(String(error.message ?? ''))) {
    return { verdict: verdict('quota', 'quota exhausted'), retryAfterMs: reset };
  }
  return {
    verdict: verdict('rate-limit', quotaIds.length ? 'per-minute limit' : 'rate limited'),
    retryAfterMs: reset,
  };
}
