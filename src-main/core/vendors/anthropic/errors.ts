import type { UpstreamError, VendorVerdict } from '../../common/upstream-error.ts';
import { parseRetryAfterMs, retryDelayInWords } from '../../resilience/retry-after.ts';
import { errorTypeForStatus, statusForErrorType } from '../error-types.ts';
import { clientVisibleHeaders } from '../http-headers.ts';
import { errorEventInfo } from '../error-shapes.ts';
import type { SseFrame } from '../../sse/sse-frame.ts';
import type { StreamErrorInfo } from '../vendor-adapter.ts';
import { verdict as makeVerdict, verdictFromWords, verdictInStream } from '../vendor-verdict.ts';

interface LooseErrorBody {
  type?: unknown;
  message?: unknown;
  error?: { type?: unknown; message?: unknown; code?: unknown; details?: { error_code?: unknown } } | string;
}

/**
 * A Claude plan's 5-hour or weekly window is spent: `anthropic-ratelimit-unified-{5h,7d}-status: rejected` with
 * `-reset` in unix seconds (CPA helps/claude_ratelimit.go; vendors-protocols §7). Until the reset it is a quota.
 */
function planCapResetMs(headers: Record<string, string>, now: number): number | undefined | null {
  let rejected = headers['anthropic-ratelimit-unified-status'] === 'rejected';
  let latest: number | undefined;
  for (const window of ['5h', '7d']) {
    if (headers[`anthropic-ratelimit-unified-${window}-status`] !== 'rejected') continue;
    rejected = true;
    const reset = Number(headers[`anthropic-ratelimit-unified-${window}-reset`]) * 1000;
    if (Number.isFinite(reset) && reset > now) latest = Math.max(latest ?? 0, reset - now);
  }
  if (!rejected) return null;
  const overall = Number(headers['anthropic-ratelimit-unified-reset']) * 1000;
  if (latest === undefined && Number.isFinite(overall) && overall > now) latest = overall - now;
  return latest;
}

function anthropicVerdict(
  status: number,
  words: string,
  headers: Record<string, string>,
  now: number,
): { verdict: VendorVerdict | undefined; retryAfterMs?: number | undefined } {
  if (status === 429) {
    const cap = planCapResetMs(headers, now);
    if (cap !== null) return { verdict: makeVerdict('quota', 'plan usage window spent'), retryAfterMs: cap };
  }
  return { verdict: verdictFromWords(status, words) };
}

/**
 * Reads an error answer from an Anthropic-format vendor. A well-formed Anthropic error body is forwarded to the
 * client unchanged (Claude Code matches the wording to auto-recover); anything else (Zhipu's `{error:{code}}`,
 * plain text, HTML from a gateway) is wrapped into the Anthropic shape with the vendor's words kept.
 */
export function readAnthropicError(
  status: number,
  bodyText: string,
  headers: Record<string, string>,
  vendorName: string,
  now: number = Date.now(),
): UpstreamError {
  let parsed: LooseErrorBody | undefined;
  try {
    const value: unknown = JSON.parse(bodyText);
    if (value && typeof value === 'object') parsed = value as LooseErrorBody;
  } catch {
    parsed = undefined;
  }
  const inner = typeof parsed?.error === 'object' ? parsed.error : undefined;
  const vendorType = typeof inner?.type === 'string' ? inner.type : undefined;
  const vendorMessage =
    (typeof inner?.message === 'string' && inner.message) ||
    (typeof parsed?.error === 'string' && parsed.error) ||
    (typeof parsed?.message === 'string' && parsed.message) ||
    bodyText.replace(/\s+/g, ' ').trim().slice(0, 300) ||
    `HTTP ${status} with an empty body`;
  const type = vendorType ?? errorTypeForStatus(status);
  const wellFormed = parsed?.type === 'error' && vendorType !== undefined;
  const body = wellFormed
    ? bodyText
    : JSON.stringify({ type: 'error', error: { type, message: `${vendorName}: ${vendorMessage}` } });
  const code = inner ? `${String(inner.code ?? '')} ${String(inner.details?.error_code ?? '')}` : '';
  const judged = anthropicVerdict(status, `${type} ${code} ${vendorMessage}`, headers, now);
  const error: UpstreamError = {
    kind: 'http',
    status,
    type,
    message: vendorMessage,
    retryAfterMs: judged.retryAfterMs ?? parseRetryAfterMs(headers, now),
    body,
    headers: clientVisibleHeaders(headers),
  };
  if (judged.verdict) error.verdict = judged.verdict;
  return error;
}

/**
 * An error inside an Anthropic-format stream. Some compatible vendors send it without the `event: error` line,
 * as a bare `data: {"type":"error",…}`.
 */
export function readAnthropicWireEventError(frame: SseFrame): StreamErrorInfo | undefined {
  if (frame.event !== 'error' && !(frame.event === '' && frame.data.includes('"type":"error"')))
    return undefined;
  const info = errorEventInfo(frame);
  // Judged as the same error on the status its type comes with: `rate_limit_error` is a throttle, `overloaded_error`
  // the tier's trouble (no verdict), and a spent balance — Zhipu's 1113, MiniMax's "insufficient balance (1008)"
  // under `api_error` — a quota.
  const verdict = verdictInStream(statusForErrorType(info.type), `${info.type ?? ''} ${info.message}`);
  if (!verdict) return info;
  // No headers inside a stream: a wait the vendor states in its words is the only retry-after there is.
  const retryAfterMs = retryDelayInWords(info.message);
  return retryAfterMs === undefined ? { ...info, verdict } : { ...info, verdict, retryAfterMs };
}
