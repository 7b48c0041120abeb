import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ProxyConfigInput, parseConfig } from '../../src-shared/config-schema.ts';
import { anthropicMessage, type FakeVendor, startFakeVendor } from '../../tests/support/fake-vendor.ts';
import { BASIC_REQUEST, postMessages } from '../../tests/support/proxy-harness.ts';
import { createMemoryConfigStore } from './config/config-store.ts';
import { PortInUseError, type RunningCore, startCore } from './start-core.ts';

function configOf(input: ProxyConfigInput) {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

describe('startCore: one core for both hosts', () => {
  let vendor: FakeVendor;
  let dataDir: string;
  const lines: string[] = [];
  const start = (input: ProxyConfigInput, port = 0): Promise<RunningCore> =>
    startCore({
      config: configOf(input),
      configStore: createMemoryConfigStore(input as Record<string, unknown>),
      dataDir,
      port,
      host: '127.0.0.1',
      log: (line) => lines.push(line),
    });
  const INPUT: ProxyConfigInput = {
    vendors: [
      { name: 'zhipu', kind: 'zhipu', apiKey: 'k', quotaGuards: [{ windowHours: 5, tokenBudget: 100_000 }] },
    ],
  };

  before(async () => {
    vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('hello') }]);
    dataDir = mkdtempSync(join(tmpdir(), 'coding-proxy-core-'));
    INPUT.vendors![0]!.baseUrl = vendor.url;
  });
  after(async () => {
    await vendor.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the usage ledger, reports usage, and seeds quota windows from it at the next start', async () => {
    const first = await start(INPUT);
    assert.equal((await postMessages(first.url, BASIC_REQUEST)).status, 200);
    const summary = first.context.usage?.summary('24h');
    assert.equal(summary?.totals.requests, 1, JSON.stringify(summary));
    await first.close();

    const second = await start(INPUT);
    try {
      const quota = second.context.router.chain.status('zhipu').quota[0];
      assert.ok((quota?.usedTokens ?? 0) > 0, 'the restart remembers the spent budget');
    } finally {
      await second.close();
    }
  });

  it('closes every adapter of the live chain, tiers added by a dashboard edit included', async () => {
    const core = await start(INPUT);
    const next = configOf({
      ...INPUT,
      vendors: [
        ...(INPUT.vendors ?? []),
        { name: 'added', kind: 'minimax', apiKey: 'k', baseUrl: vendor.url },
      ],
    });
    core.context.applyVendors(next);
    const closed: string[] = [];
    for (const tier of core.context.router.chain.ordered()) {
      tier.adapter.close = async () => {
        closed.push(tier.name);
      };
    }
    await core.close();
    assert.deepEqual(closed.sort(), ['added', 'zhipu']);
  });

  it('says once, for every host, that the port is taken', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as AddressInfo;
    try {
      await assert.rejects(start(INPUT, port), (error: unknown) => {
        assert.ok(error instanceof PortInUseError);
        assert.match(error.message, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
        return true;
      });
      // Nothing was left open: the same data dir starts cleanly right after.
      const core = await start(INPUT);
      await core.close();
    } finally {
      squatter.close();
    }
  });
});
