// What a passthrough call leaves behind: one ledger row (client category `api`, the usage read from the answer)
// and the `request-finished` announcement the request log, the Spend view and the Sessions split read.
import type { RequestFinished } from '../../../src-shared/contract.ts';
import type { AttemptRecord } from '../common/attempt-record.ts';
import type { NativeUsage } from './native-usage.ts';

/** How the call ended, over the defaults of a successful unstreamed call. */
export type PassthroughOutcome = Partial<AttemptRecord> & { success: boolean; status: number | null };

export interface PassthroughCall {
  requestKey: string;
  /** The ledger's vendor name of the provider family (`openai`, `gemini`, `anthropic`). */
  vendor: string;
  endpoint: string;
  operation: string;
  modelRequested: string;
}

export function passthroughAttempt(
  call: PassthroughCall,
  usage: NativeUsage,
  now: number,
  started: number,
  outcome: PassthroughOutcome,
): AttemptRecord {
  return {
    ts: new Date(now).toISOString(),
    requestId: call.requestKey,
    attempt: 0,
    vendor: call.vendor,
    modelRequested: call.modelRequested,
    modelServed: usage.model ?? call.modelRequested,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheCreationTokens: usage.cacheCreationTokens,
    cacheReadTokens: usage.cacheReadTokens,
    durationMs: now - started,
    ttfbMs: null,
    stream: false,
    errorClass: null,
    errorMessage: null,
    failover: false,
    failoverFrom: null,
    upstreamRequestId: usage.responseId ?? null,
    sessionKey: '',
    clientCategory: 'api',
    skipped: [],
    operation: call.operation,
    endpoint: call.endpoint,
    ...(Object.keys(usage.extra).length ? { extraUsage: { ...usage.extra } } : {}),
    ...outcome,
  };
}

/** The end of the call as the client saw it: `status` is what it got (the provider's, or 499/502/504 of ours). */
export function passthroughFinished(attempt: AttemptRecord, status: number): RequestFinished {
  const failed = !attempt.success && attempt.errorMessage !== null;
  return {
    requestKey: attempt.requestId,
    servedBy: attempt.success ? attempt.vendor : null,
    success: attempt.success,
    failoverFrom: null,
    durationMs: attempt.durationMs,
    modelRequested: attempt.modelRequested,
    modelServed: attempt.success ? attempt.modelServed : null,
    tokens:
      attempt.inputTokens + attempt.outputTokens + attempt.cacheCreationTokens + attempt.cacheReadTokens,
    status,
    ...(failed && attempt.errorClass ? { errorType: attempt.errorClass } : {}),
    ...(failed && attempt.errorMessage ? { errorMessage: attempt.errorMessage } : {}),
    stream: attempt.stream,
    sessionKey: '',
    clientCategory: 'api',
    ...(attempt.ttfbMs !== null ? { ttfbMs: attempt.ttfbMs } : {}),
    skipped: [],
    attempts: 1,
  };
}
