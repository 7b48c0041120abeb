// Errors that arrive INSIDE a 200 stream, before any content, get the verdict the same error gets on an HTTP
// status: through the real proxy on 127.0.0.1 against fake vendors replaying what real vendors send
// (fixtures/in-stream-errors.ts, each citing its source). A spent quota closes the tier until its reset without
// touching its breaker; a throttle opens the breaker for the delay the vendor stated; the next tier serves.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { VendorConfigInput } from '../../src-shared/config-schema.ts';
import { untilPacificMidnightMs } from '../../src-main/core/vendors/gemini/quota-signals.ts';
import { type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  type Harness,
  parseEvents,
  postMessages,
  startProxy,
  textOf,
} from '../support/proxy-harness.ts';
import {
  ANTHROPIC_OVERLOADED,
  ANTHROPIC_RATE_LIMITED,
  CHAT_INSUFFICIENT_QUOTA,
  CHAT_RATE_LIMITED,
  GEMINI_PER_DAY,
  GEMINI_PER_MINUTE,
  MINIMAX_BALANCE,
  ZHIPU_BALANCE,
} from './fixtures/in-stream-errors.ts';
import { BACKUP_TEXT, backupVendor, circuitOf, quotaOf, startBackup } from './helpers.ts';

const CLOCK = Date.parse('2026-12-01T10:00:00Z');
const STREAMING = { ...BASIC_REQUEST, stream: true };
const opened: Array<{ close(): Promise<void> }> = [];
after(async () => {
  for (const item of opened.reverse()) await item.close();
});

/** No reset named: the tier waits the guard's probe interval (probeIntervalSeconds) before one request probes. */
const PROBE_MS = 60_000;
const guarded = {
  circuitBreaker: { failureThreshold: 1, maxRecoveryTimeoutSeconds: 86_400 },
  quotaGuards: [{ windowHours: 5, tokenBudget: 1_000_000_000, probeIntervalSeconds: 60 }],
};
const chatTier = (url: string): VendorConfigInput => ({
  name: 'first',
  kind: 'openai-compatible',
  baseUrl: url,
  apiKey: 'sk-x',
  modelMap: [{ match: '*', to: 'gpt-4.1' }],
  ...guarded,
});
const geminiTier = (url: string): VendorConfigInput => ({
  name: 'first',
  kind: 'gemini',
  baseUrl: `${url}/v1beta`,
  apiKey: 'AIza-test',
  ...guarded,
});
const anthropicTier = (url: string): VendorConfigInput => ({
  name: 'first',
  kind: 'anthropic-compatible',
  baseUrl: url,
  apiKey: 'glm-key',
  ...guarded,
});

/** The first tier streams `chunks` (HTTP 200); a healthy backup follows. */
async function firstStreams(
  chunks: string[],
  tier: (url: string) => VendorConfigInput,
): Promise<{ proxy: Harness; first: FakeVendor; answer: string }> {
  const first = await startFakeVendor([{ kind: 'sse', chunks }]);
  const backup = await startBackup();
  const proxy = await startProxy(
    { vendors: [tier(first.url), backupVendor(backup.url)] },
    { now: () => CLOCK },
  );
  opened.push(first, backup, proxy);
  const answer = await postMessages(proxy.url, STREAMING);
  assert.equal(answer.status, 200);
  return { proxy, first, answer: textOf(parseEvents(answer.text)) };
}

const vendorQuotaOf = (proxy: Harness) => proxy.core.context.router.chain.status('first').vendorQuota;

/** The verdict's reason leads the attempt's ledger line, as it does for the same error on a status. */
function firstAttempt(proxy: Harness): string {
  return proxy.records.find((record) => record.vendor === 'first')?.errorMessage ?? '';
}

async function assertQuotaClosed(proxy: Harness, first: FakeVendor, resetInMs: number): Promise<void> {
  assert.equal(circuitOf(proxy, 'first').failures, 0, 'the breaker is not penalised');
  assert.equal(circuitOf(proxy, 'first').state, 'closed');
  assert.equal(quotaOf(proxy, 'first')[0]?.state, 'exhausted');
  assert.equal(vendorQuotaOf(proxy)?.until, CLOCK + resetInMs);
  // Closed until the reset: the next request does not knock on the first tier again.
  const again = await postMessages(proxy.url, STREAMING);
  assert.equal(textOf(parseEvents(again.text)), BACKUP_TEXT);
  assert.equal(first.requests.filter((request) => request.method === 'POST').length, 1);
}

