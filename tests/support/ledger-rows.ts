// Reads `usage.db` of a running proxy with a second SQLite connection, as `coding-proxy usage` does: the rows
// the ledger really wrote, waiting (without a fixed sleep) for its batched flush.
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type LedgerRow = Record<string, string | number | null>;

export async function waitForLedgerRows(
  dataDir: string,
  where: string,
  params: ReadonlyArray<string | number>,
  count = 1,
  timeoutMs = 5000,
): Promise<LedgerRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let rows: LedgerRow[] = [];
    try {
      const db = new Database(join(dataDir, 'usage.db'), { readonly: true, fileMustExist: true });
      try {
        rows = db.prepare(`SELECT * FROM usage_log WHERE ${where} ORDER BY id`).all(...params) as LedgerRow[];
      } finally {
        db.close();
      }
    } catch {
      // Not created yet.
    }
    if (rows.length >= count) return rows;
    if (Date.now() > deadline)
      throw new Error(`expected ${count} ledger row(s) where ${where}; found ${rows.length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
