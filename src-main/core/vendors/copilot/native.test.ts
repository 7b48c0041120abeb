import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessagesRequest } from '../../../../src-shared/anthropic.ts';
import { readErrorEvent } from '../error-shapes.ts';
import { readCopilotError } from './copilot-error.ts';
import { createNativeStreamTranslator, fromNativeResponse } from './native-answer.ts';
import { copilotBetas, nativeHeaders, nativeMessagesBody } from './native-request.ts';

const REQUEST: MessagesRequest = {
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'hi' }],
};

describe('the request for Copilot’s /v1/messages', () => {
  it('keeps the client’s betas except those Copilot refuses; names interleaved thinking only when the client named none', () => {
    const client = {
      'anthropic-beta': 'claude-code-20250219, advisor-tool-2026-03-01,context-1m-2025-08-07',
    };
    assert.deepEqual(copilotBetas(REQUEST, client), ['claude-code-20250219']);
    const thinking: MessagesRequest = { ...REQUEST, thinking: { type: 'enabled', budget_tokens: 1024 } };
    assert.deepEqual(copilotBetas(thinking, {}), ['interleaved-thinking-2025-05-14']);
    assert.deepEqual(copilotBetas({ ...REQUEST, thinking: { type: 'adaptive' } }, {}), []);
    assert.deepEqual(nativeHeaders([], {}), { 'anthropic-version': '2023-06-01' });
  });

  it('drops scope from every cache_control, top-level cache_control, and context_management without its beta', () => {
    // As Claude Code sends it: `scope` is not in our CacheControl type, so the literal is typed loosely.
    const request: Record<string, unknown> = {
      ...REQUEST,
      cache_control: { type: 'ephemeral' },
      context_management: { edits: [] },
      tools: [{ name: 't', input_schema: {}, cache_control: { type: 'ephemeral', scope: 'global' } }],
    };
    const body = JSON.parse(
      nativeMessagesBody(request as MessagesRequest, 'claude-sonnet-4.5', true, []),
    ) as Record<string, unknown>;
    assert.equal(body.model, 'claude-sonnet-4.5');
    assert.equal(body.stream, true);
    assert.equal(body.cache_control, undefined);
    assert.equal(body.context_management, undefined);
    assert.deepEqual(body.tools, [{ name: 't', input_schema: {}, cache_control: { type: 'ephemeral' } }]);
    const kept = JSON.parse(
      nativeMessagesBody(request as MessagesRequest, 'm', false, ['context-management-2025-06-27']),
    ) as Record<string, unknown>;
    assert.deepEqual(kept.context_management, { edits: [] });
  });
});

describe('Copilot’s answers on /v1/messages', () => {
  it('marks thinking signatures (streamed and whole) and passes every other event as it came', () => {
    const translator = createNativeStreamTranslator();
    const text = {
      event: 'content_block_delta',
      data: '{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"signature_delta"}}',
    };
    assert.equal(translator.push(text)[0], text, 'an ordinary event is the same object');
    const [signed] = translator.push({
      event: 'content_block_delta',
      data: '{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig"}}',
    });
    assert.equal(JSON.parse(signed?.data ?? '{}').delta.signature, 'copilot-messages:v1:sig');
    const [redacted] = translator.push({
      event: 'content_block_start',
      data: '{"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"opaque"}}',
    });
    assert.equal(JSON.parse(redacted?.data ?? '{}').content_block.data, 'copilot-messages:v1:opaque');
    assert.deepEqual(translator.push({ event: '', data: '[DONE]' }), []);
    const [error] = translator.push({
      event: '',
      data: '{"type":"error","error":{"type":"overloaded_error","message":"busy"}}',
    });
    assert.equal(error?.event, 'error', 'an unnamed error event is named, so the pre-content gate sees it');
    const [limited] = translator.push({
      event: 'error',
      data: '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}',
    });
    assert.equal(
      limited && readErrorEvent(limited)?.verdict?.kind,
      'rate-limit',
      'judged as the anthropic kind',
    );

    const whole = fromNativeResponse({
      content: [
        { type: 'thinking', thinking: 't', signature: 's' },
        { type: 'thinking', thinking: 'unsigned', signature: '' },
        { type: 'text', text: 'x' },
      ],
    });
    assert.deepEqual(
      whole.content.map((block) => (block as { signature?: string }).signature),
      ['copilot-messages:v1:s', '', undefined],
    );
  });

  it('reads errors in both of Copilot’s shapes with the same verdicts', () => {
    const tooLong =
      '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}';
    const anthropic = readCopilotError(400, tooLong, {}, 0);
    assert.equal(anthropic.kind === 'http' && anthropic.body, tooLong, 'forwarded unchanged for Claude Code');
    assert.equal(anthropic.kind === 'http' && anthropic.verdict?.promptTooLong, true);
    const quota = readCopilotError(
      402,
      '{"error":{"message":"You have no quota","code":"quota_exceeded"}}',
      {},
      0,
    );
    assert.equal(quota.kind === 'http' && quota.verdict?.kind, 'quota');
    const limited = readCopilotError(429, '{"error":{"message":"slow down","code":"rate_limited"}}', {}, 0);
    assert.equal(limited.kind === 'http' && limited.verdict?.kind, 'rate-limit');
    const model = readCopilotError(
      400,
      '{"error":{"message":"The requested model is not supported.","code":"model_not_supported"}}',
      {},
      0,
    );
    assert.equal(model.kind === 'http' && model.verdict?.kind, 'cannot-serve');
    const old = readCopilotError(
      466,
      '{"error":{"message":"the specified API version is no longer supported"}}',
      {},
      0,
    );
    assert.equal(old.kind === 'http' && old.verdict?.kind, 'outdated-client');
  });
});
