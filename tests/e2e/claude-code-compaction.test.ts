// Context-window-aware tiers with the client our users run: when a conversation outgrows the only tier's window, the
// proxy answers Anthropic's own 400 "prompt is too long: N tokens > M maximum" without calling the tier, and the
// real Claude Code CLI compacts the conversation and carries on — the turn still gets its answer. The window is set
// from this Claude Code version's own first request (its system prompt and tools are most of it), estimated with
// the router's estimator, so the test follows Claude Code upgrades instead of pinning a token count.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MessagesRequest } from '../../src-shared/anthropic.ts';
import type { RequestFinished } from '../../src-shared/contract.ts';
import { estimateTokens } from '../../src-main/core/common/estimate-tokens.ts';
import { CLAUDE, claudeEnv, run } from '../support/claude-cli.ts';
import {
  type FakeVendor,
  type ReceivedRequest,
  type Step,
  anthropicMessage,
  anthropicStream,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { type Harness, startProxy } from '../support/proxy-harness.ts';

/** ~2,500 tokens of notes the first turn asks Claude to remember: what compaction can fold away. */
const NOTES = `Remember these notes: ${Array.from({ length: 250 }, (_, i) => `note${i} is about topic ${i * 7}`).join(' ')}`;
/** ~1,500 tokens: with the notes still in the history, the second turn no longer fits. */
const MORE = `Now also these: ${Array.from({ length: 150 }, (_, i) => `item${i} weighs ${i * 3} grams`).join(' ')} — what was note3 about?`;

function answers(): Step[] {
  return [
    {
      kind: 'pick',
      choose: (req: ReceivedRequest, index: number) =>
        (req.json as { stream?: boolean } | undefined)?.stream
          ? { kind: 'sse', chunks: anthropicStream(`answer ${index + 1}`, { deltas: 1 }) }
          : { kind: 'json', body: anthropicMessage(`answer ${index + 1}`) },
    },
  ];
}

const mainRequests = (vendor: FakeVendor) =>
  vendor.requests.filter((r) => ((r.json as { tools?: unknown[] } | undefined)?.tools?.length ?? 0) > 0);

describe('Claude Code compacts on the proxy\'s "prompt is too long"', () => {
  let vendor: FakeVendor;
  let home: string;
  let work: string;
  const proxies: Harness[] = [];

  before(async () => {
    vendor = await startFakeVendor(answers());
    home = mkdtempSync(join(tmpdir(), 'cp-claude-home-'));
    work = mkdtempSync(join(tmpdir(), 'cp-claude-work-'));
  });

  after(async () => {
    for (const proxy of proxies) await proxy.close();
    await vendor?.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  async function claude(proxy: Harness, args: string[]) {
    // `--continue` finds the conversation by the working directory: both turns run in the same one.
    return run('/bin/sh', ['-c', `cd "${work}" && exec "${CLAUDE}" "$@"`, 'claude', ...args], {
      ...claudeEnv(home, proxy.url),
    });
  }

  it('the turn that outgrows the window is answered after Claude Code compacts, and the tier never saw it whole', async () => {
    const roomy = await startProxy({
      vendors: [{ name: 'small', kind: 'anthropic-compatible', baseUrl: vendor.url, apiKey: 'sk-small-key' }],
    });
    proxies.push(roomy);
    const first = await claude(roomy, ['-p', NOTES]);
    assert.equal(first.code, 0, first.output);
    const turnOne = mainRequests(vendor).at(-1);
    assert.ok(turnOne, 'Claude Code sent its first turn through the proxy');
    const firstSize = estimateTokens(turnOne.json as MessagesRequest);
    // Room for a few hundred tokens more than the first turn: the notes plus the new prompt cannot fit, the new
    // prompt with a summary in place of the notes can.
    const window = firstSize + 750;

    const tight = await startProxy({
      vendors: [
        {
          name: 'small',
          kind: 'anthropic-compatible',
          baseUrl: vendor.url,
          apiKey: 'sk-small-key',
          contextWindow: window,
        },
      ],
    });
    proxies.push(tight);
    const finished: RequestFinished[] = [];
    tight.core.context.events.on((event) => {
      if (event.type === 'request-finished') finished.push(event.request);
    });
    const seenBefore = vendor.requests.length;
    const second = await claude(tight, ['-p', '--continue', MORE]);
    assert.equal(second.code, 0, second.output);
    assert.match(second.output, /answer \d+/, 'the second turn got an answer');

    // The proxy refused the whole conversation with Anthropic's own words, never calling the tier for it.
    const refused = finished.filter(
      (r) => r.status === 400 && /^prompt is too long: \d+ tokens > \d+ maximum$/.test(r.errorMessage ?? ''),
    );
    assert.ok(refused.length >= 1, JSON.stringify(finished.map((r) => [r.status, r.errorMessage])));
    assert.deepEqual(
      refused[0]?.skipped?.map((s) => s.tier),
      ['small'],
    );
    const later = vendor.requests.slice(seenBefore);
    const whole = later.filter(
      (r) => r.body.includes('note249 is about') && r.body.includes('item149 weighs'),
    );
    for (const request of whole) {
      assert.ok(
        ((request.json as { tools?: unknown[] }).tools?.length ?? 0) === 0 ||
          estimateTokens(request.json as MessagesRequest) <= window,
        'no request over the window reached the tier',
      );
    }
    // Claude Code summarised the history, then asked again with the summary in place of the notes.
    const last = mainRequests(vendor).at(-1);
    assert.ok(last && later.includes(last), 'the answered turn went to the tier after the refusal');
    assert.ok(last.body.includes('item149 weighs'), 'the answered turn carries the new prompt');
    assert.ok(!last.body.includes('note249 is about topic 1743'), 'the notes were compacted away');
    assert.ok(estimateTokens(last.json as MessagesRequest) <= window);
  });
});
