// The usage ledger the router writes to. `record()` only pushes onto an in-memory queue; a timer flushes the
// queue in one transaction, so a request never waits on the disk and a burst of attempts costs one commit.
// Nothing here throws into the caller: a database that cannot be opened leaves the ledger "degraded" (with a
// `problem` sentence for the UI) and recording becomes a counted no-op; write failures go to `onError`.
import { join } from 'node:path';
import type { RequestFinished } from '../../../src-shared/contract.ts';
import type { AttemptRecord, AttemptSink } from '../common/attempt-record.ts';
import { type Queued, planBatch } from './ledger-batch.ts';
import { REQUEST_FROM_ATTEMPT_SQL, REQUEST_FROM_END_SQL } from './request-rows.ts';
import { INSERT_BY_POSITION_SQL, SESSION_SQL, usageValues } from './usage-rows.ts';
import { USAGE_DB_FILE } from './schema.ts';
import {
  type Db,
  describeDatabaseError,
  ensureDataDir,
  isBusyError,
  openUsageDatabase,
} from './usage-database.ts';
import {
  type DailySeriesOptions,
  type DailySeriesPoint,
  type FailoverCount,
  type FailoverQueryOptions,
  queryDailySeries,
  queryFailovers,
  queryUsage,
  queryWindowTotal,
  queryWindowUsage,
  type UsageQueryOptions,
  type UsageRow,
} from './usage-queries.ts';

export interface LedgerOptions {
  dataDir: string;
  /** Rows older than this are deleted at open and once a day. Default 365. */
  retentionDays?: number;
  now?: () => number;
  onError?: (message: string) => void;
  /** Delay between the first queued row and the flush. Default 20 ms. */
  flushDelayMs?: number;
  /** Rows kept while the file is locked by someone else; beyond this new rows are dropped (and counted). */
  maxQueuedRows?: number;
  busyTimeoutMs?: number;
  synchronous?: 'NORMAL' | 'FULL';
  /** Applied to `error_message` before it is stored (a vendor's error may quote the key it was sent). */
  redact?: (text: string) => string;
}

