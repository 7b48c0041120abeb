import type { AttemptRecord, AttemptSink } from '../common/attempt-record.ts';
import type { ClientRequest } from './client-request.ts';
import type { SkippedTier } from './final-error.ts';
import type { UsageAccumulator } from './usage-accumulator.ts';

/** Where one attempt sat in its request, for the ledger row. */
export interface AttemptPlace {
  request: ClientRequest;
  tierName: string;
  modelServed: string;
  /** 0-based position among the request's attempts. */
  index: number;
  startedAt: number;
  stream: boolean;
  /** The tier that failed just before this attempt, if any. */
  previous: string | null;
  skipped: readonly SkippedTier[];
}

/** Builds the usage ledger's rows for the attempts of a request, and records them without ever failing it. */
export class AttemptLedger {
  readonly #sink: AttemptSink | undefined;
  readonly #now: () => number;

  constructor(sink: AttemptSink | undefined, now: () => number) {
    this.#sink = sink;
    this.#now = now;
  }

  /** A failed-attempt row, to be completed with what happened. */
  row(place: AttemptPlace): AttemptRecord {
    const now = this.#now();
    return {
      ts: new Date(now).toISOString(),
      requestId: place.request.requestKey,
      attempt: place.index,
      vendor: place.tierName,
      modelRequested: place.request.body.model,
      modelServed: place.modelServed,
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationTokens: 0,
      cacheReadTokens: 0,
      durationMs: now - place.startedAt,
      ttfbMs: null,
      stream: place.stream,
      success: false,
      status: null,
      errorClass: null,
      errorMessage: null,
      failover: place.previous !== null,
      failoverFrom: place.previous,
      upstreamRequestId: null,
      sessionKey: place.request.sessionKey,
      clientCategory: 'cc',
      skipped: place.skipped.map(({ tier, reason }) => ({ tier, reason })),
      ...(place.request.sessionTitle !== undefined ? { sessionTitle: place.request.sessionTitle } : {}),
    };
  }

  record(record: AttemptRecord): void {
    try {
      this.#sink?.record(record);
    } catch (error) {
      // The ledger must never fail a user request.
      console.error('usage ledger: could not record an attempt:', (error as Error).message);
    }
  }
}

/** The token columns of a row, from what the answer reported. */
export function usageColumns(
  usage: UsageAccumulator,
): Pick<AttemptRecord, 'inputTokens' | 'outputTokens' | 'cacheCreationTokens' | 'cacheReadTokens'> {
  return { ...usage.totals };
}
