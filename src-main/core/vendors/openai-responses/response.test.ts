import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromResponsesResult } from './response.ts';

const ctx = {
  requestedModel: 'claude-sonnet-4-5',
  upstreamModel: 'gpt-5.3-codex',
  request: { model: 'x', messages: [] },
};

describe('a whole Responses answer → Anthropic message', () => {
  it('maps reasoning, text and function calls in order, with cached tokens counted apart', () => {
    const message = fromResponsesResult(
      {
        id: 'resp_9',
        model: 'gpt-5.3-codex',
        status: 'completed',
        output: [
          {
            type: 'reasoning',
            id: 'rs_1',
            summary: [{ type: 'summary_text', text: 'think' }],
            encrypted_content: null,
          },
          { type: 'message', content: [{ type: 'output_text', text: 'Calling ls.' }] },
          { type: 'function_call', call_id: 'call_1', name: 'ls', arguments: '{"path":"."}' },
        ],
        usage: { input_tokens: 50, output_tokens: 9, input_tokens_details: { cached_tokens: 10 } },
      },
      ctx,
    );
    assert.deepEqual(message.content, [
      { type: 'thinking', thinking: 'think' },
      { type: 'text', text: 'Calling ls.' },
      { type: 'tool_use', id: 'call_1', name: 'ls', input: { path: '.' } },
    ]);
    assert.equal(message.id, 'msg_resp_9');
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual(message.usage, { input_tokens: 40, output_tokens: 9, cache_read_input_tokens: 10 });
  });

  it('throws a failed or empty response as a before-content failure, so the tier fails over', () => {
    assert.throws(
      () => fromResponsesResult({ status: 'failed', error: { code: 'server_error', message: 'boom' } }, ctx),
      { kind: 'stream', afterContent: false, message: 'boom' },
    );
    assert.throws(() => fromResponsesResult({ status: 'completed', output: [] }, ctx), {
      kind: 'stream',
      type: 'api_error',
    });
  });
});