export interface Ledger extends AttemptSink {
  readonly path: string;
  /** Why usage is not being recorded; undefined when all is well. */
  readonly problem: string | undefined;
  /** Rows that were recorded but will never reach the file (degraded ledger, failed writes, full queue). */
  readonly droppedRows: number;
  readonly pendingRows: number;
  record(attempt: AttemptRecord): void;
  /**
   * The end of a client request as the client saw it (status, error); requests no tier tried exist only here.
   * `endedAt` (epoch ms) defaults to now: the router reports a request as it ends.
   */
  recordRequest(request: RequestFinished, endedAt?: number): void;
  /** Writes the queue now, in one transaction. Returns false when rows could not be written (yet). */
  flush(): boolean;
  /** Flushes, stops the timers and closes the file. Later `record()` calls are dropped. */
  close(): void;
  /** Deletes requests and attempts older than the retention period; returns how many attempt rows went. */
  pruneExpired(): number;
  /**
   * Runs a read against the file after flushing the queue; `empty` when the ledger is degraded or the read
   * fails (the failure goes to `onError`). For readers beyond the ones below (usage-reader.ts).
   */
  read<T>(query: (db: Db) => T, empty: T): T;
  // Reads flush first, so a row recorded a moment ago is visible. A degraded ledger answers with nothing.
  queryUsage(options: UsageQueryOptions): UsageRow[];
  queryFailovers(options?: FailoverQueryOptions): FailoverCount[];
  queryWindowTotal(vendor: string, hours: number): number;
  queryWindowUsage(vendor: string, hours: number): Array<{ at: number; tokens: number }>;
  queryDailySeries(options: DailySeriesOptions): DailySeriesPoint[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const IMMEDIATE_FLUSH_AT = 512;
const FLUSH_BUSY_TIMEOUT_MS = 50;

export function openLedger(options: LedgerOptions): Ledger {
  const path = join(options.dataDir, USAGE_DB_FILE);
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => {});
  const retentionDays = options.retentionDays ?? 365;
  const flushDelayMs = options.flushDelayMs ?? 20;
  const maxQueuedRows = options.maxQueuedRows ?? 10_000;
  const redact = options.redact ?? ((text: string) => text);

  let db: Db | null = null;
  let problem: string | undefined;
  try {
    ensureDataDir(options.dataDir);
    db = openUsageDatabase(path, { busyTimeoutMs: options.busyTimeoutMs, synchronous: options.synchronous });
    // Opening may wait for a lock; a flush must not, because it runs on the event loop that relays streams.
    // A busy flush keeps its rows and retries a second later.
    db.pragma(`busy_timeout = ${FLUSH_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    problem = describeDatabaseError(error, path);
    onError(problem);
  }

  const insert = db?.prepare(INSERT_BY_POSITION_SQL);
  const upsertFromAttempt = db?.prepare(REQUEST_FROM_ATTEMPT_SQL);
  const upsertFromEnd = db?.prepare(REQUEST_FROM_END_SQL);
  const upsertSession = db?.prepare(SESSION_SQL);
  const writeBatch = db?.transaction((items: readonly Queued[], stamp: number) => {
    const plan = planBatch(items, stamp, redact);
    for (const row of plan.usage) insert?.run(usageValues(row));
    for (const row of plan.sessions) upsertSession?.run(row);
    for (const row of plan.unfinished) upsertFromAttempt?.run(row);
    for (const row of plan.ends) upsertFromEnd?.run(row);
  });

  let queue: Queued[] = [];
  let droppedRows = 0;
  let closed = false;
  let timer:
    | { kind: 'timeout'; handle: NodeJS.Timeout }
    | { kind: 'immediate'; handle: NodeJS.Immediate }
    | null = null;
  let busyReported = false;

  const degrade = (error: unknown): void => {
    problem = describeDatabaseError(error, path);
    droppedRows += queue.length;
    queue = [];
    try {
      db?.close();
    } catch {
      // Already unusable; the problem sentence says so.
    }
    db = null;
  };

  const cancelTimer = (): void => {
    if (timer?.kind === 'timeout') clearTimeout(timer.handle);
    if (timer?.kind === 'immediate') clearImmediate(timer.handle);
    timer = null;
  };

  const schedule = (delayMs: number): void => {
    if (timer !== null || closed) return;
    timer =
      delayMs <= 0
        ? { kind: 'immediate', handle: setImmediate(runScheduledFlush) }
        : { kind: 'timeout', handle: setTimeout(runScheduledFlush, delayMs) };
  };

  function runScheduledFlush(): void {
    timer = null;
    flush();
  }

  function flush(): boolean {
    cancelTimer();
    if (!db || !writeBatch || queue.length === 0) return queue.length === 0;
    const batch = queue;
    try {
      writeBatch.immediate(batch, now());
      queue = [];
      busyReported = false;
      return true;
    } catch (error) {
      const message = describeDatabaseError(error, path);
      if (isBusyError(error)) {
        // Another process holds the write lock: keep the rows and try again shortly.
        if (!busyReported) onError(`${message} (will retry; ${queue.length} rows waiting)`);
        busyReported = true;
        schedule(1000);
        return false;
      }
      const code = (error as { code?: unknown }).code;
      if (code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) {
        degrade(error);
        onError(problem ?? message);
        return false;
      }
      droppedRows += batch.length;
      queue = [];
      onError(`${batch.length} usage rows were lost: ${message}`);
      return false;
    }
  }

  function pruneExpired(): number {
    if (!db) return 0;
    const cutoff = new Date(now() - retentionDays * DAY_MS).toISOString();
    try {
      const prune = db.transaction(() => {
        db?.prepare('DELETE FROM request_log WHERE ts < ?').run(cutoff);
        return db?.prepare('DELETE FROM usage_log WHERE ts < ?').run(cutoff).changes ?? 0;
      });
      return prune();
    } catch (error) {
      onError(`pruning old usage rows failed: ${describeDatabaseError(error, path)}`);
      return 0;
    }
  }

  pruneExpired();
  const retentionTimer = db ? setInterval(pruneExpired, DAY_MS) : null;
  retentionTimer?.unref();

  function enqueue(item: Queued): void {
    if (closed || !db) {
      droppedRows++;
      return;
    }
    if (queue.length >= maxQueuedRows) {
      droppedRows++;
      return;
    }
    queue.push(item);
    if (queue.length >= IMMEDIATE_FLUSH_AT) {
      cancelTimer();
      schedule(0);
    } else schedule(flushDelayMs);
  }

  const read = <T>(query: (db: Db) => T, empty: T): T => {
    flush();
    if (!db) return empty;
    try {
      return query(db);
    } catch (error) {
      onError(`reading usage failed: ${describeDatabaseError(error, path)}`);
      return empty;
    }
  };

  return {
    path,
    get problem() {
      return problem;
    },
    get droppedRows() {
      return droppedRows;
    },
    get pendingRows() {
      return queue.length;
    },
    record(attempt) {
      enqueue({ kind: 'attempt', attempt });
    },
    recordRequest(request, endedAt) {
      enqueue({ kind: 'request', request, at: endedAt ?? now() });
    },
    flush,
    close() {
      if (closed) return;
      flush();
      closed = true;
      cancelTimer();
      if (retentionTimer) clearInterval(retentionTimer);
      droppedRows += queue.length;
      queue = [];
      try {
        db?.close();
      } catch (error) {
        onError(`closing ${path} failed: ${describeDatabaseError(error, path)}`);
      }
      db = null;
    },
    pruneExpired,
    read,
    queryUsage: (queryOptions) => read((handle) => queryUsage(handle, { now: now(), ...queryOptions }), []),
    queryFailovers: (queryOptions) => read((handle) => queryFailovers(handle, queryOptions), []),
    queryWindowTotal: (vendor, hours) => read((handle) => queryWindowTotal(handle, vendor, hours, now()), 0),
    queryWindowUsage: (vendor, hours) => read((handle) => queryWindowUsage(handle, vendor, hours, now()), []),
    queryDailySeries: (queryOptions) =>
      read((handle) => queryDailySeries(handle, { now: now(), ...queryOptions }), []),
  };
}
