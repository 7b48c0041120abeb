// Issue 14 points 2 and 10 for the Gemini API (key) tier, against a fake Gemini API that answers as Google does:
// `models.list` with inputTokenLimit, 404 NOT_FOUND for a model this key cannot call (Google's own wording), and
// 429 RESOURCE_EXHAUSTED whose QuotaFailure says per-minute or per-day (vercel/ai google-429-retry-info.json).
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { VendorConfigInput } from '../../src-shared/config-schema.ts';
import { untilPacificMidnightMs } from '../../src-main/core/vendors/gemini/quota-signals.ts';
import type { FakeVendor } from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  type Harness,
  controlFetch,
  postMessages,
  startProxy,
} from '../support/proxy-harness.ts';
import { backupVendor, circuitOf, eventually, quotaOf, recordEvents, startBackup } from './helpers.ts';

const OFFERED = [
  {
    name: 'models/gemini-3.8-flash',
    inputTokenLimit: 1_048_576,
    supportedGenerationMethods: ['generateContent', 'countTokens'],
  },
  {
    name: 'models/gemini-3.5-flash-lite',
    inputTokenLimit: 1_048_576,
    supportedGenerationMethods: ['generateContent'],
  },
  {
    name: 'models/gemini-embedding-001',
    inputTokenLimit: 2048,
    supportedGenerationMethods: ['embedContent'],
  },
];

let gemini: { url: string; paths: string[]; next: Array<(res: ServerResponse) => void>; close(): void };
let backup: FakeVendor;
let proxy: Harness | undefined;
const clock = Date.parse('2026-12-01T10:00:00Z');

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
}

function exhausted(quotaId: string, retryDelay: string) {
  return (res: ServerResponse) =>
    reply(res, 429, {
      error: {
        code: 429,
        message: 'You exceeded your current quota, please check your plan and billing details.',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId }] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
        ],
      },
    });
}

