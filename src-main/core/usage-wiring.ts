// Where a running core's attempts and request ends go: the SQLite usage ledger — opened, priced and used to seed
// the quota windows the same way for every host — or a sink the caller brings (tests, the bench). Either way every
// attempt is also a debug line of the log file, and no secret an upstream error quoted is stored.
import type { ProxyConfig } from '../../src-shared/config-schema.ts';
import type { RequestFinished } from '../../src-shared/contract.ts';
import type { AttemptSink } from './common/attempt-record.ts';
import type { UsageReader } from './core-context.ts';
import { openLedger } from './ledger/ledger-writer.ts';
import { createPricingTable } from './ledger/pricing.ts';
import { createLedgerUsageReader } from './ledger/usage-reader.ts';
import { describeAttempt } from './logging/core-log.ts';
import type { LogFile } from './logging/log-file.ts';
import { seedQuotaBaselines } from './router/quota-baseline.ts';
import type { TierChain } from './router/tier-chain.ts';
import type { Redactor } from './security/redactor.ts';

/**
 * An attempt sink that may also hear the end of every client request (what the client got), including requests
 * no tier tried, and may have a problem to report and something to close.
 */
export type CoreSink = AttemptSink & {
  recordRequest?(request: RequestFinished): void;
  problem?: string | undefined;
  close?(): void | Promise<void>;
};

export interface UsageWiring {
  sink?: CoreSink;
  reader?: UsageReader;
  /** Seeds the chain's quota windows from what was recorded before this start. */
  seed?(chain: TierChain): void;
  close(): Promise<void>;
}

/** A sink (and its reader) that the caller opened and owns the contents of; closed with the core. */
export function callerUsage(sink: CoreSink | undefined, reader: UsageReader | undefined): UsageWiring {
  return {
    ...(sink ? { sink } : {}),
    ...(reader ? { reader } : {}),
    async close() {
      await sink?.close?.();
    },
  };
}

/** The SQLite ledger in `dataDir` (when `config.ledger.enabled`), with the same pricing and seeding for every host. */
export function openUsage(
  config: ProxyConfig,
  dataDir: string,
  log: (line: string) => void,
  redactor: Pick<Redactor, 'redact'>,
): UsageWiring {
  if (!config.ledger.enabled) return { close: async () => undefined };
  const ledger = openLedger({
    dataDir,
    retentionDays: config.ledger.retentionDays,
    onError: (message) => log(`usage ledger: ${redactor.redact(message)}`),
    redact: (text) => redactor.redact(text),
  });
  if (ledger.problem) log(`warning: ${ledger.problem}`);
  const pricing = createPricingTable(config.pricing);
  const reader = createLedgerUsageReader(ledger, {
    pricing: () => pricing,
    vendorKind: (name) => config.vendors.find((vendor) => vendor.name === name)?.kind,
  });
  return {
    sink: ledger,
    reader,
    seed(chain) {
      if (!ledger.problem) seedQuotaBaselines(chain, ledger);
    },
    async close() {
      ledger.close();
    },
  };
}

/** The ledger (or a caller's sink) never stores a secret an upstream error quoted. */
export function redactingSink(sink: AttemptSink, redactor: Pick<Redactor, 'redact'>): AttemptSink {
  return {
    record: (attempt) =>
      sink.record(
        attempt.errorMessage ? { ...attempt, errorMessage: redactor.redact(attempt.errorMessage) } : attempt,
      ),
  };
}

/** Every attempt also becomes one debug line of the log (which tier, outcome, tiers skipped and why). */
export function withAttemptLog(usage: UsageWiring, logs: LogFile): UsageWiring {
  const { sink } = usage;
  if (!sink) return usage;
  return {
    ...usage,
    sink: {
      get problem() {
        return sink.problem;
      },
      record(attempt) {
        if (logs.enabled('debug')) logs.write('debug', describeAttempt(attempt));
        sink.record(attempt);
      },
      // The request log's half: without it, requests no tier took (and what every client got) were never kept.
      ...(sink.recordRequest ? { recordRequest: (request) => sink.recordRequest?.(request) } : {}),
      ...(sink.close ? { close: () => sink.close?.() } : {}),
    },
  };
}
