import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessagesRequest } from '../../../../src-shared/anthropic.ts';
import { type VendorConfig, vendorSchema } from '../../../../src-shared/config-schema.ts';
import type { PrepareContext } from '../vendor-adapter.ts';
import { createOpenAICompatibleAdapter, prefersMaxCompletionTokens } from './adapter.ts';

function vendor(fields: Record<string, unknown>): VendorConfig {
  return vendorSchema.parse({ name: 'openrouter', kind: 'openai-compatible', ...fields });
}

function context(overrides: Partial<PrepareContext> = {}): PrepareContext {
  return {
    stream: true,
    clientHeaders: {
      'x-api-key': 'sk-ant-client-secret',
      authorization: 'Bearer sk-ant-client-oauth',
      'anthropic-beta': 'claude-code-20250219',
      'anthropic-version': '2023-06-01',
    },
    query: '?beta=true',
    signal: new AbortController().signal,
    ...overrides,
  };
}

const request: MessagesRequest = {
  model: 'claude-sonnet-4-5-20250929',
  max_tokens: 2048,
  stream: true,
  messages: [{ role: 'user', content: 'Hi' }],
};

describe('createOpenAICompatibleAdapter', () => {
  it('describes itself as a translating tier that never uses the client credentials', () => {
    const adapter = createOpenAICompatibleAdapter(vendor({ baseUrl: 'https://openrouter.ai/api/v1' }));
    assert.equal(adapter.kind, 'openai-compatible');
    assert.equal(adapter.anthropicWire, false);
    assert.equal(adapter.usesClientCredentials, false);
  });

  it('prepares a chat/completions call with the mapped model, bearer key and configured headers', async () => {
    const adapter = createOpenAICompatibleAdapter(
      vendor({
        baseUrl: 'https://openrouter.ai/api/v1/',
        apiKey: 'sk-or-123',
        headers: { 'HTTP-Referer': 'https://example.com', 'X-Title': 'coding-proxy' },
        modelMap: [{ match: 'claude-sonnet-*', to: 'anthropic/claude-sonnet-4.5' }],
      }),
    );
    const call = await adapter.prepare(request, context());
    assert.equal(call.url, 'https://openrouter.ai/api/v1/chat/completions');
    assert.equal(call.model, 'anthropic/claude-sonnet-4.5');
    assert.deepEqual(call.headers, {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'accept-encoding': 'identity',
      authorization: 'Bearer sk-or-123',
      'http-referer': 'https://example.com',
      'x-title': 'coding-proxy',
    });
    assert.deepEqual(JSON.parse(call.body), {
      model: 'anthropic/claude-sonnet-4.5',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 2048,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('sends no credentials at all to a local Ollama without an apiKey, and never the client ones', async () => {
    const adapter = createOpenAICompatibleAdapter(
      vendor({
        name: 'ollama',
        baseUrl: 'http://127.0.0.1:11434/v1',
        modelMap: [{ match: 'claude-*', to: 'qwen3:8b' }],
      }),
    );
    const call = await adapter.prepare(request, context({ stream: false }));
    assert.equal(call.url, 'http://127.0.0.1:11434/v1/chat/completions');
    assert.equal(call.headers.accept, 'application/json');
    const sent = JSON.stringify(call.headers);
    assert.equal(sent.includes('sk-ant'), false);
    assert.equal('authorization' in call.headers || 'x-api-key' in call.headers, false);
    assert.equal(JSON.parse(call.body).stream, undefined);
  });

  it('honours authStyle api-key (Azure OpenAI)', async () => {
    const adapter = createOpenAICompatibleAdapter(
      vendor({ baseUrl: 'https://x.openai.azure.com/openai/v1', apiKey: 'azure-key', authStyle: 'api-key' }),
    );
    const call = await adapter.prepare(request, context());
    assert.equal(call.headers['api-key'], 'azure-key');
    assert.equal('authorization' in call.headers, false);
  });

  it('uses max_completion_tokens for OpenAI reasoning models', async () => {
    const adapter = createOpenAICompatibleAdapter(
      vendor({
        baseUrl: 'https://api.openai.com/v1',
        apiKey: 'k',
        modelMap: [{ match: 'claude-*', to: 'gpt-5' }],
      }),
    );
    const body = JSON.parse((await adapter.prepare(request, context())).body);
    assert.equal(body.max_completion_tokens, 2048);
    assert.equal(body.max_tokens, undefined);
    assert.deepEqual(
      ['o3-mini', 'openai/gpt-5.1', 'gpt-4.1', 'llama3', 'deepseek-chat'].map(prefersMaxCompletionTokens),
      [true, true, false, false, false],
    );
  });

  it('refuses to prepare without a baseUrl instead of guessing one', async () => {
    const adapter = createOpenAICompatibleAdapter(vendor({ apiKey: 'k' }));
    await assert.rejects(adapter.prepare(request, context()), (error: unknown) => {
      assert.equal((error as { kind?: string }).kind, 'auth');
      assert.match((error as { message: string }).message, /needs a baseUrl/);
      return true;
    });
  });

  it('wires the response reader, stream translator and error reader', () => {
    const adapter = createOpenAICompatibleAdapter(vendor({ baseUrl: 'http://127.0.0.1:1/v1' }));
    const exchange = { requestedModel: 'claude-sonnet-4-5', upstreamModel: 'qwen3:8b', request };
    const message = adapter.parseResponse(
      { choices: [{ message: { content: 'ok' }, finish_reason: 'stop' }] },
      exchange,
    );
    assert.equal(message.model, 'qwen3:8b');
    const frames = adapter
      .createStreamTranslator(exchange)
      .push({ event: '', data: '{"choices":[{"delta":{"content":"a"}}]}' });
    assert.equal(frames[0]?.event, 'message_start');
    const error = adapter.readError?.(429, '{"error":{"message":"slow"}}', { 'retry-after': '2' });
    assert.equal(error?.kind === 'http' && error.retryAfterMs, 2000);
  });
});
