import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import { estimateTokens } from './estimate-tokens.ts';

function request(partial: Partial<MessagesRequest>): MessagesRequest {
  return { model: 'claude-sonnet-4-5', messages: [], ...partial };
}

describe('estimateTokens', () => {
  it('estimates about 3.5 ASCII characters per token plus a small per-message overhead', () => {
    const text = 'a'.repeat(350);
    assert.equal(estimateTokens(request({ messages: [{ role: 'user', content: text }] })), 100 + 4);
  });

  it('counts system, tool inputs, tool results and tool schemas', () => {
    const empty = estimateTokens(request({ messages: [{ role: 'user', content: '' }] }));
    const full = estimateTokens(
      request({
        system: [{ type: 'text', text: 'x'.repeat(700) }],
        messages: [
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'y'.repeat(350) } }],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'toolu_1',
                content: [{ type: 'text', text: 'z'.repeat(3500) }],
              },
            ],
          },
        ],
        tools: [{ name: 'Read', description: 'd'.repeat(350), input_schema: { type: 'object' } }],
      }),
    );
    // system 200 + tool input ~100 + tool result 1000 + tool description 100, plus names, JSON and overheads.
    assert.ok(full > empty + 1400 && full < empty + 1500, `got ${full}`);
  });

  it('counts a flat ~1600 tokens per image, not its base64 length', () => {
    const image = {
      type: 'image' as const,
      source: { type: 'base64' as const, media_type: 'image/png', data: 'A'.repeat(100_000) },
    };
    const tokens = estimateTokens(request({ messages: [{ role: 'user', content: [image, image] }] }));
    assert.equal(tokens, 3200 + 4);
  });

  it('counts non-ASCII characters (CJK) as about one token each', () => {
    assert.equal(estimateTokens(request({ messages: [{ role: 'user', content: '你好世界' }] })), 4 + 4);
  });
});
