// Issue 14 points 5, 7 and 10 (Copilot) against a fake Copilot that behaves as the real one does today
// (fake-copilot.ts): the real proxy on 127.0.0.1, a Copilot tier signed in as a user would be, a healthy backup.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { VendorConfigInput } from '../../src-shared/config-schema.ts';
import type { StreamEvent } from '../../src-shared/anthropic.ts';
import type { StatusResponse } from '../../src-shared/contract.ts';
import { tierAvailability } from '../../src-shared/health.ts';
import { formatStatus } from '../../src-main/cli/status-format.ts';
import { outdatedClientAdvice } from '../../src-main/core/vendors/copilot/copilot-headers.ts';
import {
  assertValidAnthropicStream,
  collectMessage,
} from '../../src-main/core/vendors/anthropic-sequence.ts';
import type { FakeVendor } from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  controlFetch,
  type Harness,
  parseEvents,
  postMessages,
  startProxy,
  textOf,
} from '../support/proxy-harness.ts';
import { copilotTierFor, type FakeCopilot, startFakeCopilot } from './fake-copilot.ts';
import { BACKUP_TEXT, backupVendor, circuitOf, eventually, quotaOf, startBackup } from './helpers.ts';

let copilot: FakeCopilot;
let backup: FakeVendor;
let proxy: Harness | undefined;

const copilotTier = (extra: Partial<VendorConfigInput> = {}) => copilotTierFor(copilot, extra);

async function start(vendor: VendorConfigInput): Promise<Harness> {
  proxy = await startProxy({ vendors: [vendor, backupVendor(backup.url)] });
  return proxy;
}

async function modelsRead(harness: Harness): Promise<void> {
  const catalogue = harness.core.context.router.chain.get('copilot')?.adapter.modelCatalogue;
  await eventually(() => catalogue?.snapshot().fetchedAt !== undefined, 'Copilot /models was read at start');
}

function events(text: string): StreamEvent[] {
  return parseEvents(text).map((event) => event.data as StreamEvent);
}

before(async () => {
  copilot = await startFakeCopilot();
  backup = await startBackup();
});
after(async () => {
  await copilot.close();
  await backup.close();
});
beforeEach(async () => {
  await proxy?.close();
  proxy = undefined;
  copilot.seen.length = 0;
  copilot.outOfQuota = false;
  copilot.rateLimited = false;
});
after(() => proxy?.close());

