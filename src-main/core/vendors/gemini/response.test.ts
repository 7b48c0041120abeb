import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UpstreamError } from '../../common/upstream-error.ts';
import type { GenerateContentResponse } from './gemini-types.ts';
import { fromGeminiResponse } from './response.ts';
import { toolIdFor } from './response-metadata.ts';
import { encodeThoughtSignature } from './thought-signature.ts';

const ctx = { requestedModel: 'claude-sonnet-4-5', upstreamModel: 'gemini-2.5-pro' };

const toolTurn: GenerateContentResponse = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { text: 'The user wants files. ', thought: true },
          { text: 'I will list them.', thought: true, thoughtSignature: 'THOUGHTSIG' },
          { text: 'Let me ' },
          { text: 'check.' },
          { functionCall: { name: 'Bash', args: { command: 'ls -la' } }, thoughtSignature: 'CALLSIG' },
          { functionCall: { name: 'Read', args: { file_path: '/a' } } },
        ],
      },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: {
    promptTokenCount: 1200,
    candidatesTokenCount: 40,
    totalTokenCount: 1340,
    cachedContentTokenCount: 1000,
    thoughtsTokenCount: 100,
  },
  modelVersion: 'gemini-2.5-pro',
  responseId: 'resp-abc123',
};

describe('fromGeminiResponse', () => {
  it('turns thoughts, text and function calls into thinking, text and tool_use blocks', () => {
    const message = fromGeminiResponse(toolTurn, ctx);
    assert.deepEqual(message.content, [
      {
        type: 'thinking',
        thinking: 'The user wants files. I will list them.',
        signature: encodeThoughtSignature('thought', 'THOUGHTSIG'),
      },
      { type: 'text', text: 'Let me check.' },
      { type: 'thinking', thinking: '', signature: encodeThoughtSignature('call', 'CALLSIG') },
      { type: 'tool_use', id: toolIdFor('resp-abc123', 0), name: 'Bash', input: { command: 'ls -la' } },
      { type: 'tool_use', id: toolIdFor('resp-abc123', 1), name: 'Read', input: { file_path: '/a' } },
    ]);
  });

  it('reports tool_use when Gemini says STOP after function calls', () => {
    assert.equal(fromGeminiResponse(toolTurn, ctx).stop_reason, 'tool_use');
  });

  it('echoes the requested model and derives the message id from responseId', () => {
    const message = fromGeminiResponse(toolTurn, ctx);
    assert.equal(message.model, 'claude-sonnet-4-5');
    assert.equal(message.id, 'msg_resp-abc123');
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
  });

  it('generates the same tool ids for the same response every time', () => {
    const first = fromGeminiResponse(toolTurn, ctx).content;
    const second = fromGeminiResponse(structuredClone(toolTurn), ctx).content;
    assert.deepEqual(first, second);
    assert.match(String((first[3] as { id: string }).id), /^toolu_[A-Za-z0-9_-]{24}$/);
  });

  it('maps usage: cached tokens out of input, thoughts into output', () => {
    assert.deepEqual(fromGeminiResponse(toolTurn, ctx).usage, {
      input_tokens: 200,
      output_tokens: 140,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 1000,
    });
  });

  it('unwraps the v1internal envelope', () => {
    const message = fromGeminiResponse({ response: toolTurn, traceId: 't1' }, ctx);
    assert.equal(message.content.length, 5);
  });

  it('maps MAX_TOKENS to max_tokens', () => {
    const body = { candidates: [{ content: { parts: [{ text: 'partial' }] }, finishReason: 'MAX_TOKENS' }] };
    assert.equal(fromGeminiResponse(body, ctx).stop_reason, 'max_tokens');
  });

  for (const reason of ['SAFETY', 'RECITATION', 'PROHIBITED_CONTENT', 'BLOCKLIST']) {
    it(`maps ${reason} with no content to a refusal carrying a non-empty text`, () => {
      const message = fromGeminiResponse({ candidates: [{ finishReason: reason }] }, ctx);
      assert.equal(message.stop_reason, 'refusal');
      assert.deepEqual(message.content, [{ type: 'text', text: `[Gemini blocked this answer: ${reason}]` }]);
    });
  }

  it('maps a blocked prompt (promptFeedback, no candidates) to a refusal', () => {
    const message = fromGeminiResponse({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } }, ctx);
    assert.equal(message.stop_reason, 'refusal');
  });

  it('restores tool names that were sanitised for Gemini', () => {
    const body = {
      candidates: [
        { content: { parts: [{ functionCall: { name: 'mcp__a_b', args: {} } }] }, finishReason: 'STOP' },
      ],
    };
    const message = fromGeminiResponse(body, { ...ctx, toolNames: ['mcp__a b'] });
    assert.equal((message.content[0] as { name: string }).name, 'mcp__a b');
  });

  it('throws a failover-able api_error for an answer with no content', () => {
    assert.throws(
      () => fromGeminiResponse({ candidates: [{ content: { parts: [] }, finishReason: 'STOP' }] }, ctx),
      (error: UpstreamError) => error.kind === 'http' && error.status === 502 && error.type === 'api_error',
    );
  });

  it('throws the mapped error for an error body', () => {
    const body = {
      error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' },
    };
    assert.throws(
      () => fromGeminiResponse(body, ctx),
      (error: UpstreamError) =>
        error.kind === 'http' && error.status === 429 && error.type === 'rate_limit_error',
    );
  });
});
