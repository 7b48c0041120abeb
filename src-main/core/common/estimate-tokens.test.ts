import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import claudeCodeTools from '../vendors/gemini/fixtures/claude-code-tools.json' with { type: 'json' };
import { ESTIMATE_MARGIN, estimateTokens, textTokens } from './estimate-tokens.ts';

const require = createRequire(import.meta.url);
const { countTokens } = require('@anthropic-ai/tokenizer') as { countTokens(text: string): number };

function request(partial: Partial<MessagesRequest>): MessagesRequest {
  return { model: 'claude-sonnet-4-5', messages: [], ...partial };
}

const PROSE =
  'The proxy walks an ordered list of tiers. When a tier fails with a rate limit, an overload or a network error, ' +
  'the request moves on to the next one, and Claude Code never notices the difference.';
const CODE = `export function retryDelay(error: UpstreamError, budget: RetryConfig): number | undefined {
  if (!isTransient(error) || state.retries >= budget.maxAttempts) return undefined;
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** state.retries);
  return Math.round(ceiling * (0.1 + 0.9 * random()));
}`;

describe('token estimate', () => {
  it('lands near the public Claude tokenizer on prose, code and JSON (before the margin)', () => {
    for (const text of [PROSE, CODE, JSON.stringify(claudeCodeTools)]) {
      const ratio = textTokens(text) / countTokens(text);
      assert.ok(ratio > 0.8 && ratio < 1.25, `ratio ${ratio.toFixed(2)} for ${text.slice(0, 30)}`);
    }
  });

  it('errs on the generous side for a Claude Code-shaped request: margin, framing and the tool-use prompt', () => {
    const body = request({
      system: [{ type: 'text', text: PROSE }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Fix the retry delay' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/repo/retry.ts' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: CODE }] },
      ],
      tools: claudeCodeTools as MessagesRequest['tools'],
    });
    const plainText = [PROSE, 'Fix the retry delay', CODE, JSON.stringify(claudeCodeTools)].map(countTokens);
    const tokenizer = plainText.reduce((a, b) => a + b, 0);
    const estimate = estimateTokens(body);
    assert.ok(estimate > tokenizer + 346, `${estimate} vs ${tokenizer}`);
    assert.ok(estimate < (tokenizer + 346) * (1 + ESTIMATE_MARGIN) * 1.3, `${estimate} vs ${tokenizer}`);
  });

  it('counts images flat, CJK about one token a character, and skips redacted thinking', () => {
    const image = {
      type: 'image' as const,
      source: { type: 'base64' as const, media_type: 'image/png', data: 'A'.repeat(100_000) },
    };
    const framing = estimateTokens(request({ messages: [{ role: 'user', content: [] }] }));
    assert.equal(
      estimateTokens(request({ messages: [{ role: 'user', content: [image, image] }] })),
      framing + Math.ceil(3200 * (1 + ESTIMATE_MARGIN)),
    );
    assert.equal(textTokens('你好世界'), 4);
    const redacted = estimateTokens(
      request({
        messages: [{ role: 'assistant', content: [{ type: 'redacted_thinking', data: 'x'.repeat(5000) }] }],
      }),
    );
    assert.equal(redacted, framing);
  });

  it('scales linearly and stays fast on a 200k-token prompt', () => {
    const big = CODE.repeat(1200);
    const one = textTokens(CODE);
    assert.ok(Math.abs(textTokens(big) - one * 1200) < 1200 * 2);
  });
});
