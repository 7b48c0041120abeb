import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromOpenAIResponse } from './response.ts';

const ctx = { requestedModel: 'claude-sonnet-4-5', upstreamModel: 'gpt-4.1' };

function completion(message: Record<string, unknown>, finishReason: string | null = 'stop', extra = {}) {
  return {
    id: 'chatcmpl-123',
    object: 'chat.completion',
    model: 'gpt-4.1-2025-04-14',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    ...extra,
  };
}

describe('fromOpenAIResponse', () => {
  it('turns a text completion into an Anthropic message with a msg_ id and the vendor-reported model', () => {
    assert.deepEqual(fromOpenAIResponse(completion({ content: 'Hello!' }), ctx), {
      id: 'msg_chatcmpl-123',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4.1-2025-04-14',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 20 },
    });
  });

  it('falls back to the upstream model and a generated id when the vendor reports neither', () => {
    const body = completion({ content: 'x' });
    delete (body as { model?: string }).model;
    delete (body as { id?: string }).id;
    const message = fromOpenAIResponse(body, ctx);
    assert.equal(message.model, 'gpt-4.1');
    assert.match(message.id, /^msg_[0-9a-f]{24}$/);
  });

  it('turns tool calls into tool_use blocks with parsed input and reports tool_use', () => {
    const message = fromOpenAIResponse(
      completion(
        {
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{"path":"a.ts"}' } },
            { id: 'call_2', type: 'function', function: { name: 'Glob', arguments: '' } },
          ],
        },
        'tool_calls',
      ),
      ctx,
    );
    assert.deepEqual(message.content, [
      { type: 'tool_use', id: 'call_1', name: 'Read', input: { path: 'a.ts' } },
      { type: 'tool_use', id: 'call_2', name: 'Glob', input: {} },
    ]);
    assert.equal(message.stop_reason, 'tool_use');
  });

  it('reads invalid tool arguments as {} and unwraps double-encoded ones', () => {
    const message = fromOpenAIResponse(
      completion({
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{"path": "a.ts"' } },
          {
            id: 'call_2',
            type: 'function',
            function: { name: 'Read', arguments: '"{\\"path\\":\\"b.ts\\"}"' },
          },
          { id: 'call_3', type: 'function', function: { name: 'Read', arguments: '[1,2]' } },
        ],
      }),
      ctx,
    );
    assert.deepEqual(
      message.content.map((block) => (block as { input?: unknown }).input),
      [{}, { path: 'b.ts' }, {}],
    );
  });

  it('reports tool_use whenever a tool block exists, even if the vendor said stop', () => {
    const message = fromOpenAIResponse(
      completion(
        { tool_calls: [{ id: 'c', type: 'function', function: { name: 'Read', arguments: '{}' } }] },
        'stop',
      ),
      ctx,
    );
    assert.equal(message.stop_reason, 'tool_use');
  });

  it('never reports tool_use without a tool block', () => {
    assert.equal(fromOpenAIResponse(completion({ content: 'x' }, 'tool_calls'), ctx).stop_reason, 'end_turn');
  });

  it('generates a toolu_ id when the vendor gives none and skips nameless calls', () => {
    const message = fromOpenAIResponse(
      completion({
        tool_calls: [
          { type: 'function', function: { name: 'Read', arguments: '{}' } },
          { id: 'x', type: 'function', function: { arguments: '{}' } },
        ],
      }),
      ctx,
    );
    assert.equal(message.content.length, 1);
    assert.match(String((message.content[0] as { id: string }).id), /^toolu_/);
  });

  it('puts reasoning first as a thinking block, whichever field the vendor uses', () => {
    for (const field of ['reasoning_content', 'reasoning', 'reasoning_text']) {
      const message = fromOpenAIResponse(completion({ content: 'Answer', [field]: 'Because' }), ctx);
      assert.deepEqual(message.content, [
        { type: 'thinking', thinking: 'Because', signature: '' },
        { type: 'text', text: 'Answer' },
      ]);
    }
  });

  const stops: Array<[string | null, string]> = [
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['content_filter', 'refusal'],
    [null, 'end_turn'],
    ['something_new', 'end_turn'],
  ];
  for (const [finish, stop] of stops) {
    it(`maps finish_reason ${finish} to ${stop}`, () => {
      assert.equal(fromOpenAIResponse(completion({ content: 'x' }, finish), ctx).stop_reason, stop);
    });
  }

  it('maps function_call to tool_use when a tool block exists', () => {
    const body = completion(
      { tool_calls: [{ id: 'c', type: 'function', function: { name: 'Read', arguments: '{}' } }] },
      'function_call',
    );
    assert.equal(fromOpenAIResponse(body, ctx).stop_reason, 'tool_use');
  });

  it('separates cached prompt tokens into cache_read_input_tokens', () => {
    const body = completion({ content: 'x' }, 'stop', {
      usage: { prompt_tokens: 1000, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 800 } },
    });
    assert.deepEqual(fromOpenAIResponse(body, ctx).usage, {
      input_tokens: 200,
      output_tokens: 5,
      cache_read_input_tokens: 800,
    });
  });

  it('reads DeepSeek cache hits and survives a missing usage', () => {
    const deepseek = completion({ content: 'x' }, 'stop', {
      usage: { prompt_tokens: 50, completion_tokens: 1, prompt_cache_hit_tokens: 30 },
    });
    assert.deepEqual(fromOpenAIResponse(deepseek, ctx).usage, {
      input_tokens: 20,
      output_tokens: 1,
      cache_read_input_tokens: 30,
    });
    const none = completion({ content: 'x' }, 'stop', { usage: null });
    assert.deepEqual(fromOpenAIResponse(none, ctx).usage, { input_tokens: 0, output_tokens: 0 });
  });

  it('merges text and tool calls that Copilot splits across choices', () => {
    const body = {
      id: 'x',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Let me read it.' }, finish_reason: 'stop' },
        {
          index: 1,
          message: {
            role: 'assistant',
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'Read', arguments: '{}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    const message = fromOpenAIResponse(body, ctx);
    assert.deepEqual(
      message.content.map((block) => block.type),
      ['text', 'tool_use'],
    );
    assert.equal(message.stop_reason, 'tool_use');
  });

  it('reads content given as text parts and skips empty text', () => {
    const parts = fromOpenAIResponse(
      completion({
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      }),
      ctx,
    );
    assert.deepEqual(parts.content, [{ type: 'text', text: 'ab' }]);
    assert.deepEqual(fromOpenAIResponse(completion({ content: '' }), ctx).content, []);
  });

  it('throws on bodies that are not completions, so the attempt fails over', () => {
    assert.throws(() => fromOpenAIResponse('<html>', ctx), /not a chat completion/);
    assert.throws(() => fromOpenAIResponse({ error: { message: 'quota exceeded' } }, ctx), /quota exceeded/);
    assert.throws(() => fromOpenAIResponse({ id: 'x' }, ctx), /without `choices`/);
  });
});
