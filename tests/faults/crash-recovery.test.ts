// kill -9 of the proxy process under load: the usage database must open afterwards with every row that was
// committed before the kill, and a restarted proxy must come up with clean breakers and serve.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Agent, request } from 'undici';
import { anthropicErrorBody, anthropicStream, startFakeVendor } from '../support/fake-vendor.ts';
import { BASIC_REQUEST } from '../support/proxy-harness.ts';
import { startProxyProcess, waitUntil } from './proxy-process.ts';

const LOAD_LOOPS = 16;

function countRows(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM usage_log').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function tryCountRows(path: string): number {
  try {
    return countRows(path);
  } catch {
    return 0;
  }
}

describe('crash recovery', () => {
  it('keeps every committed usage row across kill -9 and restarts with closed breakers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coding-proxy-crash-'));
    const dbPath = join(dataDir, 'usage.db');
    const configPath = join(dataDir, 'test-config.json');
    const failing = await startFakeVendor([
      { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
    ]);
    const healthy = await startFakeVendor([
      {
        kind: 'sse',
        chunks: anthropicStream('served under load', { deltas: 4 }).flatMap((frame) => [
          frame,
          { delayMs: 1 },
        ]),
      },
    ]);
    writeFileSync(
      configPath,
      JSON.stringify({
        vendors: [
          {
            name: 'failing',
            kind: 'anthropic-compatible',
            baseUrl: failing.url,
            apiKey: 'k1',
            circuitBreaker: { failureThreshold: 1, recoveryTimeoutSeconds: 3600 },
          },
          { name: 'healthy', kind: 'anthropic-compatible', baseUrl: healthy.url, apiKey: 'k2' },
        ],
      }),
    );
    const client = new Agent({ connections: LOAD_LOOPS });
    const call = (url: string) =>
      request(`${url}/v1/messages`, {
        method: 'POST',
        dispatcher: client,
        headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-client' },
        body: JSON.stringify({ ...BASIC_REQUEST, stream: true }),
        signal: AbortSignal.timeout(10_000),
      }).then(async (response) => ({ status: response.statusCode, text: await response.body.text() }));
    const statusOf = async (proxy: { url: string; token: string }) => {
      const response = await request(`${proxy.url}/api/status`, {
        dispatcher: client,
        headers: { authorization: `Bearer ${proxy.token}` },
      });
      return (await response.body.json()) as {
        tiers: Array<{ name: string; circuit: { state: string; failures: number } }>;
      };
    };

    const first = await startProxyProcess({ dataDir, configPath });
    let second: Awaited<ReturnType<typeof startProxyProcess>> | undefined;
    try {
      // Load: requests back to back until the process dies under them.
      let loading = true;
      let served = 0;
      const loops = Array.from({ length: LOAD_LOOPS }, async () => {
        while (loading) {
          try {
            const answer = await call(first.url);
            if (answer.status === 200) served++;
          } catch {
            // The kill cuts requests in flight; that is the point.
          }
        }
      });
      await waitUntil(() => tryCountRows(dbPath) >= 100, '100 committed usage rows', 20_000);
      const breakerBefore = (await statusOf(first)).tiers.find((t) => t.name === 'failing');
      assert.equal(breakerBefore?.circuit.state, 'open', 'the failing tier tripped its breaker under load');
      const committed = countRows(dbPath);
      first.child.kill('SIGKILL');
      assert.equal(await first.exited, 'SIGKILL');
      loading = false;
      await Promise.all(loops);
      assert.ok(served > 0);

      // The database opens (recovering its WAL) and lost nothing that was committed.
      const db = new Database(dbPath, { fileMustExist: true });
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
        const after = (db.prepare('SELECT COUNT(*) AS n FROM usage_log').get() as { n: number }).n;
        assert.ok(
          after >= committed,
          `rows after the kill (${after}) >= rows committed before it (${committed})`,
        );
      } finally {
        db.close();
      }
      const afterKill = countRows(dbPath);

      // A restart starts with closed breakers, serves, and keeps recording into the same file.
      second = await startProxyProcess({ dataDir, configPath });
      const status = await statusOf(second);
      for (const tier of status.tiers) {
        assert.equal(tier.circuit.state, 'closed', `${tier.name} starts closed`);
        assert.equal(tier.circuit.failures, 0);
      }
      const answer = await call(second.url);
      assert.equal(answer.status, 200);
      assert.match(answer.text, /event: message_stop/);
      await waitUntil(() => countRows(dbPath) >= afterKill + 2, 'the restarted proxy to record its attempts');
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      first.child.kill('SIGKILL');
      second?.child.kill('SIGKILL');
      await client.close();
      await failing.close();
      await healthy.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
