// What one request costs the proxy before anything is sent upstream, for a Claude Code–shaped body of realistic
// size, in CPU per request (in-process): UTF-8 decoding, JSON parsing (validation), the depth guard, and the token
// estimate the context-window check runs when a tier's window is smaller than the body. These scale with the
// body; the floor comparison's small body hides them, its 300 KB line shows the first three. The estimate is
// measured three ways: at first sight (every text new to the proxy), on the next turn of the same conversation
// (Claude Code resends the history: remembered texts cost a lookup), and as the router's check runs it when the
// body's byte length already fits every window (no count at all).
import { estimateTokens, forgetRememberedTexts } from '../src-main/core/common/estimate-tokens.ts';
import { PromptFit } from '../src-main/core/router/prompt-fit.ts';
import { Tier } from '../src-main/core/router/tier.ts';
import { createAnthropicAdapter } from '../src-main/core/vendors/anthropic/adapter.ts';
import type { MessagesRequest } from '../src-shared/anthropic.ts';
import { parseConfig } from '../src-shared/config-schema.ts';
import { nestsDeeperThan } from '../src-main/core/server/json-depth.ts';
import type { BenchRow } from './bench-row.ts';
import { round } from './bench-row.ts';
import { conversationBody } from './conversation.ts';

function cpuMs(run: () => unknown, times: number): number {
  for (let i = 0; i < Math.max(3, times / 5); i++) run();
  const started = process.cpuUsage();
  for (let i = 0; i < times; i++) run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / times / 1000;
}

export function measureRequestWork(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const size of [300_000, 800_000]) {
    const text = conversationBody(size);
    const bytes = Buffer.from(text);
    const parsed = JSON.parse(text) as Parameters<typeof estimateTokens>[0];
    const kb = `${Math.round(bytes.length / 1000)} KB`;
    const tokens = estimateTokens(parsed);
    const times = size > 500_000 ? 20 : 40;
    rows.push(
      {
        name: `${kb} body: UTF-8 decode`,
        value: round(
          cpuMs(() => bytes.toString('utf8'), times),
          3,
        ),
        unit: 'ms',
      },
      {
        name: `${kb} body: JSON.parse`,
        value: round(
          cpuMs(() => JSON.parse(text), times),
          3,
        ),
        unit: 'ms',
      },
      {
        name: `${kb} body: depth guard`,
        value: round(
          cpuMs(() => nestsDeeperThan(parsed), times),
          3,
        ),
        unit: 'ms',
      },
      {
        name: `${kb} body: token estimate, first sight (~${Math.round(tokens / 1000)}k tokens)`,
        value: round(
          cpuMs(() => {
            forgetRememberedTexts();
            estimateTokens(parsed);
          }, times),
          3,
        ),
        unit: 'ms',
      },
      {
        name: `${kb} body: token estimate, next turn of the conversation (history seen before)`,
        value: round(nextTurn(text, times), 3),
        unit: 'ms',
        target: '≤ 0.3 ms per 300 KB',
        pass: nextTurn(text, times) <= 0.3 * (bytes.length / 300_000),
      },
      {
        name: `${kb} body: context-window check at 1M-token windows (bytes fit: nothing counted)`,
        value: round(fitCheck(text, bytes, 1_000_000, times), 3),
        unit: 'ms',
      },
    );
  }
  return rows;
}

/**
 * CPU of the estimate on a new parse of the same conversation with one more user message: every history text is an
 * equal string in a new object, as on Claude Code's next turn.
 */
function nextTurn(text: string, times: number): number {
  const turns = Array.from({ length: times * 2 }, (_, index) => {
    const body = JSON.parse(text) as Parameters<typeof estimateTokens>[0];
    body.messages.push({ role: 'user', content: `Go on with step ${index}.` });
    return body;
  });
  forgetRememberedTexts();
  estimateTokens(JSON.parse(text) as Parameters<typeof estimateTokens>[0]);
  let next = 0;
  return cpuMs(() => estimateTokens(turns[next++ % turns.length]!), times);
}

/** CPU of the router's context-window check on new requests whose bodies' bytes fit `window`. */
function fitCheck(text: string, bytes: Buffer, window: number, times: number): number {
  const parsed = parseConfig({
    vendors: [
      { name: 'wide', kind: 'anthropic-compatible', baseUrl: 'http://127.0.0.1:9', contextWindow: window },
    ],
  });
  if (!parsed.ok) throw new Error('bad bench config');
  const config = parsed.config.vendors[0]!;
  const tier = new Tier(config, createAnthropicAdapter(config), Date.now);
  const requests = Array.from({ length: times * 2 }, () => ({
    body: JSON.parse(text) as MessagesRequest,
    rawBody: text,
    rawBytes: bytes,
    headers: {},
    query: '',
    requestKey: 'k',
    sessionKey: '',
  }));
  let next = 0;
  return cpuMs(() => {
    const fit = new PromptFit(requests[next++ % requests.length]!);
    if (fit.tooSmall(tier) !== undefined || fit.estimated)
      throw new Error('the bound should have spared the count');
  }, times);
}

if (import.meta.main)
  for (const row of measureRequestWork()) console.log(`${row.name}: ${row.value} ${row.unit}`);
