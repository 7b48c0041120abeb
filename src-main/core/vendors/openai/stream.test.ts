import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StreamEvent } from '../../../../src-shared/anthropic.ts';
import type { SseFrame } from '../../sse/sse-frame.ts';
import { SseParser } from '../../sse/sse-parser.ts';
import { assertValidAnthropicStream, collectMessage, eventsFromFrames } from '../anthropic-sequence.ts';
import { createOpenAIStreamTranslator, RUNAWAY_WHITESPACE_CHARS } from './stream.ts';

const ctx = { requestedModel: 'claude-sonnet-4-5', upstreamModel: 'gpt-4.1' };

type Chunk = Record<string, unknown> | string;

/** One recorded upstream chunk → the frame the SSE parser would give (strings are raw `data`, e.g. `[DONE]`). */
function frame(chunk: Chunk): SseFrame {
  return { event: '', data: typeof chunk === 'string' ? chunk : JSON.stringify(chunk) };
}

function delta(value: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    model: 'gpt-4.1-2025-04-14',
    choices: [{ index: 0, delta: value, finish_reason: finishReason }],
    usage: null,
  };
}

function finish(reason: string): Record<string, unknown> {
  return delta({}, reason);
}

const usageChunk = {
  id: 'chatcmpl-1',
  choices: [],
  usage: { prompt_tokens: 120, completion_tokens: 9, prompt_tokens_details: { cached_tokens: 100 } },
};

function toolCall(
  index: number,
  fields: { id?: string; name?: string; args?: string },
): Record<string, unknown> {
  const fn: Record<string, unknown> = {};
  if (fields.name !== undefined) fn.name = fields.name;
  if (fields.args !== undefined) fn.arguments = fields.args;
  return delta({
    tool_calls: [{ index, ...(fields.id ? { id: fields.id, type: 'function' } : {}), function: fn }],
  });
}

/** Feeds a recorded stream, checks the output is a valid Anthropic sequence, and returns it. */
function translate(chunks: Chunk[], options: { end?: boolean } = {}): StreamEvent[] {
  const translator = createOpenAIStreamTranslator(ctx);
  const frames = chunks.flatMap((chunk) => translator.push(frame(chunk)));
  if (options.end !== false) frames.push(...translator.end());
  const events = eventsFromFrames(frames);
  assertValidAnthropicStream(events);
  return events;
}

function types(events: StreamEvent[]): string[] {
  return events.map((event) =>
    event.type === 'content_block_delta'
      ? `delta:${event.delta.type}`
      : event.type === 'content_block_start'
        ? `start:${event.content_block.type}`
        : event.type,
  );
}

function lastError(events: StreamEvent[]): { type: string; message: string } | undefined {
  const last = events.at(-1);
  return last?.type === 'error' ? last.error : undefined;
}

