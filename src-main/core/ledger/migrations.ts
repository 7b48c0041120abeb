// Versioned, idempotent migrations keyed on `PRAGMA user_version`. Each step runs in its own transaction and
// bumps the version inside it, so a crash mid-way leaves the file at the last completed version.
// Version 0 is "no version recorded": a new file, or one written by the original Python coding-proxy (which
// never set user_version). Steps therefore add what is missing instead of assuming a blank file.
import type Database from 'better-sqlite3';
import {
  createV1TableSql,
  SCHEMA_VERSION,
  V1_COLUMNS,
  V2_COLUMNS,
  V2_INDEXES,
  V3_COVER_INDEX,
  V3_TABLES,
  V4_BACKFILL,
  V4_INDEXES,
  V4_REQUEST_TABLE,
  V5_INDEXES,
} from './schema.ts';

type Db = Database.Database;

interface Migration {
  version: number;
  describe: string;
  up(db: Db): void;
}

function columnNames(db: Db): Set<string> {
  const rows = db.prepare('PRAGMA table_info(usage_log)').all() as Array<{ name: string }>;
  return new Set(rows.map((row) => row.name));
}

function addMissingColumns(db: Db, columns: ReadonlyArray<{ name: string; definition: string }>): void {
  const existing = columnNames(db);
  for (const column of columns) {
    if (existing.has(column.name)) continue;
    // SQLite refuses ADD COLUMN with a non-constant default; ts (the only one) exists in every version.
    const definition = column.definition.includes('strftime')
      ? "TEXT NOT NULL DEFAULT ''"
      : column.definition;
    db.exec(`ALTER TABLE usage_log ADD COLUMN ${column.name} ${definition}`);
  }
}

/** Version 3's pieces, each only when missing (also run by version 5). */
function ensureSessionTables(db: Db): void {
  for (const sql of V3_TABLES) db.exec(sql);
  const covered = db.prepare('PRAGMA index_info(usage_log_ts_cover)').all() as Array<{ name: string }>;
  if (!covered.some((column) => column.name === 'client_category')) {
    db.exec('DROP INDEX IF EXISTS usage_log_ts_cover');
    db.exec(V3_COVER_INDEX);
  }
}

/** Version 4's table and indexes (also run by version 5); the backfill is version 4's alone. */
function ensureRequestLog(db: Db): void {
  db.exec(V4_REQUEST_TABLE);
  for (const sql of V4_INDEXES) db.exec(sql);
}

export const MIGRATIONS: ReadonlyArray<Migration> = [
  {
    version: 1,
    describe: "usage_log with the original coding-proxy's columns",
    up(db) {
      db.exec(createV1TableSql());
      // Files from before the original's v0.3 called the vendor column `backend`.
      const existing = columnNames(db);
      if (existing.has('backend') && !existing.has('vendor')) {
        db.exec('ALTER TABLE usage_log RENAME COLUMN backend TO vendor');
      }
      addMissingColumns(db, V1_COLUMNS);
    },
  },
  {
    version: 2,
    describe:
      'per-attempt columns (request_key, attempt, ttfb_ms, stream, status, error_*, skipped_json) + indexes',
    up(db) {
      addMissingColumns(db, V2_COLUMNS);
      for (const sql of V2_INDEXES) db.exec(sql);
    },
  },
  {
    version: 3,
    describe: 'session titles (session_info), client category in the covering index',
    up: ensureSessionTables,
  },
  {
    version: 4,
    describe:
      'request_log: one row per client request, with the status the client got; backfilled from attempts',
    up(db) {
      ensureRequestLog(db);
      db.exec(V4_BACKFILL);
    },
  },
  {
    version: 5,
    describe: "versions 3 and 4 ensured (a file could reach 4 without 3), request_log's session index",
    up(db) {
      ensureSessionTables(db);
      ensureRequestLog(db);
      for (const sql of V5_INDEXES) db.exec(sql);
    },
  },
];

export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings the file up to `SCHEMA_VERSION`. A file from a NEWER app (higher version) is left alone: later
 * versions only add columns and indexes, so this version's reads and inserts still work on it.
 */
export function migrate(db: Db): { from: number; to: number } {
  const from = schemaVersion(db);
  for (const migration of MIGRATIONS) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: Math.max(from, SCHEMA_VERSION) };
}
