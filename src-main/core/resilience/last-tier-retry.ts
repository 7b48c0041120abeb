// Retrying the last line of defence. When the only tier left to try answers a transient error before any
// content (429 with no or a short retry-after, 503, 529, an overloaded stream error, a connection reset),
// the request is tried there again after an exponentially growing, fully jittered wait, within the vendor's
// budget (`retry: { maxAttempts, maxWaitMs }`), before the client hears the error. A retry-after is honoured
// when it fits in what is left of the budget; one that does not is a reason to stop, not to wait.
import type { RetryConfig } from '../../../src-shared/config-schema.ts';
import type { UpstreamError } from '../common/upstream-error.ts';

export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 8000;

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TRANSIENT_STATUSES = new Set([429, 503, 529]);
const TRANSIENT_STREAM_TYPES = new Set(['overloaded_error', 'rate_limit_error']);
/** A usage cap is not going away in seconds: no retry unless the vendor names a short wait itself. */
const CAP_WORDS = ['quota', 'usage cap', 'limit exceeded'];

export function isTransient(error: UpstreamError): boolean {
  switch (error.kind) {
    case 'http': {
      if (!TRANSIENT_STATUSES.has(error.status) || error.signInNeeded) return false;
      const capped = CAP_WORDS.some((word) => error.message.toLowerCase().includes(word));
      return !capped || error.retryAfterMs !== undefined;
    }
    case 'network':
      return RESET_CODES.has(error.code);
    case 'stream':
      if (error.afterContent) return false;
      // The vendor's verdict on the error it streamed: a throttle passes, a spent quota only when it named a wait.
      if (error.verdict) {
        if (error.verdict.kind === 'quota') return error.retryAfterMs !== undefined;
        return error.verdict.kind === 'rate-limit';
      }
      return error.type !== undefined && TRANSIENT_STREAM_TYPES.has(error.type);
    default:
      return false;
  }
}

export interface RetryState {
  /** Retries made so far (0 before the first). */
  retries: number;
  /** Time already spent waiting between tries. */
  waitedMs: number;
}

/**
 * How long to wait before retrying after `error`, or undefined to give up (not transient, attempts spent,
 * the wait would overrun the budget). `random` returns [0, 1) (tests pass a fixed one).
 */
export function retryDelay(
  error: UpstreamError,
  budget: RetryConfig,
  state: RetryState,
  random: () => number = Math.random,
): number | undefined {
  if (!isTransient(error) || state.retries >= budget.maxAttempts) return undefined;
  const left = budget.maxWaitMs - state.waitedMs;
  const asked = error.kind === 'http' || error.kind === 'stream' ? error.retryAfterMs : undefined;
  if (asked !== undefined) return asked <= left ? Math.max(0, Math.ceil(asked)) : undefined;
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** state.retries);
  // Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"), never below a tenth of the step.
  const delay = Math.round(ceiling * (0.1 + 0.9 * random()));
  return delay <= left ? delay : left > 0 ? left : undefined;
}
