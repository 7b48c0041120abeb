import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  anthropicErrorBody,
  anthropicMessage,
  anthropicStream,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, controlFetch, postMessages, startProxy } from '../support/proxy-harness.ts';

const OVERLOADED = {
  kind: 'json' as const,
  status: 529,
  body: anthropicErrorBody('overloaded_error', 'Overloaded'),
};

describe('circuit breaker per tier', () => {
  it('opens after failureThreshold failures, skips the tier without calling it, probes once after the recovery time and closes after successThreshold successes', async () => {
    let clock = Date.parse('2026-11-26T10:00:00Z');
    const primary = await startFakeVendor([OVERLOADED]);
    const backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('backup') }]);
    const proxy = await startProxy(
      {
        vendors: [
          {
            name: 'primary',
            kind: 'anthropic',
            baseUrl: primary.url,
            circuitBreaker: {
              failureThreshold: 3,
              recoveryTimeoutSeconds: 60,
              successThreshold: 2,
              maxRecoveryTimeoutSeconds: 600,
            },
          },
          { name: 'backup', kind: 'minimax', baseUrl: backup.url, apiKey: 'k' },
        ],
      },
      { now: () => clock },
    );
    const status = () => proxy.core.context.router.chain.status('primary').circuit;
    for (let i = 0; i < 3; i++) assert.equal((await postMessages(proxy.url, BASIC_REQUEST)).status, 200);
    assert.equal(status().state, 'open');
    assert.equal(status().retryAt, clock + 60_000);
    assert.equal(primary.requests.length, 3);

    // Open: served by the backup, the primary is not even called.
    assert.equal((await postMessages(proxy.url, BASIC_REQUEST)).status, 200);
    assert.equal(primary.requests.length, 3);
    const skippedRecord = proxy.records.at(-1)!;
    assert.deepEqual(skippedRecord.skipped, [{ tier: 'primary', reason: 'breaker open' }]);

    // A failed probe after the recovery time doubles the open period.
    clock += 60_000;
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(primary.requests.length, 4);
    assert.equal(status().state, 'open');
    assert.equal(status().recoveryMs, 120_000);

    // Recovered vendor: two successful probes close the breaker (non-stream and stream both count).
    clock += 120_000;
    primary.script([{ kind: 'json', body: anthropicMessage('primary is back') }]);
    const probe = await postMessages(proxy.url, BASIC_REQUEST);
    assert.match(probe.text, /primary is back/);
    assert.equal(status().state, 'half-open');
    primary.script([{ kind: 'sse', chunks: anthropicStream('streamed') }]);
    await postMessages(proxy.url, { ...BASIC_REQUEST, stream: true });
    assert.equal(status().state, 'closed');
    assert.equal(status().recoveryMs, 60_000);

    await proxy.close();
    await primary.close();
    await backup.close();
  });

  it('opens at once, for as long as retry-after says, on a 429 with retry-after', async () => {
    let clock = Date.parse('2026-11-26T10:00:00Z');
    const primary = await startFakeVendor([
      {
        kind: 'json',
        status: 429,
        headers: { 'retry-after': '90' },
        body: anthropicErrorBody('rate_limit_error', 'Number of requests has exceeded your rate limit'),
      },
    ]);
    const backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('backup') }]);
    const proxy = await startProxy(
      {
        vendors: [
          { name: 'primary', kind: 'anthropic', baseUrl: primary.url },
          { name: 'backup', kind: 'alibaba', baseUrl: backup.url, apiKey: 'k' },
        ],
      },
      { now: () => clock },
    );
    await postMessages(proxy.url, BASIC_REQUEST);
    const circuit = proxy.core.context.router.chain.status('primary').circuit;
    assert.equal(circuit.state, 'open');
    assert.equal(circuit.retryAt, clock + 90_000);
    clock += 89_000;
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(primary.requests.length, 1, 'still open one second before retry-after ends');

    // POST /api/reset closes it again.
    const reset = await controlFetch(proxy, '/api/reset', { method: 'POST' });
    assert.equal(reset.status, 200);
    assert.equal(proxy.core.context.router.chain.status('primary').circuit.state, 'closed');
    await proxy.close();
    await primary.close();
    await backup.close();
  });
});

describe('quota guard per tier', () => {
  it('skips a tier whose rolling token window reached the threshold, with one probe per probe interval', async () => {
    let clock = Date.parse('2026-11-26T10:00:00Z');
    const primary = await startFakeVendor([{ kind: 'json', body: anthropicMessage('primary') }]); // 19 tokens per answer
    const backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('backup') }]);
    const proxy = await startProxy(
      {
        vendors: [
          {
            name: 'primary',
            kind: 'anthropic',
            baseUrl: primary.url,
            quotaGuards: [
              { windowHours: 5, tokenBudget: 40, thresholdPercent: 90, probeIntervalSeconds: 300 },
            ],
          },
          { name: 'backup', kind: 'doubao', baseUrl: backup.url, apiKey: 'k' },
        ],
      },
      { now: () => clock },
    );
    await postMessages(proxy.url, BASIC_REQUEST);
    await postMessages(proxy.url, BASIC_REQUEST); // 38 tokens ≥ 36 (90 % of 40)
    const quota = () => proxy.core.context.router.chain.status('primary').quota[0]!;
    assert.equal(quota().state, 'over-threshold');
    assert.equal(quota().usedTokens, 38);
    const third = await postMessages(proxy.url, BASIC_REQUEST);
    assert.match(third.text, /backup/);
    assert.equal(primary.requests.length, 2);
    clock += 300_000; // one probe is allowed per interval
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(primary.requests.length, 3);
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(primary.requests.length, 3);
    clock += 5 * 3_600_000; // the window rolls past all usage
    assert.equal(quota().state, 'ok');
    await proxy.close();
    await primary.close();
    await backup.close();
  });

  it('marks the quota exhausted on a usage-cap error and probes it again after the interval', async () => {
    let clock = Date.parse('2026-11-26T10:00:00Z');
    const primary = await startFakeVendor([
      {
        kind: 'json',
        status: 429,
        body: anthropicErrorBody('rate_limit_error', 'You have exceeded your 5-hour usage quota'),
      },
    ]);
    const backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('backup') }]);
    const proxy = await startProxy(
      {
        vendors: [
          {
            name: 'primary',
            kind: 'anthropic',
            baseUrl: primary.url,
            circuitBreaker: { failureThreshold: 100 },
            quotaGuards: [{ windowHours: 5, tokenBudget: 0, probeIntervalSeconds: 60 }],
          },
          { name: 'backup', kind: 'xiaomi', baseUrl: backup.url, apiKey: 'k' },
        ],
      },
      { now: () => clock },
    );
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(proxy.core.context.router.chain.status('primary').quota[0]?.state, 'exhausted');
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(primary.requests.length, 1);
    clock += 60_000;
    primary.script([{ kind: 'json', body: anthropicMessage('quota is back') }]);
    const probe = await postMessages(proxy.url, BASIC_REQUEST);
    assert.match(probe.text, /quota is back/);
    assert.equal(proxy.core.context.router.chain.status('primary').quota[0]?.state, 'ok');
    assert.equal(backup.requests.at(-1)?.headers.authorization, 'Bearer k', 'MiMo gets a Bearer key');
    await proxy.close();
    await primary.close();
    await backup.close();
  });
});