describe('GitHub Copilot as it is today (issue 14)', () => {
  it('5 · is served with the headers Copilot accepts today (no 466)', async () => {
    const harness = await start(copilotTier());
    const answer = await postMessages(harness.url, { ...BASIC_REQUEST, stream: true });
    assert.match(textOf(parseEvents(answer.text)), /^copilot (chat|messages) answered$/);
    // The same headers on every API path (chat, or /v1/messages once /models was read).
    const sent = copilot.inferenceCalls()[0]?.headers;
    assert.equal(sent?.['openai-intent'], 'conversation-agent');
    assert.equal(sent?.['x-interaction-type'], 'conversation-agent');
    assert.equal(sent?.['x-agent-task-id'], sent?.['x-request-id']);
  });

  it('5 · a 466 "version no longer supported" fails over and tells the user in one sentence what to update', async () => {
    const oldClient = {
      'editor-plugin-version': 'copilot-chat/0.26.7',
      'x-github-api-version': '2025-04-01',
    };
    const harness = await start(copilotTier({ headers: oldClient }));
    const answer = await postMessages(harness.url, { ...BASIC_REQUEST, stream: true });
    assert.equal(textOf(parseEvents(answer.text)), BACKUP_TEXT);
    assert.equal(harness.records[0]?.status, 466);
    const lastError = harness.core.context.router.chain.status('copilot').lastError?.message ?? '';
    const advice = outdatedClientAdvice(oldClient);
    assert.ok(lastError.includes(advice), lastError);
    assert.match(advice, /announces \(set in this vendor's headers\): update coding-proxy, or set newer/);
    assert.match(outdatedClientAdvice(), /announces \(copilot-chat\/0\.52\.0, API 2026-06-01\)/);
    assert.doesNotMatch(advice, /[.!?]\s+[A-Z]/, 'one sentence');
    assert.equal(circuitOf(harness, 'copilot').state, 'open');
  });

  it('5 · the version headers a user sets in the vendor reach every Copilot call: token exchange, /models, /responses', async () => {
    const overrides = {
      'Editor-Plugin-Version': 'copilot-chat/0.61.0',
      'user-agent': 'GitHubCopilotChat/0.61.0',
      authorization: 'never this',
    };
    const harness = await start(
      copilotTier({ headers: overrides, modelMap: [{ match: 'claude-*', to: 'gpt-5.3-codex' }] }),
    );
    await modelsRead(harness);
    const answer = await postMessages(harness.url, BASIC_REQUEST);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(harness.records.at(-1)?.vendor, 'copilot');
    for (const path of ['/copilot_internal/v2/token', '/models', '/responses']) {
      const sent = copilot.calls(path)[0]?.headers;
      assert.equal(sent?.['editor-plugin-version'], 'copilot-chat/0.61.0', path);
      assert.equal(sent?.['user-agent'], 'GitHubCopilotChat/0.61.0', path);
      assert.notEqual(sent?.authorization, 'never this', path);
    }
  });

  it('7 · serves a GPT-5-class model on /responses (as /models says), streamed, with its reasoning', async () => {
    const harness = await start(copilotTier({ modelMap: [{ match: 'claude-*', to: 'gpt-5.3-codex' }] }));
    await modelsRead(harness);
    const answer = await postMessages(harness.url, { ...BASIC_REQUEST, stream: true });
    const stream = events(answer.text);
    assertValidAnthropicStream(stream);
    assert.deepEqual(collectMessage(stream)?.content, [
      { type: 'thinking', thinking: '**Counting character occurrences**', signature: '' },
      { type: 'text', text: 'There are **3** letter **“r”**s in **“strawberry.”**' },
    ]);
    assert.equal(copilot.calls('/chat/completions').length, 0, 'never tried /chat/completions');
    const sent = JSON.parse(copilot.calls('/responses')[0]?.body ?? '{}') as Record<string, unknown>;
    assert.equal(sent.model, 'gpt-5.3-codex');
    assert.equal(sent.store, false);
    assert.deepEqual(sent.input, [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    ]);
  });

  it('7 · tool calls come back from /responses as tool_use, whole and streamed', async () => {
    const harness = await start(copilotTier({ modelMap: [{ match: 'claude-*', to: 'gpt-5.3-codex' }] }));
    const withTool = {
      ...BASIC_REQUEST,
      tools: [
        { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
      ],
    };
    const streamed = collectMessage(
      events((await postMessages(harness.url, { ...withTool, stream: true })).text),
    );
    const whole = (await postMessages(harness.url, withTool)).json() as {
      content: unknown;
      stop_reason: string;
    };
    for (const message of [streamed, whole]) {
      assert.deepEqual(message?.content, [
        {
          type: 'tool_use',
          id: 'call_2FQdm3Br7Qb35YUBSkDR7kue',
          name: 'get_weather',
          input: { city: 'Beijing' },
        },
      ]);
      assert.equal(message?.stop_reason, 'tool_use');
    }
    const sent = JSON.parse(copilot.calls('/responses')[0]?.body ?? '{}') as { tools: unknown };
    assert.deepEqual(sent.tools, [
      {
        type: 'function',
        name: 'get_weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
        strict: false,
      },
    ]);
  });

  it('10 · 402 quota_exceeded marks the quota exhausted and fails over, instead of counting on the word "quota"', async () => {
    copilot.outOfQuota = true;
    const harness = await start({
      ...copilotTier(),
      quotaGuards: [{ windowHours: 720, tokenBudget: 1_000_000_000 }],
    });
    const answer = await postMessages(harness.url, BASIC_REQUEST);
    assert.equal(answer.status, 200);
    assert.equal(harness.records.at(-1)?.vendor, 'backup');
    assert.equal(harness.records[0]?.status, 402);
    assert.equal(quotaOf(harness, 'copilot')[0]?.state, 'exhausted');
  });

  it('10 · with no quota guard configured, 402 quota_exceeded still closes the tier until the re-probe time, with no breaker penalty, and status says so', async () => {
    copilot.outOfQuota = true;
    const harness = await start(copilotTier());
    const before = Date.now();
    const first = await postMessages(harness.url, BASIC_REQUEST);
    assert.equal(first.status, 200);
    assert.equal(harness.records.at(-1)?.vendor, 'backup');
    const asked = copilot.inferenceCalls().length;
    // failureThreshold is 1: a counted failure would have opened the breaker.
    assert.deepEqual(
      [circuitOf(harness, 'copilot').state, circuitOf(harness, 'copilot').failures],
      ['closed', 0],
    );

    const second = await postMessages(harness.url, BASIC_REQUEST);
    assert.match(second.text, new RegExp(BACKUP_TEXT));
    assert.equal(copilot.inferenceCalls().length, asked, 'Copilot is not asked again before the reset');
    const skip = harness.records.at(-1)?.skipped.find((entry) => entry.tier === 'copilot');
    assert.match(skip?.reason ?? '', /^quota exhausted \(reported by the vendor\) until \d{4}-\d\d-\d\dT/);

    const status = (await (await controlFetch(harness, '/api/status')).json()) as StatusResponse;
    assert.deepEqual(status.health, { state: 'degraded', servingTier: 'backup' });
    const copilotStatus = status.tiers.find((tier) => tier.name === 'copilot');
    const until = copilotStatus?.vendorQuota?.until ?? 0;
    // Copilot names no reset time for premium requests: the default re-probe interval (5 min).
    assert.ok(until >= before + 5 * 60_000 && until <= Date.now() + 5 * 60_000, `until ${until}`);
    assert.deepEqual(tierAvailability(copilotStatus!, Date.now()), {
      state: 'quota-exhausted',
      until,
      reportedByVendor: true,
    });
    assert.match(
      formatStatus(status),
      /^1\. copilot \(copilot\)\n.*\n {3}vendor quota: exhausted by copilot until /m,
    );
    assert.match(formatStatus(status), /^2\. backup .*← serving$/m);
  });
});
