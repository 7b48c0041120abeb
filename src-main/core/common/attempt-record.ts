// One row of the usage ledger: the outcome of one attempt at one tier for one client request.
// A request served at tier 3 produces three records: two failed attempts (failover = the next tier took over)
// and one success. Skipped tiers (breaker open, quota) are in `skipped` of the final record only.

export interface AttemptRecord {
  /** ISO-8601 UTC, when the attempt ended. */
  ts: string;
  /** Client request id (one per /v1/messages call), shared by all attempts of that request. */
  requestId: string;
  /** 0-based position of this attempt within the request. */
  attempt: number;
  vendor: string;
  modelRequested: string;
  modelServed: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  durationMs: number;
  /** Time to the first upstream byte (headers) in ms; null when none arrived. */
  ttfbMs: number | null;
  stream: boolean;
  success: boolean;
  /** HTTP status returned by the vendor, or null (network error, timeout). */
  status: number | null;
  /** `errorClass()` of the failure, or null on success. */
  errorClass: string | null;
  errorMessage: string | null;
  /** This attempt was served after earlier tiers failed in the same request. */
  failover: boolean;
  /** The tier that failed just before this one, when `failover`. */
  failoverFrom: string | null;
  /** The upstream message id (`msg_…`). */
  upstreamRequestId: string | null;
  sessionKey: string;
  clientCategory: 'cc' | 'api';
  /** Tiers passed over before this attempt and why, e.g. `[{"tier":"a","reason":"breaker open"}]`. */
  skipped: Array<{ tier: string; reason: string }>;
  // ---- issue 15: API passthrough rows and session titles ----
  /** Passthrough: what the call did (`chat`, `embedding`, `generate_content`…); absent for /v1/messages. */
  operation?: string;
  /** Passthrough: the upstream path, e.g. `/v1/chat/completions`. */
  endpoint?: string;
  /** Counters without a column of their own (reasoning, thoughts…) and, on failure, why. */
  extraUsage?: Record<string, number | string>;
  /** The session's title (first real user message) when this request showed it; '' when it had none. */
  sessionTitle?: string;
}

export interface AttemptSink {
  record(attempt: AttemptRecord): void;
}