describe('an error inside a 200 stream, before content (Chat Completions)', () => {
  it('insufficient_quota closes the tier as a quota, unpenalised, and the next tier serves', async () => {
    const { proxy, first, answer } = await firstStreams(CHAT_INSUFFICIENT_QUOTA, chatTier);
    assert.equal(answer, BACKUP_TEXT);
    assert.match(firstAttempt(proxy), /^quota used up: stream failed before content: You exceeded/);
    await assertQuotaClosed(proxy, first, PROBE_MS);
  });

  it('a 429 rate limit opens the breaker for the delay its words state, quotas untouched', async () => {
    const { proxy, answer } = await firstStreams(CHAT_RATE_LIMITED, chatTier);
    assert.equal(answer, BACKUP_TEXT);
    assert.equal(circuitOf(proxy, 'first').state, 'open');
    assert.equal(circuitOf(proxy, 'first').retryAt, CLOCK + 35_000);
    assert.equal(quotaOf(proxy, 'first')[0]?.state, 'ok');
    assert.equal(vendorQuotaOf(proxy), undefined);
    assert.match(firstAttempt(proxy), /^rate limited: stream failed before content/);
  });

  it('after content nothing fails over, but a spent quota still closes the tier for the next requests', async () => {
    const content = `data: ${JSON.stringify({
      id: 'chatcmpl-1',
      model: 'gpt-4.1',
      choices: [{ index: 0, delta: { role: 'assistant', content: 'half an ans' }, finish_reason: null }],
    })}\n\n`;
    const { proxy, first, answer } = await firstStreams([content, ...CHAT_INSUFFICIENT_QUOTA], chatTier);
    assert.equal(answer, 'half an ans');
    assert.equal(proxy.records.length, 1, 'no other tier was asked');
    assert.equal(
      proxy.records[0]?.errorMessage?.startsWith('quota used up: stream broke after content'),
      true,
    );
    await assertQuotaClosed(proxy, first, PROBE_MS);
  });
});

describe('an error inside a 200 stream, before content (Gemini API)', () => {
  it('RESOURCE_EXHAUSTED per day closes the tier until midnight Pacific, unpenalised', async () => {
    const { proxy, first, answer } = await firstStreams(GEMINI_PER_DAY, geminiTier);
    assert.equal(answer, BACKUP_TEXT);
    assert.match(firstAttempt(proxy), /^daily quota used up: stream failed before content/);
    await assertQuotaClosed(proxy, first, untilPacificMidnightMs(CLOCK));
  });

  it('RESOURCE_EXHAUSTED per minute opens the breaker for its RetryInfo delay, quotas untouched', async () => {
    const { proxy, answer } = await firstStreams(GEMINI_PER_MINUTE, geminiTier);
    assert.equal(answer, BACKUP_TEXT);
    assert.equal(circuitOf(proxy, 'first').retryAt, CLOCK + 19_000);
    assert.equal(quotaOf(proxy, 'first')[0]?.state, 'ok');
    assert.equal(vendorQuotaOf(proxy), undefined);
  });
});

describe('an error event inside an Anthropic-wire stream, before content', () => {
  it("Zhipu's 1113 and MiniMax's 1008 balance errors close the tier as a quota, unpenalised", async () => {
    for (const chunks of [ZHIPU_BALANCE, MINIMAX_BALANCE]) {
      const { proxy, first, answer } = await firstStreams(chunks, anthropicTier);
      assert.equal(answer, BACKUP_TEXT);
      assert.match(
        firstAttempt(proxy),
        /^quota used up: stream failed before content: [Ii]nsufficient balance/,
      );
      await assertQuotaClosed(proxy, first, PROBE_MS);
    }
  });

  it('rate_limit_error is a throttle (breaker opens, quotas untouched); overloaded_error still penalises', async () => {
    const limited = await firstStreams(ANTHROPIC_RATE_LIMITED, anthropicTier);
    assert.equal(limited.answer, BACKUP_TEXT);
    assert.equal(circuitOf(limited.proxy, 'first').state, 'open');
    assert.equal(quotaOf(limited.proxy, 'first')[0]?.state, 'ok');
    assert.match(firstAttempt(limited.proxy), /^rate limited: stream failed before content/);
    const overloaded = await firstStreams(ANTHROPIC_OVERLOADED, anthropicTier);
    assert.equal(overloaded.answer, BACKUP_TEXT);
    assert.equal(circuitOf(overloaded.proxy, 'first').state, 'open');
    assert.equal(vendorQuotaOf(overloaded.proxy), undefined);
  });
});
