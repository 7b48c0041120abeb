// The data dir holds the usage ledger (session ids, models, error text), the control token and secrets. Started
// over an older, world-readable install, the proxy tightens its own dir and files — and nothing that is not its.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src-shared/config-schema.ts';
import { createMemoryConfigStore } from '../../src-main/core/config/config-store.ts';
import { makeAttempt } from '../../src-main/core/ledger/fixtures/attempt-fixture.ts';
import { openLedger } from '../../src-main/core/ledger/ledger-writer.ts';
import { startCore } from '../../src-main/core/start-core.ts';

const modeOf = (path: string) => statSync(path).mode & 0o7777;

async function startOver(dataDir: string) {
  const parsed = parseConfig({ vendors: [{ name: 'a', kind: 'anthropic' }] });
  assert.ok(parsed.ok);
  const ledger = openLedger({ dataDir });
  const core = await startCore({
    config: parsed.config,
    configStore: createMemoryConfigStore({}),
    dataDir,
    port: 0,
    host: '127.0.0.1',
    sink: ledger,
  });
  ledger.record(makeAttempt({ vendor: 'a', ts: new Date().toISOString() }));
  ledger.flush();
  return core;
}

describe('private files', { skip: process.platform === 'win32' && 'no POSIX modes on Windows' }, () => {
  it('creates a fresh data dir 0700 with usage.db, its WAL/SHM and the token 0600', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cp-modes-')), 'fresh');
    const core = await startOver(dataDir);
    try {
      assert.equal(modeOf(dataDir), 0o700);
      for (const name of ['usage.db', 'usage.db-wal', 'usage.db-shm', 'control.token'])
        assert.equal(modeOf(join(dataDir, name)), 0o600, name);
    } finally {
      await core.close();
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  });

  it('tightens an older install that was world-readable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cp-modes-'));
    const first = await startOver(dataDir);
    await first.close();
    writeFileSync(join(dataDir, 'config.yaml'), 'vendors: []\n');
    writeFileSync(join(dataDir, 'secrets.json'), '{}\n');
    chmodSync(dataDir, 0o755);
    for (const name of ['usage.db', 'config.yaml', 'secrets.json', 'control.token'])
      chmodSync(join(dataDir, name), 0o644);
    const second = await startOver(dataDir);
    try {
      assert.equal(modeOf(dataDir), 0o700);
      for (const name of ['usage.db', 'usage.db-wal', 'config.yaml', 'secrets.json', 'control.token'])
        assert.equal(modeOf(join(dataDir, name)), 0o600, name);
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('leaves a shared directory (sticky bit, as /tmp) and files that are not its own alone', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'cp-modes-shared-'));
    chmodSync(shared, 0o1777);
    writeFileSync(join(shared, 'notes.txt'), 'mine\n');
    chmodSync(join(shared, 'notes.txt'), 0o644);
    const core = await startOver(shared);
    try {
      assert.equal(modeOf(shared), 0o1777);
      assert.equal(modeOf(join(shared, 'notes.txt')), 0o644);
      assert.equal(modeOf(join(shared, 'usage.db')), 0o600, 'its own files are still private');
    } finally {
      await core.close();
      rmSync(shared, { recursive: true, force: true });
    }
  });
});
