import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StreamEvent } from '../../../../src-shared/anthropic.ts';
import { assertValidAnthropicStream, collectMessage, eventsFromFrames } from '../anthropic-sequence.ts';
import { readReasoningSignature } from './reasoning-signature.ts';
import { createResponsesStreamTranslator } from './stream.ts';
import type { ResponsesStreamEvent } from './types.ts';

function run(events: ResponsesStreamEvent[], end = true): StreamEvent[] {
  const translator = createResponsesStreamTranslator({ upstreamModel: 'gpt-5.3-codex' });
  const frames = events.flatMap((event) =>
    translator.push({ event: event.type ?? '', data: JSON.stringify(event) }),
  );
  if (end) frames.push(...translator.end());
  return eventsFromFrames(frames);
}

const created: ResponsesStreamEvent = {
  type: 'response.created',
  response: { id: 'resp_1', model: 'gpt-5.3-codex' },
};
const completed = (extra: Record<string, unknown> = {}): ResponsesStreamEvent => ({
  type: 'response.completed',
  response: {
    id: 'resp_1',
    status: 'completed',
    usage: { input_tokens: 100, output_tokens: 20, input_tokens_details: { cached_tokens: 60 } },
    ...extra,
  },
});

describe('Responses stream → Anthropic stream', () => {
  it('signs reasoning with its encrypted content, so the next turn can hand it back', () => {
    const events = run([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning', id: 'rs_a' } },
      { type: 'response.reasoning_summary_text.delta', output_index: 0, summary_index: 0, delta: 'Plan A.' },
      { type: 'response.reasoning_summary_text.delta', output_index: 0, summary_index: 1, delta: 'Plan B.' },
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { type: 'reasoning', id: 'rs_a', encrypted_content: 'gAAAA' },
      },
      { type: 'response.output_text.delta', output_index: 1, content_index: 0, delta: 'Done.' },
      completed(),
    ]);
    assertValidAnthropicStream(events);
    const message = collectMessage(events);
    const thinking = message?.content[0] as { thinking: string; signature: string };
    assert.equal(thinking.thinking, 'Plan A.\n\nPlan B.');
    assert.deepEqual(readReasoningSignature(thinking.signature), { id: 'rs_a', encrypted: 'gAAAA' });
    assert.deepEqual(message?.usage, { input_tokens: 40, output_tokens: 20, cache_read_input_tokens: 60 });
  });

  it('takes whole arguments from .done when no delta came, and reports tool_use', () => {
    const events = run([
      created,
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { type: 'function_call', call_id: 'call_9', name: 'ls', arguments: '' },
      },
      { type: 'response.function_call_arguments.done', output_index: 0, arguments: '{"path":"src"}' },
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { type: 'function_call', call_id: 'call_9', name: 'ls', arguments: '{"path":"src"}' },
      },
      completed(),
    ]);
    assertValidAnthropicStream(events);
    assert.deepEqual(collectMessage(events)?.content, [
      { type: 'tool_use', id: 'call_9', name: 'ls', input: { path: 'src' } },
    ]);
    assert.equal(collectMessage(events)?.stop_reason, 'tool_use');
  });

  it('maps an answer cut by max_output_tokens to max_tokens', () => {
    const events = run([
      created,
      { type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'partial' },
      {
        type: 'response.incomplete',
        response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
      },
    ]);
    assert.equal(collectMessage(events)?.stop_reason, 'max_tokens');
  });

  it('ends in an error event (so the tier can fail over) on response.failed, an error event, an empty answer or a cut stream', () => {
    const cases: Array<[ResponsesStreamEvent[], boolean, RegExp, string]> = [
      [
        [
          created,
          {
            type: 'response.failed',
            response: { status: 'failed', error: { code: 'rate_limit_exceeded', message: 'Slow down' } },
          },
        ],
        true,
        /Slow down/,
        'rate_limit_error',
      ],
      [
        [created, { type: 'error', code: 'insufficient_quota', message: 'No quota left' }],
        true,
        /No quota left/,
        'rate_limit_error',
      ],
      [[created, completed()], true, /empty response/, 'api_error'],
      [
        [created, { type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'hal' }],
        true,
        /before response\.completed/,
        'api_error',
      ],
    ];
    for (const [input, end, message, type] of cases) {
      const events = run(input, end);
      assertValidAnthropicStream(events);
      const last = events.at(-1);
      assert.equal(last?.type, 'error');
      if (last?.type === 'error') {
        assert.match(last.error.message, message);
        assert.equal(last.error.type, type);
      }
    }
  });
});
