// Ledger throughput and read latency: rows/s through record()+flush (the router's path), and queryUsage over
// 1,000,000 rows spread across a year (the dashboard's and `usage -d 30`'s worst realistic case).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttemptRecord } from '../src-main/core/common/attempt-record.ts';
import { openLedger } from '../src-main/core/ledger/ledger-writer.ts';
import { USAGE_DB_FILE } from '../src-main/core/ledger/schema.ts';
import { openUsageDatabase } from '../src-main/core/ledger/usage-database.ts';
import { queryUsage } from '../src-main/core/ledger/usage-queries.ts';

const VENDORS = ['zhipu', 'anthropic', 'copilot', 'kimi'] as const;
const MODELS = ['claude-sonnet-4-5', 'claude-opus-4-7', 'claude-haiku-4-5'] as const;

function attempt(index: number, ts: string): AttemptRecord {
  const success = index % 10 !== 0;
  return {
    ts,
    requestId: `req-${index >> 1}`,
    attempt: index % 2,
    vendor: VENDORS[index % VENDORS.length] ?? 'zhipu',
    modelRequested: MODELS[index % MODELS.length] ?? 'claude-sonnet-4-5',
    modelServed: 'glm-5.1',
    inputTokens: 1200 + (index % 97),
    outputTokens: 300 + (index % 31),
    cacheCreationTokens: index % 5 === 0 ? 2048 : 0,
    cacheReadTokens: 40_000,
    durationMs: 900 + (index % 500),
    ttfbMs: 250 + (index % 100),
    stream: true,
    success,
    status: success ? 200 : 529,
    errorClass: success ? null : 'http_529:overloaded_error',
    errorMessage: success ? null : 'Overloaded',
    failover: index % 2 === 1,
    failoverFrom: index % 2 === 1 ? 'zhipu' : null,
    upstreamRequestId: `msg_${index}`,
    sessionKey: `session-${index % 50}`,
    clientCategory: 'cc',
    skipped: [],
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function benchLedger(): Promise<
  Array<{ name: string; value: number; unit: string; target?: string }>
> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    // 1. Throughput through the public path: record() then flush(), in batches as a busy proxy would.
    const recordCount = 50_000;
    const ledger = openLedger({ dataDir, onError: (message) => console.error(message) });
    const nowIso = new Date().toISOString();
    const started = performance.now();
    for (let index = 0; index < recordCount; index++) {
      ledger.record(attempt(index, nowIso));
      if (index % 256 === 255) ledger.flush();
    }
    ledger.flush();
    const recordSeconds = (performance.now() - started) / 1000;
    ledger.close();

    // 2. One million rows over the past year, inserted in one transaction, then the usage queries.
    const db = openUsageDatabase(join(dataDir, USAGE_DB_FILE));
    const insert = db.prepare(`INSERT INTO usage_log (ts, vendor, model_requested, model_served, input_tokens,
      output_tokens, cache_creation_tokens, cache_read_tokens, duration_ms, success, failover, failover_from,
      request_key, attempt, ttfb_ms, stream) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`);
    const rows = 1_000_000;
    const now = Date.now();
    const yearMs = 365 * 24 * 60 * 60 * 1000;
    const fillStarted = performance.now();
    db.transaction(() => {
      for (let index = 0; index < rows; index++) {
        const ts = new Date(now - yearMs + Math.floor((index / rows) * yearMs)).toISOString();
        insert.run(
          ts,
          VENDORS[index % VENDORS.length],
          MODELS[index % MODELS.length],
          'glm-5.1',
          1200,
          300,
          index % 5 === 0 ? 2048 : 0,
          40_000,
          1000,
          index % 10 === 0 ? 0 : 1,
          index % 2,
          index % 2 ? 'zhipu' : null,
          `req-${index >> 1}`,
          index % 2,
          300,
        );
      }
    })();
    const fillSeconds = (performance.now() - fillStarted) / 1000;

    const time = (run: () => unknown): number => {
      const samples: number[] = [];
      for (let round = 0; round < 5; round++) {
        const t0 = performance.now();
        run();
        samples.push(performance.now() - t0);
      }
      return median(samples);
    };
    const day7 = time(() => queryUsage(db, { period: 'day', count: 7, now }));
    const day30 = time(() => queryUsage(db, { period: 'day', count: 30, now }));
    const month12 = time(() => queryUsage(db, { period: 'month', count: 12, now }));
    const total = time(() => queryUsage(db, { period: 'total', count: 1, now }));
    db.close();

    return [
      {
        name: 'ledger record()+flush throughput',
        value: Math.round(recordCount / recordSeconds),
        unit: 'rows/s',
        target: '>= 20000',
      },
      {
        name: 'ledger bulk insert (1M rows, one transaction)',
        value: Math.round(rows / fillSeconds),
        unit: 'rows/s',
      },
      {
        name: 'queryUsage day×7 over 1M rows',
        value: Math.round(day7 * 10) / 10,
        unit: 'ms',
        target: '< 200',
      },
      {
        name: 'queryUsage day×30 over 1M rows',
        value: Math.round(day30 * 10) / 10,
        unit: 'ms',
        target: '< 500',
      },
      {
        name: 'queryUsage month×12 over 1M rows (every row)',
        value: Math.round(month12),
        unit: 'ms',
        target: '< 3000',
      },
      { name: 'queryUsage total over 1M rows', value: Math.round(total), unit: 'ms', target: '< 3000' },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  for (const result of await benchLedger()) {
    console.log(
      `${result.name}: ${result.value} ${result.unit}${result.target ? ` (target ${result.target})` : ''}`,
    );
  }
}
