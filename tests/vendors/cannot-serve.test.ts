// "This tier cannot serve this request" is a failover, not a client error (issue 14, "What to build"), and quota
// vs rate limit is read from each vendor's own signals (point 10) — through the real proxy against fake vendors
// answering with the documented error shapes: Anthropic's error JSON and plan-window headers (CPA
// helps/claude_ratelimit.go), OpenAI's `insufficient_quota` vs `rate_limit_exceeded` (platform.openai.com error
// codes), an OpenAI-compatible 404 for a model the server does not have.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { VendorConfigInput } from '../../src-shared/config-schema.ts';
import {
  anthropicErrorBody,
  anthropicMessage,
  type FakeVendor,
  type Step,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, type Harness, postMessages, startProxy } from '../support/proxy-harness.ts';
import { circuitOf, quotaOf } from './helpers.ts';

const CLOCK = Date.parse('2026-12-01T10:00:00Z');
const opened: Array<{ close(): Promise<void> }> = [];
after(async () => {
  for (const item of opened.reverse()) await item.close();
});

async function fakes(...scripts: Step[][]): Promise<FakeVendor[]> {
  const vendors = await Promise.all(scripts.map((steps) => startFakeVendor(steps)));
  opened.push(...vendors);
  return vendors;
}

async function proxyWith(vendors: VendorConfigInput[]): Promise<Harness> {
  const proxy = await startProxy({ vendors }, { now: () => CLOCK });
  opened.push(proxy);
  return proxy;
}

const tier = (name: string, url: string, extra: Partial<VendorConfigInput> = {}): VendorConfigInput => ({
  name,
  kind: 'anthropic-compatible',
  baseUrl: url,
  apiKey: `${name}-key`,
  circuitBreaker: { failureThreshold: 1, maxRecoveryTimeoutSeconds: 86_400 },
  quotaGuards: [{ windowHours: 5, tokenBudget: 1_000_000_000, probeIntervalSeconds: 60 }],
  ...extra,
});
const tooLong = (limit: number): Step => ({
  kind: 'json',
  status: 400,
  body: anthropicErrorBody('invalid_request_error', `prompt is too long: 250000 tokens > ${limit} maximum`),
});
const ok = (text: string): Step => ({ kind: 'json', body: anthropicMessage(text) });

describe('a tier that cannot serve this request', () => {
  it('passes a prompt too long for its window to the next tier, unpenalised, and says why in the timeline', async () => {
    const [small, large] = await fakes([tooLong(200_000)], [ok('the 1M-window tier answered')]);
    const proxy = await proxyWith([tier('small', small!.url), tier('large', large!.url)]);
    const answer = await postMessages(proxy.url, BASIC_REQUEST);
    assert.match(answer.text, /the 1M-window tier answered/);
    assert.match(
      proxy.records[0]?.errorMessage ?? '',
      /^cannot serve this request \(prompt too long for this tier\)/,
    );
    assert.equal(circuitOf(proxy, 'small').state, 'closed');
    assert.equal(quotaOf(proxy, 'small')[0]?.state, 'ok');
  });

  it('when no tier can take the prompt, the client hears "prompt is too long" as a vendor worded it, once', async () => {
    const openaiTooLong: Step = {
      kind: 'json',
      status: 400,
      body: {
        error: {
          message: "This model's maximum context length is 128000 tokens.",
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
        },
      },
    };
    const [anthropicLike, openai] = await fakes([tooLong(200_000)], [openaiTooLong]);
    const proxy = await proxyWith([
      tier('claude', anthropicLike!.url),
      {
        name: 'local',
        kind: 'openai-compatible',
        baseUrl: openai!.url,
        modelMap: [{ match: '*', to: 'local-model' }],
      },
    ]);
    const answer = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(answer.status, 400);
    assert.deepEqual(
      answer.json(),
      anthropicErrorBody('invalid_request_error', 'prompt is too long: 250000 tokens > 200000 maximum'),
    );
    assert.equal(anthropicLike!.requests.length, 1);
    assert.equal(openai!.requests.length, 1);
  });

  it('a genuinely invalid request still goes straight back to the client as worded, and no other tier is asked', async () => {
    const invalid: Step = {
      kind: 'json',
      status: 400,
      body: anthropicErrorBody('invalid_request_error', 'messages: text content blocks must be non-empty'),
    };
    const [first, second] = await fakes([invalid], [ok('never')]);
    const proxy = await proxyWith([tier('first', first!.url), tier('second', second!.url)]);
    const answer = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(answer.status, 400);
    assert.deepEqual(
      answer.json(),
      anthropicErrorBody('invalid_request_error', 'messages: text content blocks must be non-empty'),
    );
    assert.equal(second!.requests.length, 0);
  });

  it('an OpenAI-compatible 404 for an unknown model fails over without a penalty', async () => {
    const notFound: Step = {
      kind: 'json',
      status: 404,
      body: {
        error: {
          message: 'The model `gpt-9` does not exist or you do not have access to it.',
          type: 'invalid_request_error',
          code: 'model_not_found',
        },
      },
    };
    const [openai, backup] = await fakes([notFound], [ok('backup answered')]);
    const proxy = await proxyWith([
      {
        name: 'openai',
        kind: 'openai-compatible',
        baseUrl: openai!.url,
        apiKey: 'sk-x',
        modelMap: [{ match: '*', to: 'gpt-9' }],
      },
      tier('backup', backup!.url),
    ]);
    assert.match((await postMessages(proxy.url, BASIC_REQUEST)).text, /backup answered/);
    assert.equal(circuitOf(proxy, 'openai').failures, 0);
  });
});

