// Ledger throughput and read latency: rows/s through record()+recordRequest()+flush as the router records a
// request (its attempts, one in ten a failover, then its end), the CPU that costs per request, and queryUsage over
// 1,000,000 rows spread across a year (the dashboard's and `usage -d 30`'s worst realistic case).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestFinished } from '../src-shared/contract.ts';
import type { AttemptRecord } from '../src-main/core/common/attempt-record.ts';
import { openLedger } from '../src-main/core/ledger/ledger-writer.ts';
import { USAGE_DB_FILE } from '../src-main/core/ledger/schema.ts';
import { openUsageDatabase } from '../src-main/core/ledger/usage-database.ts';
import { queryUsage } from '../src-main/core/ledger/usage-queries.ts';

const VENDORS = ['zhipu', 'anthropic', 'copilot', 'kimi'] as const;
const MODELS = ['claude-sonnet-4-5', 'claude-opus-4-7', 'claude-haiku-4-5'] as const;

/** Attempt `index` of request `request`: a failed first tier when `failed`, else the answer. */
function attempt(request: number, index: number, failed: boolean, ts: string): AttemptRecord {
  return {
    ts,
    requestId: `req-${request}`,
    attempt: index,
    vendor: VENDORS[(request + index) % VENDORS.length] ?? 'zhipu',
    modelRequested: MODELS[request % MODELS.length] ?? 'claude-sonnet-4-5',
    modelServed: 'glm-5.1',
    inputTokens: 1200 + (request % 97),
    outputTokens: failed ? 0 : 300 + (request % 31),
    cacheCreationTokens: request % 5 === 0 ? 2048 : 0,
    cacheReadTokens: failed ? 0 : 40_000,
    durationMs: 900 + (request % 500),
    ttfbMs: failed ? null : 250 + (request % 100),
    stream: true,
    success: !failed,
    status: failed ? 529 : 200,
    errorClass: failed ? 'http_529:overloaded_error' : null,
    errorMessage: failed ? 'Overloaded' : null,
    failover: index > 0,
    failoverFrom: index > 0 ? 'zhipu' : null,
    upstreamRequestId: `msg_${request}`,
    sessionKey: `session-${request % 50}`,
    clientCategory: 'cc',
    skipped: [],
  };
}

function end(request: number, failedOver: boolean): RequestFinished {
  return {
    requestKey: `req-${request}`,
    servedBy: 'anthropic',
    success: true,
    failoverFrom: failedOver ? 'zhipu' : null,
    durationMs: 1000 + (request % 500),
    modelRequested: MODELS[request % MODELS.length] ?? 'claude-sonnet-4-5',
    modelServed: 'glm-5.1',
    tokens: 41_500,
    status: 200,
    stream: true,
    sessionKey: `session-${request % 50}`,
    clientCategory: 'cc',
    ttfbMs: 260,
    skipped: [],
    attempts: failedOver ? 2 : 1,
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
    // 1. Throughput through the public path, as the router records: attempts, the end, a flush every 256 rows.
    const requestCount = 45_000;
    const ledger = openLedger({ dataDir, onError: (message) => console.error(message) });
    const nowIso = new Date().toISOString();
    let recordCount = 0;
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    for (let request = 0; request < requestCount; request++) {
      const failedOver = request % 10 === 0;
      if (failedOver) ledger.record(attempt(request, 0, true, nowIso));
      ledger.record(attempt(request, failedOver ? 1 : 0, false, nowIso));
      ledger.recordRequest(end(request, failedOver));
      recordCount += failedOver ? 2 : 1;
      if (recordCount % 256 < (failedOver ? 2 : 1)) ledger.flush();
    }
    ledger.flush();
    const recordSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
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
        name: 'ledger CPU per request (its attempts, its end, their share of the flush)',
        value: Math.round(((cpu.user + cpu.system) / requestCount) * 10) / 10,
        unit: 'µs',
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
