import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessagesRequest } from '../../../../src-shared/anthropic.ts';
import { reasoningSignature } from './reasoning-signature.ts';
import { toResponsesRequest } from './request.ts';

const base: MessagesRequest = { model: 'claude-sonnet-4-5', max_tokens: 32_000, messages: [] };

describe('Anthropic → Responses request', () => {
  it('puts the system text in instructions (without Claude Code’s billing line) and is stateless', () => {
    const body = toResponsesRequest(
      {
        ...base,
        system: [
          { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1' },
          { type: 'text', text: 'You are a coding assistant.' },
        ],
        messages: [{ role: 'user', content: 'hi' }],
        temperature: 0.2,
        top_p: 0.9,
        stop_sequences: ['END'],
      },
      { model: 'gpt-5.3-codex', stream: true },
    );
    assert.equal(body.instructions, 'You are a coding assistant.');
    assert.equal(body.store, false);
    assert.equal(body.stream, true);
    assert.equal(body.max_output_tokens, 32_000);
    // GPT-5-class models reject sampling parameters; stop sequences do not exist on this API.
    assert.deepEqual(Object.keys(body).sort(), [
      'input',
      'instructions',
      'max_output_tokens',
      'model',
      'store',
      'stream',
    ]);
  });

  it('turns a tool loop into function_call / function_call_output items, outputs before the user’s text', () => {
    const body = toResponsesRequest(
      {
        ...base,
        messages: [
          { role: 'user', content: 'list files' },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Let me look.' },
              { type: 'tool_use', id: 'call_1', name: 'ls', input: { path: '.' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'call_1', content: 'a.txt', is_error: false },
              { type: 'text', text: 'and now?' },
            ],
          },
        ],
        tools: [
          {
            name: 'ls',
            description: 'List',
            input_schema: { type: 'object', properties: { path: { type: 'string' } } },
          },
        ],
        tool_choice: { type: 'tool', name: 'ls', disable_parallel_tool_use: true },
      },
      { model: 'gpt-5.3-codex', stream: false },
    );
    assert.deepEqual(body.input, [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list files' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me look.' }] },
      { type: 'function_call', call_id: 'call_1', name: 'ls', arguments: '{"path":"."}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'a.txt' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'and now?' }] },
    ]);
    assert.deepEqual(body.tools, [
      {
        type: 'function',
        name: 'ls',
        description: 'List',
        parameters: { type: 'object', properties: { path: { type: 'string' } } },
        strict: false,
      },
    ]);
    assert.deepEqual(body.tool_choice, { type: 'function', name: 'ls' });
    assert.equal(body.parallel_tool_calls, false);
  });

  it('replays only reasoning it minted itself; other vendors’ thinking is dropped', () => {
    const ours = reasoningSignature('rs_1', 'gAAAAencrypted');
    const body = toResponsesRequest(
      {
        ...base,
        thinking: { type: 'enabled', budget_tokens: 20_000 },
        messages: [
          { role: 'user', content: 'q' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Anthropic thought', signature: 'EqQBCkYIARgCKkB...' },
              { type: 'thinking', thinking: 'our summary', signature: ours },
              { type: 'text', text: 'a' },
            ],
          },
          { role: 'user', content: 'q2' },
        ],
      },
      { model: 'gpt-5.3-codex', stream: true },
    );
    assert.deepEqual(body.input[1], {
      type: 'reasoning',
      id: 'rs_1',
      summary: [{ type: 'summary_text', text: 'our summary' }],
      encrypted_content: 'gAAAAencrypted',
    });
    assert.equal(body.input.length, 4);
    assert.deepEqual(body.reasoning, { effort: 'high', summary: 'detailed' });
    assert.deepEqual(body.include, ['reasoning.encrypted_content']);
  });

  it('sends images as input_image data URLs, also those a tool returned', () => {
    const image = {
      type: 'image' as const,
      source: { type: 'base64' as const, media_type: 'image/png', data: 'AAAA' },
    };
    const body = toResponsesRequest(
      {
        ...base,
        messages: [
          {
            role: 'user',
            content: [
              image,
              { type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'shot' }, image] },
            ],
          },
        ],
      },
      { model: 'gpt-5.3-codex', stream: true },
    );
    assert.deepEqual(body.input, [
      { type: 'function_call_output', call_id: 't', output: 'shot' },
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'auto' },
          { type: 'input_text', text: 'Image(s) returned by tool call t:' },
          { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'auto' },
        ],
      },
    ]);
  });
});
