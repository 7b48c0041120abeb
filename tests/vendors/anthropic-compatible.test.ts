// Issue 14 points 4, 8 and 9: the Anthropic-compatible vendors' plans, regions and auth, against fakes that
// behave as their documentation says (each case names its source). The preset host itself is Internet-only, so
// which host a plan/region selects is checked in presets.test.ts; here the tier talks to the fake at baseUrl.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { VendorConfigInput } from '../../src-shared/config-schema.ts';
import {
  type FakeVendor,
  type ReceivedRequest,
  type Step,
  startFakeVendor,
  anthropicMessage,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, type Harness, postMessages, startProxy } from '../support/proxy-harness.ts';
import { BACKUP_TEXT, backupVendor, circuitOf, startBackup } from './helpers.ts';

const opened: Array<{ close(): Promise<void> }> = [];
after(async () => {
  for (const item of opened.reverse()) await item.close();
});

async function fake(steps: Step[]): Promise<FakeVendor> {
  const vendor = await startFakeVendor(steps);
  opened.push(vendor);
  return vendor;
}

async function proxyWith(first: VendorConfigInput): Promise<{ proxy: Harness; backup: FakeVendor }> {
  const backup = await startBackup();
  opened.push(backup);
  const proxy = await startProxy({
    vendors: [{ circuitBreaker: { failureThreshold: 1 }, ...first }, backupVendor(backup.url)],
  });
  opened.push(proxy);
  return { proxy, backup };
}

const served = (text = 'served by the vendor'): Step => ({ kind: 'json', body: anthropicMessage(text) });
const modelOf = (request: ReceivedRequest | undefined) =>
  (request?.json as { model?: string } | undefined)?.model;

describe('Anthropic-compatible vendors as they are today (issue 14)', () => {
  it('4 · Alibaba: the Coding Plan gets the model the plan offers; pay-as-you-go the current Qwen line-up', async () => {
    const coding = await fake([served()]);
    const { proxy } = await proxyWith({
      name: 'qwen',
      kind: 'alibaba',
      plan: 'coding',
      baseUrl: coding.url,
      apiKey: 'sk-sp-1',
    });
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(modelOf(coding.requests[0]), 'qwen3.5-plus', 'not qwen3.6-plus, which the plan may refuse');
    const payg = await fake([served()]);
    const second = await proxyWith({
      name: 'qwen',
      kind: 'alibaba',
      plan: 'pay-as-you-go',
      baseUrl: payg.url,
      apiKey: 'sk-1',
    });
    await postMessages(second.proxy.url, { ...BASIC_REQUEST, model: 'claude-opus-4-6' });
    assert.equal(modelOf(payg.requests[0]), 'qwen3.7-max');
    assert.equal(payg.requests[0]?.headers['x-api-key'], 'sk-1');
  });

  it('8 · MiniMax: an image request goes to the next tier without a breaker penalty (MiniMax answers 400 to images)', async () => {
    // platform.minimaxi.com docs/api-reference/text-anthropic-api: text and tool calls only, no image/document input.
    const minimax = await fake([
      {
        kind: 'pick',
        choose: (req) =>
          req.body.includes('"type":"image"')
            ? {
                kind: 'json',
                status: 400,
                body: {
                  type: 'error',
                  error: {
                    type: 'invalid_request_error',
                    message: 'invalid params, image input is not supported',
                  },
                },
              }
            : served('minimax answered'),
      },
    ]);
    const { proxy } = await proxyWith({
      name: 'minimax',
      kind: 'minimax',
      baseUrl: minimax.url,
      apiKey: 'mm-key',
    });
    const withImage = {
      ...BASIC_REQUEST,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'text', text: 'what is this?' },
          ],
        },
      ],
    };
    const answer = await postMessages(proxy.url, withImage);
    assert.equal((answer.json() as { content: Array<{ text: string }> }).content[0]?.text, BACKUP_TEXT);
    assert.equal(minimax.requests.length, 0, 'MiniMax is not even asked');
    assert.match(
      proxy.records[0]?.errorMessage ?? '',
      /^cannot serve this request \(no image input on this tier\)/,
    );
    assert.equal(circuitOf(proxy, 'minimax').state, 'closed');
    const text = await postMessages(proxy.url, BASIC_REQUEST);
    assert.match(text.text, /minimax answered/, 'text requests still go to MiniMax');
  });

  it('8 · MiniMax: a key refused by the host says keys are bound to their platform and how to pick the region', async () => {
    const minimax = await fake([
      {
        kind: 'json',
        status: 401,
        body: { type: 'error', error: { type: 'authentication_error', message: 'invalid api key' } },
      },
    ]);
    // The fake stands in for api.minimaxi.com, refusing a platform.minimax.io (international) key.
    const { proxy } = await proxyWith({
      name: 'minimax',
      kind: 'minimax',
      region: 'china',
      baseUrl: minimax.url,
      apiKey: 'intl-key',
    });
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(proxy.records.at(-1)?.vendor, 'backup');
    const said = proxy.records[0]?.errorMessage ?? '';
    assert.match(said, /invalid api key — MiniMax keys only work on the host of the plan and region/);
    assert.match(said, /set "region"\/"plan" on the vendor to match the key/);
  });

  it('9 · Kimi For Coding: the key travels only as x-api-key, never as Bearer', async () => {
    // kimi.com/code/docs (other coding agents): sk-kimi- keys authenticate with x-api-key; Bearer alone gets 401.
    const kimi = await fake([
      {
        kind: 'pick',
        choose: (req) =>
          req.headers['x-api-key'] === 'sk-kimi-test' && req.headers.authorization === undefined
            ? served('kimi answered')
            : {
                kind: 'json',
                status: 401,
                body: { error: { type: 'invalid_authentication_error', message: 'Invalid Authentication' } },
              },
      },
    ]);
    const { proxy } = await proxyWith({
      name: 'kimi',
      kind: 'kimi',
      baseUrl: kimi.url,
      apiKey: 'sk-kimi-test',
    });
    const answer = await postMessages(proxy.url, BASIC_REQUEST, {
      authorization: 'Bearer sk-ant-oat01-client',
    });
    assert.match(answer.text, /kimi answered/);
    assert.equal(kimi.requests[0]?.headers.authorization, undefined);
    assert.equal(modelOf(kimi.requests[0]), 'kimi-for-coding');
  });
});
