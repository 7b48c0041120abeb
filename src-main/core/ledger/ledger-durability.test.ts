import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { USAGE_DB_FILE } from './schema.ts';

const root = mkdtempSync(join(tmpdir(), 'ledger-durability-'));
after(() => rmSync(root, { recursive: true, force: true }));
const child = fileURLToPath(new URL('./fixtures/record-then-wait.ts', import.meta.url));

describe('ledger durability', () => {
  it('keeps every flushed row when the process is killed with SIGKILL right after the flush', async () => {
    const dataDir = join(root, 'killed');
    const rows = 250;
    const writer = spawn(process.execPath, [child, dataDir, String(rows)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    writer.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      writer.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('flushed')) resolve();
      });
      writer.once('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
    });
    const exited = once(writer, 'exit');
    writer.kill('SIGKILL');
    const [code, signal] = await exited;
    assert.equal(code, null);
    assert.equal(signal, 'SIGKILL');

    // The -wal file is still there (no checkpoint on a killed process); opening recovers it.
    const db = new Database(join(dataDir, USAGE_DB_FILE));
    const keys = (
      db.prepare('SELECT request_key FROM usage_log ORDER BY id').all() as Array<{ request_key: string }>
    ).map((row) => row.request_key);
    db.close();
    assert.equal(keys.length, rows);
    assert.deepEqual(
      keys,
      Array.from({ length: rows }, (_, index) => `req-${index}`),
    );
  });
});