before(async () => {
  backup = await startBackup();
  const paths: string[] = [];
  const next: Array<(res: ServerResponse) => void> = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '';
      paths.push(path);
      if (req.headers['x-goog-api-key'] !== 'AIza-test')
        return reply(res, 400, {
          error: { code: 400, status: 'INVALID_ARGUMENT', message: 'API key not valid.' },
        });
      if (path.startsWith('/v1beta/models?')) return reply(res, 200, { models: OFFERED });
      const model = /\/v1beta\/models\/([^:]+):/.exec(path)?.[1] ?? '';
      const scripted = next.shift();
      if (scripted) return scripted(res);
      if (!OFFERED.some((entry) => entry.name === `models/${model}`)) {
        return reply(res, 404, {
          error: {
            code: 404,
            message: `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
            status: 'NOT_FOUND',
          },
        });
      }
      reply(res, 200, {
        candidates: [
          { content: { role: 'model', parts: [{ text: 'gemini answered' }] }, finishReason: 'STOP' },
        ],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2 },
        modelVersion: model,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gemini = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1beta`,
    paths,
    next,
    close: () => server.close(),
  };
});
after(async () => {
  gemini.close();
  await backup.close();
  await proxy?.close();
});
beforeEach(async () => {
  await proxy?.close();
  proxy = undefined;
  gemini.paths.length = 0;
  gemini.next.length = 0;
});

function geminiTier(extra: Partial<VendorConfigInput> = {}): VendorConfigInput {
  return {
    name: 'gemini',
    kind: 'gemini',
    baseUrl: gemini.url,
    apiKey: 'AIza-test',
    circuitBreaker: { failureThreshold: 5, maxRecoveryTimeoutSeconds: 86_400 },
    quotaGuards: [{ windowHours: 24, tokenBudget: 1_000_000_000, probeIntervalSeconds: 60 }],
    ...extra,
  };
}

async function start(vendor: VendorConfigInput): Promise<Harness> {
  proxy = await startProxy({ vendors: [vendor, backupVendor(backup.url)] }, { now: () => clock });
  return proxy;
}

describe('Gemini API as it is today (issue 14)', () => {
  it('2 · maps Claude families to current models (no retired gemini-2.5) and lists what the key offers', async () => {
    const harness = await start(geminiTier());
    await postMessages(harness.url, BASIC_REQUEST);
    await postMessages(harness.url, { ...BASIC_REQUEST, model: 'claude-haiku-4-5' });
    const calls = gemini.paths.filter((path) => path.includes(':generateContent'));
    assert.deepEqual(calls, [
      '/v1beta/models/gemini-3.8-flash:generateContent',
      '/v1beta/models/gemini-3.5-flash-lite:generateContent',
    ]);
    const listed = await controlFetch(harness, '/api/vendorModels', {
      method: 'POST',
      body: JSON.stringify({ name: 'gemini' }),
    });
    const models = (await listed.json()) as {
      models: Array<{ id: string; contextWindow?: number }>;
      mapped: unknown;
    };
    assert.deepEqual(models.models, [
      { id: 'gemini-3.8-flash', contextWindow: 1_048_576 },
      { id: 'gemini-3.5-flash-lite', contextWindow: 1_048_576 },
    ]);
    assert.deepEqual(models.mapped, {
      opus: 'gemini-3.8-flash',
      sonnet: 'gemini-3.8-flash',
      haiku: 'gemini-3.5-flash-lite',
    });
  });

  it('2 · a model the key cannot call (404 NOT_FOUND) fails over without a penalty, and was named at start', async () => {
    const harness = await start(geminiTier({ modelMap: [{ match: 'claude-*', to: 'gemini-2.5-pro' }] }));
    const events = recordEvents(harness);
    await eventually(() => events.some((event) => event.type === 'vendor-notice'), 'the start-up notice');
    const answer = await postMessages(harness.url, BASIC_REQUEST);
    assert.equal(answer.status, 200);
    assert.equal(harness.records.at(-1)?.vendor, 'backup');
    assert.match(harness.records[0]?.errorMessage ?? '', /^cannot serve this request \(model not found\)/);
    assert.equal(circuitOf(harness, 'gemini').state, 'closed');
    assert.equal(circuitOf(harness, 'gemini').failures, 0);
  });

  it('10 · a per-minute 429 opens the breaker for the RetryInfo delay and leaves the quota alone', async () => {
    const harness = await start(geminiTier());
    gemini.next.push(exhausted('GenerateRequestsPerMinutePerProjectPerModel-FreeTier', '34.4s'));
    assert.equal((await postMessages(harness.url, BASIC_REQUEST)).status, 200);
    assert.equal(harness.records.at(-1)?.vendor, 'backup');
    assert.equal(circuitOf(harness, 'gemini').state, 'open');
    assert.equal(circuitOf(harness, 'gemini').retryAt, clock + 34_400);
    assert.equal(quotaOf(harness, 'gemini')[0]?.state, 'ok');
  });

  it('10 · a per-day 429 marks the quota exhausted until midnight Pacific, whatever RetryInfo says', async () => {
    const harness = await start(geminiTier());
    gemini.next.push(exhausted('GenerateRequestsPerDayPerProjectPerModel-FreeTier', '41s'));
    assert.equal((await postMessages(harness.url, BASIC_REQUEST)).status, 200);
    const [quota] = quotaOf(harness, 'gemini');
    assert.equal(quota?.state, 'exhausted');
    assert.equal(quota?.nextProbeAt, clock + untilPacificMidnightMs(clock));
    // The vendor's own verdict closes the tier until then; the breaker is not involved (issue 14 #10).
    const status = harness.core.context.router.chain.status('gemini');
    assert.equal(status.vendorQuota?.until, clock + untilPacificMidnightMs(clock));
    assert.equal(status.circuit.state, 'closed');
    // 10:00 UTC is 02:00 in Los Angeles (PST): 22 hours to go.
    assert.equal(untilPacificMidnightMs(clock), 22 * 3_600_000);
  });
});
