// Upstream failures as data. The failover predicate, the breaker, the ledger and the UI all read this union;
// nobody else compares error message strings.

/**
 * What a vendor's own error reader (vendors/<kind>/errors.ts) recognised in an answer whose HTTP status alone
 * would mislead the failover predicate:
 * - `cannot-serve`: this tier cannot take this particular request (model not offered, wrong API for the model,
 *   prompt longer than its window, input it does not accept). Another tier can: fail over, no breaker penalty.
 * - `quota`: the account's allowance is used up until `retryAfterMs` (or an unknown reset): quota exhausted.
 * - `rate-limit`: a short throttle: the breaker opens for `retryAfterMs`, quotas are untouched.
 * - `outdated-client`: the vendor refuses the client version we announce: fail over, penalised, and the
 *   message says what to update.
 */
export interface VendorVerdict {
  kind: 'cannot-serve' | 'quota' | 'rate-limit' | 'outdated-client';
  /** A few words for the attempt timeline, e.g. "model not offered", "prompt too long for this tier". */
  reason: string;
  /**
   * `cannot-serve` because the prompt exceeds this tier's window: when no tier could serve, the client should get
   * this answer (Claude Code compacts the conversation on "prompt is too long").
   */
  promptTooLong?: true;
}

export type UpstreamError =
  | {
      kind: 'http';
      status: number;
      /** Anthropic-style error type when the vendor gave one (or we mapped one). */
      type: string | undefined;
      message: string;
      /** Milliseconds until the vendor says it will accept requests again (retry-after / reset headers). */
      retryAfterMs: number | undefined;
      /** The vendor's body, already in Anthropic error shape, to hand to the client unchanged. */
      body: string;
      /** Headers worth forwarding to the client (retry-after, x-should-retry, anthropic-ratelimit-*). */
      headers: Record<string, string>;
      /** The vendor's credentials were rejected (or need a new sign-in): surfaced on the tier, not retried. */
      signInNeeded?: boolean;
      verdict?: VendorVerdict;
    }
  | { kind: 'network'; code: string; message: string }
  | { kind: 'timeout'; phase: 'connect' | 'first-byte' | 'idle'; message: string }
  | {
      kind: 'stream';
      afterContent: boolean;
      type: string | undefined;
      message: string;
      /** The vendor's reading of an error it sent inside a 200 stream: the same verdict as on an HTTP status. */
      verdict?: VendorVerdict;
      /** The reset or retry delay the vendor stated inside that error (Google RetryInfo, "try again in 20s"). */
      retryAfterMs?: number;
    }
  | { kind: 'auth'; message: string; signInNeeded: boolean };

export function describeUpstreamError(error: UpstreamError): string {
  switch (error.kind) {
    case 'http':
      return withVerdict(
        error.verdict,
        `HTTP ${error.status}${error.type ? ` ${error.type}` : ''}: ${error.message}`,
      );
    case 'network':
      return `network error ${error.code}: ${error.message}`;
    case 'timeout':
      return `timeout (${error.phase}): ${error.message}`;
    case 'stream':
      return withVerdict(
        error.verdict,
        `stream ${error.afterContent ? 'broke after content' : 'failed before content'}: ${error.message}`,
      );
    case 'auth':
      return `credentials: ${error.message}`;
  }
}

/** The vendor's verdict leads, worded the same whether the error came on a status or inside a stream. */
function withVerdict(verdict: VendorVerdict | undefined, described: string): string {
  if (verdict?.kind === 'cannot-serve') return `cannot serve this request (${verdict.reason}): ${described}`;
  return verdict ? `${verdict.reason}: ${described}` : described;
}

/** The vendor's own verdict on a failure, wherever it arrived (an HTTP status or an error inside a stream). */
export function vendorVerdictOf(
  error: UpstreamError,
): { verdict: VendorVerdict; retryAfterMs: number | undefined } | undefined {
  if ((error.kind !== 'http' && error.kind !== 'stream') || !error.verdict) return undefined;
  return { verdict: error.verdict, retryAfterMs: error.retryAfterMs };
}

/** Short class name stored in the ledger's `error` column. */
export function errorClass(error: UpstreamError): string {
  switch (error.kind) {
    case 'http':
      return error.type ? `http_${error.status}:${error.type}` : `http_${error.status}`;
    case 'network':
      return `network:${error.code}`;
    case 'timeout':
      return `timeout:${error.phase}`;
    case 'stream':
      return error.type ? `stream:${error.type}` : 'stream';
    case 'auth':
      return error.signInNeeded ? 'auth:sign_in_needed' : 'auth';
  }
}

/** Vendors and credential helpers throw `UpstreamError` data; anything else thrown is an exception. */
export function isUpstreamError(value: unknown): value is UpstreamError {
  return typeof value === 'object' && value !== null && 'kind' in value && typeof value.kind === 'string';
}