describe('createOpenAIStreamTranslator', () => {
  it('translates a text stream and waits for the trailing usage chunk before message_delta', () => {
    const translator = createOpenAIStreamTranslator(ctx);
    const push = (chunk: Chunk) => eventsFromFrames(translator.push(frame(chunk)));
    const events = [
      ...push(delta({ role: 'assistant', content: '' })),
      ...push(delta({ content: 'Hel' })),
      ...push(delta({ content: 'lo' })),
    ];
    const atFinish = push(finish('stop'));
    assert.deepEqual(types(atFinish), ['content_block_stop']);
    const atUsage = push(usageChunk);
    assert.deepEqual(types(atUsage), ['message_delta', 'message_stop']);
    assert.deepEqual(push('[DONE]'), []);
    assert.deepEqual(eventsFromFrames(translator.end()), []);
    const all = [...events, ...atFinish, ...atUsage];
    assertValidAnthropicStream(all);
    assert.deepEqual(types(all), [
      'message_start',
      'start:text',
      'delta:text_delta',
      'delta:text_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const message = collectMessage(all);
    assert.equal(message?.id, 'msg_chatcmpl-1');
    assert.equal(message?.model, 'gpt-4.1-2025-04-14');
    assert.deepEqual(message?.content, [{ type: 'text', text: 'Hello' }]);
    assert.equal(message?.stop_reason, 'end_turn');
    assert.deepEqual(message?.usage, { input_tokens: 20, output_tokens: 9, cache_read_input_tokens: 100 });
  });

  it('streams two parallel tool calls with oddly split fragments as two tool_use blocks', () => {
    const events = translate([
      delta({ role: 'assistant', content: null }),
      toolCall(0, { id: 'call_a', name: 'Read', args: '' }),
      toolCall(0, { args: '{"pa' }),
      toolCall(0, { args: 'th": "src/a' }),
      toolCall(0, { args: '.ts"}' }),
      toolCall(1, { id: 'call_b', name: 'Grep', args: '{"pat' }),
      toolCall(1, { args: 'tern":"TODO","glob":"*.ts"' }),
      toolCall(1, { args: '}' }),
      finish('tool_calls'),
      usageChunk,
      '[DONE]',
    ]);
    assert.deepEqual(types(events), [
      'message_start',
      'start:tool_use',
      'delta:input_json_delta',
      'delta:input_json_delta',
      'delta:input_json_delta',
      'content_block_stop',
      'start:tool_use',
      'delta:input_json_delta',
      'delta:input_json_delta',
      'delta:input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const message = collectMessage(events);
    assert.deepEqual(message?.content, [
      { type: 'tool_use', id: 'call_a', name: 'Read', input: { path: 'src/a.ts' } },
      { type: 'tool_use', id: 'call_b', name: 'Grep', input: { pattern: 'TODO', glob: '*.ts' } },
    ]);
    assert.equal(message?.stop_reason, 'tool_use');
  });

  it('keeps interleaved fragments of parallel calls apart by holding the second call until the first completes', () => {
    const events = translate([
      toolCall(0, { id: 'call_a', name: 'Read', args: '{"path":' }),
      toolCall(1, { id: 'call_b', name: 'Read', args: '{"path":' }),
      toolCall(0, { args: '"a.ts"}' }),
      toolCall(1, { args: '"b.ts"}' }),
      finish('tool_calls'),
      '[DONE]',
    ]);
    assert.deepEqual(collectMessage(events)?.content, [
      { type: 'tool_use', id: 'call_a', name: 'Read', input: { path: 'a.ts' } },
      { type: 'tool_use', id: 'call_b', name: 'Read', input: { path: 'b.ts' } },
    ]);
  });

  it('starts a tool block only when both id and name arrived, and ignores a later empty name', () => {
    const events = translate([
      toolCall(0, { id: 'call_a' }),
      toolCall(0, { name: 'Bash', args: '{"command":' }),
      toolCall(0, { name: '', args: '"ls"}' }),
      finish('tool_calls'),
    ]);
    assert.deepEqual(collectMessage(events)?.content, [
      { type: 'tool_use', id: 'call_a', name: 'Bash', input: { command: 'ls' } },
    ]);
  });

  it('reads whole tool calls sent without index (one per id) and generates ids when missing', () => {
    const events = translate([
      delta({
        tool_calls: [
          { id: 'call_1', function: { name: 'Read', arguments: '{"path":"a"}' } },
          { id: 'call_2', function: { name: 'Read', arguments: '{"path":"b"}' } },
        ],
      }),
      delta({ tool_calls: [{ index: 2, function: { name: 'Glob', arguments: '{}' } }] }),
      finish('stop'),
    ]);
    const content = collectMessage(events)?.content as Array<{ id: string; input: unknown }>;
    assert.deepEqual(
      content.map((block) => block.input),
      [{ path: 'a' }, { path: 'b' }, {}],
    );
    assert.match(content[2]?.id ?? '', /^toolu_/);
    assert.equal(collectMessage(events)?.stop_reason, 'tool_use');
  });

  it('closes the text block before a tool block starts, flushing trailing whitespace into it', () => {
    const events = translate([
      delta({ content: 'Let me check.\n' }),
      toolCall(0, { id: 'call_a', name: 'Read', args: '{"path":"a"}' }),
      finish('tool_calls'),
    ]);
    assert.deepEqual(collectMessage(events)?.content, [
      { type: 'text', text: 'Let me check.\n' },
      { type: 'tool_use', id: 'call_a', name: 'Read', input: { path: 'a' } },
    ]);
  });

  it('puts reasoning_content first as a thinking block, then the text', () => {
    const events = translate([
      delta({ role: 'assistant', reasoning_content: 'The user ' }),
      delta({ reasoning_content: 'wants a greeting.' }),
      delta({ content: 'Hi!' }),
      finish('stop'),
      usageChunk,
    ]);
    assert.deepEqual(collectMessage(events)?.content, [
      { type: 'thinking', thinking: 'The user wants a greeting.', signature: '' },
      { type: 'text', text: 'Hi!' },
    ]);
  });

  it('accepts OpenRouter-style `reasoning` deltas too', () => {
    const events = translate([delta({ reasoning: 'hmm' }), delta({ content: 'ok' }), finish('stop')]);
    assert.deepEqual(
      collectMessage(events)?.content.map((block) => block.type),
      ['thinking', 'text'],
    );
  });

  it('survives usage: null, choices: [], chunks without role, null content and malformed frames', () => {
    const events = translate([
      { id: 'x', choices: [], usage: null },
      delta({ content: null }),
      '{"choices": [ this is not json',
      delta({ content: 'ok' }),
      { id: 'x', choices: [{ index: 0, delta: null, finish_reason: null }] },
      finish('stop'),
      '[DONE]',
    ]);
    const message = collectMessage(events);
    assert.deepEqual(message?.content, [{ type: 'text', text: 'ok' }]);
    assert.deepEqual(message?.usage, { input_tokens: 0, output_tokens: 0 });
  });

  it('finalises with end_turn when the stream ends without finish_reason or [DONE]', () => {
    const events = translate([delta({ content: 'partial answer' })]);
    assert.equal(collectMessage(events)?.stop_reason, 'end_turn');
    assert.equal(events.at(-1)?.type, 'message_stop');
  });

  it('finalises at once when the usage rides on the finishing chunk, and ignores what follows', () => {
    const translator = createOpenAIStreamTranslator(ctx);
    translator.push(frame(delta({ content: 'x' })));
    const finishing = { ...finish('length'), usage: { prompt_tokens: 3, completion_tokens: 1 } };
    const events = eventsFromFrames(translator.push(frame(finishing)));
    assert.deepEqual(types(events), ['content_block_stop', 'message_delta', 'message_stop']);
    assert.equal(events[1]?.type === 'message_delta' && events[1].delta.stop_reason, 'max_tokens');
    assert.deepEqual(translator.push(frame(usageChunk)), []);
    assert.deepEqual(translator.end(), []);
  });

  it('reads usage that Moonshot puts inside the final choice', () => {
    const events = translate([
      delta({ content: 'x' }),
      {
        id: 'x',
        choices: [
          { index: 0, delta: {}, finish_reason: 'stop', usage: { prompt_tokens: 7, completion_tokens: 2 } },
        ],
      },
    ]);
    assert.deepEqual(collectMessage(events)?.usage, { input_tokens: 7, output_tokens: 2 });
  });

  it('ends an empty completion with an api_error instead of message_stop, so the router fails over', () => {
    const events = translate([
      delta({ role: 'assistant', content: '' }),
      finish('stop'),
      usageChunk,
      '[DONE]',
    ]);
    assert.deepEqual(types(events), ['message_start', 'error']);
    assert.equal(lastError(events)?.type, 'api_error');
    assert.match(lastError(events)?.message ?? '', /empty completion/);
  });

  it('treats a stream with no chunks at all, or only thinking, as an empty completion', () => {
    assert.deepEqual(types(translate([])), ['error']);
    const thinkingOnly = translate([delta({ reasoning_content: 'hmm' }), finish('length')]);
    assert.deepEqual(types(thinkingOnly), [
      'message_start',
      'start:thinking',
      'delta:thinking_delta',
      'content_block_stop',
      'error',
    ]);
  });

  it('stops a runaway whitespace stream with an api_error and forwards none of the whitespace', () => {
    const translator = createOpenAIStreamTranslator(ctx);
    const frames: SseFrame[] = [];
    let chunks = 0;
    while (!frames.some((f) => f.event === 'error')) {
      frames.push(...translator.push(frame(delta({ content: ' \n\t  \n\n  ' }))));
      chunks++;
      assert.ok(chunks < 1000, 'the translator never gave up');
    }
    assert.ok(chunks * 10 > RUNAWAY_WHITESPACE_CHARS);
    assert.deepEqual(translator.push(frame(delta({ content: 'late text' }))), []);
    assert.deepEqual(translator.end(), []);
    const events = eventsFromFrames(frames);
    assertValidAnthropicStream(events);
    assert.deepEqual(types(events), ['message_start', 'error']);
    assert.match(lastError(events)?.message ?? '', /whitespace/);
  });

  it('holds whitespace until non-whitespace follows, so whitespace alone never opens a text block', () => {
    const events = translate([
      delta({ content: '\n\n' }),
      delta({ content: 'Hello' }),
      delta({ content: ' ' }),
      delta({ content: '\n' }),
      delta({ content: 'world\n' }),
      finish('stop'),
    ]);
    const texts = events.flatMap((event) =>
      event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : [],
    );
    assert.deepEqual(texts, ['\n\nHello', ' \nworld', '\n']);
  });

  it('turns an error chunk into an Anthropic error event with a mapped type', () => {
    const events = translate([
      delta({ role: 'assistant', content: '' }),
      {
        error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
      },
    ]);
    assert.deepEqual(lastError(events), {
      type: 'rate_limit_error',
      message: 'Rate limit reached for requests',
    });
  });

  it('turns an OpenRouter mid-stream error (numeric code, after content) into an error event', () => {
    const events = translate([
      delta({ content: 'Partial' }),
      {
        id: 'x',
        error: { code: 502, message: 'Provider returned error' },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
      },
    ]);
    assert.deepEqual(types(events), [
      'message_start',
      'start:text',
      'delta:text_delta',
      'content_block_stop',
      'error',
    ]);
    assert.deepEqual(lastError(events), { type: 'api_error', message: 'Provider returned error' });
  });

  it('treats finish_reason "error" without an error object as an api_error', () => {
    const events = translate([delta({ content: 'x' }), finish('error')]);
    assert.equal(lastError(events)?.type, 'api_error');
  });

  it('reports max_tokens when a tool call was cut by the length limit', () => {
    const events = translate([
      toolCall(0, { id: 'c', name: 'Write', args: '{"content":"abc"}' }),
      finish('length'),
    ]);
    assert.equal(collectMessage(events)?.stop_reason, 'max_tokens');
  });

  it('works on a raw recorded SSE body split at awkward byte boundaries', () => {
    const body = [
      'data: {"id":"chatcmpl-9","object":"chat.completion.chunk","model":"llama3","choices":[{"index":0,"delta":{"role":"assistant","content":"Bon"},"finish_reason":null}]}',
      '',
      ': keep-alive comment',
      '',
      'data: {"id":"chatcmpl-9","object":"chat.completion.chunk","model":"llama3","choices":[{"index":0,"delta":{"content":"jour ☕"},"finish_reason":null}]}',
      '',
      'data: {"id":"chatcmpl-9","object":"chat.completion.chunk","model":"llama3","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
      '',
      'data: {"id":"chatcmpl-9","object":"chat.completion.chunk","model":"llama3","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3}}',
      '',
      'data: [DONE]',
      '',
      '',
    ].join('\r\n');
    const bytes = new TextEncoder().encode(body);
    const parser = new SseParser();
    const translator = createOpenAIStreamTranslator(ctx);
    const frames: SseFrame[] = [];
    for (let offset = 0; offset < bytes.length; offset += 7) {
      for (const upstream of parser.push(bytes.subarray(offset, offset + 7)))
        frames.push(...translator.push(upstream));
    }
    for (const upstream of parser.end()) frames.push(...translator.push(upstream));
    frames.push(...translator.end());
    const events = eventsFromFrames(frames);
    assertValidAnthropicStream(events);
    const message = collectMessage(events);
    assert.deepEqual(message?.content, [{ type: 'text', text: 'Bonjour ☕' }]);
    assert.deepEqual(message?.usage, { input_tokens: 5, output_tokens: 3 });
  });
});
