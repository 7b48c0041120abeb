// Opening `usage.db`: pragmas, migrations, and turning SQLite's failure codes into a sentence a user can act on.
//
// Durability: WAL with `synchronous=NORMAL`. A commit appends the transaction to the -wal file with write(2)
// before `COMMIT` returns, so the bytes are in the kernel's page cache: they survive `kill -9`, a crash or an
// OOM kill of this process (tested: ledger-durability.test.ts kills a writer with SIGKILL and finds every
// flushed row). What NORMAL gives up is the fsync per commit, so an OS crash or power loss can roll back the
// last commits (the file stays consistent; sqlite.org/pragma.html#pragma_synchronous, "WAL mode ... durable
// across application crashes regardless of the synchronous setting"). `FULL` would close that gap with one
// fsync per flush, but better-sqlite3 runs on the event loop, so every fsync (1-30 ms on laptops) would stall
// every stream the proxy is relaying. Losing a few usage rows on power loss is the better trade; callers that
// disagree pass `synchronous: 'FULL'`.
import { closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { makePrivateDataDir, makePrivateFile } from '../security/private-files.ts';
import { migrate } from './migrations.ts';

export type Db = Database.Database;

export interface OpenUsageDatabaseOptions {
  /** Fail instead of creating a new file (the CLI reports "nothing recorded yet" instead). */
  mustExist?: boolean;
  /** How long to wait for another connection's lock before giving up. */
  busyTimeoutMs?: number;
  synchronous?: 'NORMAL' | 'FULL';
}

export function openUsageDatabase(path: string, options: OpenUsageDatabaseOptions = {}): Db {
  // The ledger holds session ids, models and error text: created 0600 (SQLite gives its -wal and -shm files the
  // database's mode), and an older, looser file is tightened.
  if (!options.mustExist && !existsSync(path)) {
    try {
      closeSync(openSync(path, 'a', 0o600));
    } catch {
      // SQLite's own open below reports why the file cannot be created, in the words users get.
    }
  }
  makePrivateFile(path);
  const db = new Database(path, { fileMustExist: options.mustExist ?? false });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 2000))}`);
    // Reading the header here is what detects a corrupt or non-SQLite file.
    db.pragma('journal_mode = WAL');
    makePrivateFile(`${path}-wal`);
    makePrivateFile(`${path}-shm`);
    db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The data dir exists and only its owner can enter it (see security/private-files.ts). */
export function ensureDataDir(dataDir: string): void {
  makePrivateDataDir(dataDir);
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return '';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A sentence for the tray, the dashboard and the log: what is wrong, what it means, what to do. */
export function describeDatabaseError(
  error: unknown,
  path: string,
  consequence = 'usage is not being recorded',
): string {
  const code = errorCode(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return `${path} is not a SQLite database (file is corrupt): ${consequence}; move it aside and restart`;
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `${path} is locked by another process (is a second coding-proxy running?): ${consequence}; stop the other process and restart`;
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_PERM' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS'
  ) {
    return `${path} cannot be written (${errorText(error)}): ${consequence}; check the file's permissions`;
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return `the disk holding ${path} is full: ${consequence}; free some space`;
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOTDIR' || code === 'EEXIST') {
    return `${path} cannot be opened (${errorText(error)}): ${consequence}; check that its folder exists and is writable`;
  }
  return `${path} failed (${code ? `${code}: ` : ''}${errorText(error)}): ${consequence}`;
}

/** Transient: another writer holds the lock right now; the same rows can be retried on the next flush. */
export function isBusyError(error: unknown): boolean {
  const code = errorCode(error);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}