describe('quota used up vs rate limited (point 10)', () => {
  const openaiTier = (url: string): VendorConfigInput => ({
    ...tier('openai', url),
    kind: 'openai-compatible',
    modelMap: [{ match: '*', to: 'gpt-4.1' }],
  });

  it('OpenAI insufficient_quota marks the quota exhausted', async () => {
    const [openai, backup] = await fakes(
      [
        {
          kind: 'json',
          status: 429,
          body: {
            error: {
              message: 'You exceeded your current quota, please check your plan and billing details.',
              type: 'insufficient_quota',
              code: 'insufficient_quota',
            },
          },
        },
      ],
      [ok('backup')],
    );
    const proxy = await proxyWith([openaiTier(openai!.url), tier('backup', backup!.url)]);
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(quotaOf(proxy, 'openai')[0]?.state, 'exhausted');
  });

  it('OpenAI rate_limit_exceeded opens the breaker for its retry-after and leaves the quota alone', async () => {
    const [openai, backup] = await fakes(
      [
        {
          kind: 'json',
          status: 429,
          headers: { 'retry-after': '7' },
          body: {
            error: {
              message: 'Rate limit reached for gpt-4.1 on requests per min (RPM): Limit 500.',
              type: 'requests',
              code: 'rate_limit_exceeded',
            },
          },
        },
      ],
      [ok('backup')],
    );
    const proxy = await proxyWith([openaiTier(openai!.url), tier('backup', backup!.url)]);
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(quotaOf(proxy, 'openai')[0]?.state, 'ok');
    assert.equal(circuitOf(proxy, 'openai').retryAt, CLOCK + 7000);
  });

  it('a Claude plan window (unified-5h rejected) is a quota until its reset; a plain 429 is a short rate limit', async () => {
    const reset = Math.floor(CLOCK / 1000) + 3 * 3600;
    const planCap: Step = {
      kind: 'json',
      status: 429,
      headers: {
        'anthropic-ratelimit-unified-status': 'rejected',
        'anthropic-ratelimit-unified-5h-status': 'rejected',
        'anthropic-ratelimit-unified-5h-reset': String(reset),
      },
      body: anthropicErrorBody(
        'rate_limit_error',
        "This request would exceed your account's rate limit. Please try again later.",
      ),
    };
    const throttle: Step = {
      kind: 'json',
      status: 429,
      headers: { 'retry-after': '20' },
      body: anthropicErrorBody(
        'rate_limit_error',
        'Number of requests has exceeded your per-minute rate limit',
      ),
    };
    const [capped, throttled, backup] = await fakes([planCap], [throttle], [ok('backup')]);
    const proxy = await proxyWith([
      tier('plan', capped!.url, { kind: 'anthropic', apiKey: undefined }),
      tier('throttled', throttled!.url, { kind: 'anthropic', apiKey: undefined }),
      tier('backup', backup!.url),
    ]);
    assert.match((await postMessages(proxy.url, BASIC_REQUEST)).text, /backup/);
    const [planQuota] = quotaOf(proxy, 'plan');
    assert.equal(planQuota?.state, 'exhausted');
    assert.equal(planQuota?.nextProbeAt, reset * 1000);
    assert.equal(quotaOf(proxy, 'throttled')[0]?.state, 'ok');
    assert.equal(circuitOf(proxy, 'throttled').retryAt, CLOCK + 20_000);
  });
});
