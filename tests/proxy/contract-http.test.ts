// Every command of the control contract over the HTTP transport, against a real core with a real SQLite ledger.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CommandName, CommandRequest, CommandResponse, CoreEvent } from '../../src-shared/contract.ts';
import { SseParser } from '../../src-main/core/sse/sse-parser.ts';
import {
  type FakeVendor,
  anthropicErrorBody,
  anthropicMessage,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  controlFetch,
  type Harness,
  postMessages,
  startProxy,
} from '../support/proxy-harness.ts';

// connectClaudeCode writes ~/.claude/settings.json: point HOME at a temp dir for this test process.
const home = mkdtempSync(join(tmpdir(), 'cp-contract-home-'));
process.env.HOME = home;

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), 'the event arrived');
}

async function call<C extends CommandName>(proxy: Harness, command: C, request: CommandRequest<C>) {
  const response = await controlFetch(proxy, `/api/${command}`, {
    method: 'POST',
    body: JSON.stringify(request),
  });
  return {
    status: response.status,
    body: (await response.json()) as CommandResponse<C> & { error?: { type: string; message: string } },
  };
}

describe('the control contract over HTTP', () => {
  let primary: FakeVendor;
  let backup: FakeVendor;
  let proxy: Harness;
  const events: CoreEvent[] = [];
  let stopEvents: () => void;

  before(async () => {
    primary = await startFakeVendor([
      { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
    ]);
    backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('ok', { model: 'glm-5.1' }) }]);
    proxy = await startProxy(
      {
        vendors: [
          {
            name: 'primary',
            kind: 'anthropic',
            baseUrl: primary.url,
            circuitBreaker: { failureThreshold: 1 },
          },
          { name: 'backup', kind: 'zhipu', baseUrl: backup.url, apiKey: 'sk-zhipu-secret-1234' },
        ],
      },
      { ledger: true },
    );
    const abort = new AbortController();
    stopEvents = () => abort.abort();
    const response = await controlFetch(proxy, '/api/events', { signal: abort.signal });
    const reader = response.body!.getReader();
    const parser = new SseParser();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          for (const frame of parser.push(value)) events.push(JSON.parse(frame.data) as CoreEvent);
        }
      } catch {
        // aborted at the end of the test
      }
    })();
    await postMessages(proxy.url, BASIC_REQUEST);
    await postMessages(proxy.url, BASIC_REQUEST);
  });
  after(async () => {
    stopEvents();
    await proxy.close();
    await primary.close();
    await backup.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('pushes a hello snapshot and then live events on GET /api/events', async () => {
    await eventually(() => events.some((e) => e.type === 'request-finished'));
    const types = events.map((e) => e.type as string);
    assert.equal(types[0], 'hello');
    assert.ok(types.includes('tier-changed'), types.join());
    assert.ok(types.includes('request-finished'), types.join());
    const opened = events.find(
      (e) => e.type === 'tier-changed' && e.tier.name === 'primary' && e.tier.circuit.state === 'open',
    );
    assert.ok(opened, 'the breaker opening was pushed');
  });

  it('status', async () => {
    const { status, body } = await call(proxy, 'status', {});
    assert.equal(status, 200);
    assert.deepEqual(
      body.tiers.map((t) => [t.name, t.circuit.state]),
      [
        ['primary', 'open'],
        ['backup', 'closed'],
      ],
    );
    assert.equal(body.activeTier, 'backup');
    assert.equal(body.baseUrl, proxy.url);
  });

  it('usageSummary, priced by the served model', async () => {
    const { body } = await call(proxy, 'usageSummary', { range: '7d' });
    assert.equal(body.totals.requests, 2);
    assert.equal(body.totals.failovers, 1);
    assert.deepEqual(
      body.byVendor.filter((p) => p.requests > 0).map((p) => p.key),
      ['backup'],
    );
    assert.deepEqual(
      body.byModel.filter((p) => p.requests > 0).map((p) => p.key),
      ['glm-5.1'],
      'grouped by the served model',
    );
    assert.equal(body.totals.cost[0]?.currency, 'CNY', 'GLM is priced in yuan, never converted');
    assert.ok((body.totals.cost[0]?.amount ?? 0) > 0);
  });

  it('recentRequests with the attempt timeline', async () => {
    const { body } = await call(proxy, 'recentRequests', { limit: 10 });
    assert.equal(body.requests.length, 2);
    const first = body.requests.at(-1)!;
    assert.deepEqual(
      first.attempts.map((a) => [a.vendor, a.success]),
      [
        ['primary', false],
        ['backup', true],
      ],
    );
    const second = body.requests[0]!;
    assert.deepEqual(second.skipped, [{ tier: 'primary', reason: 'breaker open' }]);
    const onlyFailovers = await call(proxy, 'recentRequests', { onlyFailovers: true });
    assert.equal(onlyFailovers.body.requests.length, 1);
  });

  it('listVendors never returns a secret', async () => {
    const { body } = await call(proxy, 'listVendors', {});
    assert.deepEqual(body.tiers, ['primary', 'backup']);
    assert.doesNotMatch(JSON.stringify(body), /sk-zhipu-secret/);
    assert.deepEqual(body.vendors[1]?.apiKey, { set: true, hint: '1234' });
  });

  it('resetTier and reset', async () => {
    assert.equal((await call(proxy, 'resetTier', { name: 'primary' })).status, 200);
    assert.equal(proxy.core.context.router.chain.status('primary').circuit.state, 'closed');
    assert.equal((await call(proxy, 'resetTier', { name: 'ghost' })).status, 404);
    const reset = await call(proxy, 'reset', {});
    assert.deepEqual(reset.body, { ok: true, order: ['primary', 'backup'] });
  });

  it('reorderTiers must list every tier once', async () => {
    assert.equal((await call(proxy, 'reorderTiers', { order: ['backup'] })).status, 400);
    const ok = await call(proxy, 'reorderTiers', { order: ['backup', 'primary'] });
    assert.deepEqual(ok.body, { ok: true, order: ['backup', 'primary'] });
    await eventually(() => events.some((e) => e.type === 'order-changed'));
  });

  it('setVendorEnabled takes a tier out of the chain live', async () => {
    await call(proxy, 'setVendorEnabled', { name: 'backup', enabled: false });
    primary.script([{ kind: 'json', body: anthropicMessage('primary now') }]);
    assert.match((await postMessages(proxy.url, BASIC_REQUEST)).text, /primary now/);
    await call(proxy, 'setVendorEnabled', { name: 'backup', enabled: true });
  });

  it('saveVendor reports field problems, removeVendor removes', async () => {
    const bad = await call(proxy, 'saveVendor', { vendor: { name: 'x', kind: 'kimi', baseUrl: 'nope' } });
    assert.equal(bad.body.ok, false);
    const good = await call(proxy, 'saveVendor', {
      vendor: { name: 'x', kind: 'kimi', baseUrl: backup.url, apiKey: 'k' },
    });
    assert.deepEqual(good.body, { ok: true });
    assert.ok(proxy.core.context.router.chain.get('x'));
    assert.deepEqual((await call(proxy, 'removeVendor', { name: 'x' })).body, { ok: true });
    assert.equal(proxy.core.context.router.chain.get('x'), undefined);
  });

  it('claudeSettingsStatus, connectClaudeCode and restoreClaudeCode', async () => {
    assert.equal((await call(proxy, 'claudeSettingsStatus', {})).body.connected, false);
    const connected = await call(proxy, 'connectClaudeCode', {});
    assert.equal(connected.body.connected, true);
    const settings = JSON.parse(readFileSync(join(home, '.claude', 'settings.json'), 'utf8')) as {
      env: Record<string, string>;
    };
    assert.equal(settings.env.ANTHROPIC_BASE_URL, proxy.url);
    assert.equal((await call(proxy, 'restoreClaudeCode', {})).body.connected, false);
  });

  it('rejects unknown commands and bad input with typed errors', async () => {
    const unknown = await controlFetch(proxy, '/api/nope', { method: 'POST', body: '{}' });
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { type: string } }).error.type, 'not_found');
    const bad = await call(proxy, 'usageSummary', { range: 'forever' as '7d' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error?.type, 'invalid_request');
  });
});
