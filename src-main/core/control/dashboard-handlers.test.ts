import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CoreEvent } from '../../../src-shared/contract.ts';
import { anthropicErrorBody, type FakeVendor, startFakeVendor } from '../../../tests/support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  type Harness,
  postMessages,
  startProxy,
} from '../../../tests/support/proxy-harness.ts';
import {
  createDashboardHandlers,
  createVendorEditHandlers,
  DASHBOARD_REQUEST_SCHEMAS,
} from './dashboard-handlers.ts';

describe('dashboard control handlers', () => {
  let vendor: FakeVendor;
  let proxy: Harness;
  let home: string;

  before(async () => {
    vendor = await startFakeVendor([
      { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
    ]);
    proxy = await startProxy({
      tiers: ['primary', 'backup'],
      vendors: [
        {
          name: 'primary',
          kind: 'anthropic',
          baseUrl: vendor.url,
          circuitBreaker: { failureThreshold: 1, recoveryTimeoutSeconds: 60 },
        },
        {
          name: 'backup',
          kind: 'minimax',
          baseUrl: vendor.url,
          apiKey: 'sk-backup-secret-9876',
          circuitBreaker: { failureThreshold: 1, recoveryTimeoutSeconds: 60 },
        },
      ],
    });
    home = mkdtempSync(join(tmpdir(), 'dashboard-home-'));
  });

  after(async () => {
    await proxy.close();
    await vendor.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('resets one tier only, and pushes its new state', async () => {
    await postMessages(proxy.url, BASIC_REQUEST);
    const chain = proxy.core.context.router.chain;
    assert.equal(chain.status('primary').circuit.state, 'open');
    assert.equal(chain.status('backup').circuit.state, 'open');
    const events: CoreEvent[] = [];
    const off = proxy.core.context.events.on((event) => events.push(event));
    await createDashboardHandlers(proxy.core.context).resetTier({ name: 'primary' });
    off();
    assert.equal(chain.status('primary').circuit.state, 'closed');
    assert.equal(chain.status('backup').circuit.state, 'open');
    assert.deepEqual(
      events.map((event) => event.type === 'tier-changed' && event.tier.name),
      ['primary'],
    );
  });

  it('answers not_found for an unknown tier', async () => {
    await assert.rejects(createDashboardHandlers(proxy.core.context).resetTier({ name: 'nope' }), {
      type: 'not_found',
    });
  });

  it('rejects malformed requests at the boundary', () => {
    assert.equal(DASHBOARD_REQUEST_SCHEMAS.resetTier.safeParse({}).success, false);
    assert.equal(DASHBOARD_REQUEST_SCHEMAS.connectClaudeCode.safeParse({ x: 1 }).success, false);
  });

  it('connects Claude Code to this proxy and restores it', async () => {
    const handlers = createDashboardHandlers(proxy.core.context, { home });
    assert.equal((await handlers.claudeSettingsStatus({})).connected, false);
    const connected = await handlers.connectClaudeCode({});
    assert.equal(connected.connected, true);
    const written = JSON.parse(readFileSync(connected.path, 'utf8')) as { env: Record<string, string> };
    assert.equal(written.env.ANTHROPIC_BASE_URL, proxy.url);
    assert.equal((await handlers.restoreClaudeCode({})).connected, false);
  });

  it('saves an edited vendor, keeping its secret when the form left it empty and the destination stays', async () => {
    const edit = createVendorEditHandlers(proxy.core.context);
    const result = await edit.saveVendor({
      previousName: 'backup',
      vendor: { name: 'backup2', kind: 'minimax', baseUrl: vendor.url, apiKey: '' },
    });
    assert.deepEqual(result, { ok: true });
    const store = proxy.core.context.configStore;
    const saved = (store.get(['vendors']) as Array<Record<string, unknown>>)[1];
    assert.equal(saved?.name, 'backup2');
    assert.equal(saved?.apiKey, 'sk-backup-secret-9876');
    assert.deepEqual(store.get(['tiers']), ['primary', 'backup2']);
    assert.equal(proxy.core.context.config.vendors[1]?.name, 'backup2');
    assert.deepEqual(proxy.core.context.router.chain.order, ['primary', 'backup2'], 'applies live');
    assert.equal(
      proxy.core.context.router.chain.get('backup2')?.adapter.config.apiKey,
      'sk-backup-secret-9876',
    );
  });

  it('drops the kept secret when the edit points the vendor somewhere else, and says so', async () => {
    const edit = createVendorEditHandlers(proxy.core.context);
    const result = await edit.saveVendor({
      previousName: 'backup2',
      vendor: { name: 'backup2', kind: 'minimax', baseUrl: 'https://api.minimax.example', apiKey: '' },
    });
    assert.deepEqual(result, { ok: true, droppedSecrets: ['apiKey'] });
    const saved = (proxy.core.context.configStore.get(['vendors']) as Array<Record<string, unknown>>)[1];
    assert.equal(saved?.apiKey, undefined);
    assert.equal(proxy.core.context.router.chain.get('backup2')?.adapter.config.apiKey, undefined);
    // Back where it was, with the key given again.
    assert.deepEqual(
      await edit.saveVendor({
        previousName: 'backup2',
        vendor: { name: 'backup2', kind: 'minimax', baseUrl: vendor.url, apiKey: 'sk-backup-secret-9876' },
      }),
      { ok: true },
    );
  });

  it('adds a vendor that serves the very next request, without a restart', async () => {
    const extra = await startFakeVendor([
      {
        kind: 'json',
        body: {
          id: 'm',
          type: 'message',
          role: 'assistant',
          model: 'k',
          content: [{ type: 'text', text: 'new tier' }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 1, output_tokens: 1 },
        },
      },
    ]);
    const edit = createVendorEditHandlers(proxy.core.context);
    assert.deepEqual(
      await edit.saveVendor({ vendor: { name: 'fresh', kind: 'kimi', baseUrl: extra.url, apiKey: 'kk' } }),
      { ok: true },
    );
    await proxy.core.context.router.chain.get('fresh')?.reset();
    const before = extra.requests.length;
    const response = await postMessages(proxy.url, BASIC_REQUEST);
    assert.match(response.text, /new tier/);
    assert.equal(extra.requests.length, before + 1);
    await edit.removeVendor({ name: 'fresh' });
    await extra.close();
  });

  it('returns field problems instead of saving an invalid vendor', async () => {
    const edit = createVendorEditHandlers(proxy.core.context);
    const result = await edit.saveVendor({
      vendor: { name: 'primary', kind: 'anthropic', baseUrl: 'not a url' },
    });
    assert.equal(result.ok, false);
    const paths = result.ok ? [] : result.problems.map((problem) => problem.path);
    assert.ok(paths.includes('baseUrl'), paths.join());
    assert.ok(paths.includes('name'), paths.join());
    assert.equal((proxy.core.context.configStore.get(['vendors']) as unknown[]).length, 2);
  });

  it('removes a vendor from the config and stops it serving at once', async () => {
    const edit = createVendorEditHandlers(proxy.core.context);
    await edit.removeVendor({ name: 'primary' });
    assert.deepEqual(
      (proxy.core.context.configStore.get(['vendors']) as Array<{ name: string }>).map((v) => v.name),
      ['backup2'],
    );
    assert.equal(proxy.core.context.router.chain.get('primary'), undefined);
    assert.deepEqual(proxy.core.context.router.chain.order, ['backup2']);
    await assert.rejects(edit.removeVendor({ name: 'backup2' }), { type: 'invalid_request' });
  });
});
