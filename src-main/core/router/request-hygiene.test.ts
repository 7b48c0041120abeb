import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import { encodeThoughtSignature } from '../vendors/gemini/thought-signature.ts';
import { applyHygiene, hygieneFor } from './request-hygiene.ts';

const GEMINI = encodeThoughtSignature('thought', 'abc');

const REQUEST: MessagesRequest = {
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: 'hi' },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'from gemini', signature: GEMINI },
        { type: 'thinking', thinking: 'from anthropic', signature: 'EqQBCkYIBxgCKkB' },
        { type: 'text', text: 'hello' },
      ],
    },
    { role: 'user', content: 'again' },
  ],
} as MessagesRequest;

const anthropic = {
  name: 'anthropic',
  adapter: { anthropicWire: true, kind: 'anthropic', dropCacheControl: false },
};
const zhipu = { name: 'zhipu', adapter: { anthropicWire: true, kind: 'zhipu', dropCacheControl: true } };
const gemini = { name: 'gemini', adapter: { anthropicWire: false, kind: 'gemini', dropCacheControl: false } };
const claimedByGemini = (signature: string) => signature.startsWith('gemini-thought-signature:');

function thinkingOf(request: MessagesRequest): string[] {
  const assistant = request.messages[1]?.content;
  return Array.isArray(assistant)
    ? assistant.flatMap((b) => (b.type === 'thinking' ? [(b as { thinking: string }).thinking] : []))
    : [];
}

describe('request hygiene', () => {
  it('sends an untouched request object when nothing needs cleaning', () => {
    const options = hygieneFor(REQUEST, gemini, { lastVendor: undefined, isForeignSignature: () => false });
    assert.equal(applyHygiene(REQUEST, options), REQUEST);
  });

  it('drops only the thinking another tier claims when Anthropic gets a history of unknown origin', () => {
    const options = hygieneFor(REQUEST, anthropic, {
      lastVendor: undefined,
      isForeignSignature: claimedByGemini,
    });
    assert.equal(options.stripThinking, 'foreign');
    assert.deepEqual(thinkingOf(applyHygiene(REQUEST, options)), ['from anthropic']);
  });

  it('drops all thinking when the session was last served by another tier', () => {
    const options = hygieneFor(REQUEST, anthropic, { lastVendor: 'zhipu', isForeignSignature: () => false });
    assert.deepEqual(thinkingOf(applyHygiene(REQUEST, options)), []);
    const same = hygieneFor(REQUEST, anthropic, { lastVendor: 'anthropic', isForeignSignature: () => false });
    assert.equal(applyHygiene(REQUEST, same), REQUEST);
  });

  it('strips cache_control for a vendor whose adapter says it rejects it', () => {
    const options = hygieneFor(REQUEST, zhipu, { lastVendor: 'zhipu', isForeignSignature: () => false });
    const cleaned = applyHygiene(REQUEST, options);
    assert.deepEqual(cleaned.system, [{ type: 'text', text: 'You are terse.' }]);
    assert.deepEqual(REQUEST.system, [
      { type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } },
    ]);
  });

  it('leaves odd shapes it does not understand to the vendor instead of throwing', () => {
    const odd = {
      model: 'm',
      messages: [
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: ['bare', null] }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'x' }, null] },
        { role: 'user', content: 5 },
      ],
      system: 'plain',
      tools: 'not a list',
    } as unknown as MessagesRequest;
    for (const tier of [zhipu, anthropic]) {
      const options = hygieneFor(odd, tier, { lastVendor: 'other', isForeignSignature: () => false });
      const cleaned = applyHygiene(odd, options);
      assert.equal(cleaned.messages.length, 3);
      assert.equal(cleaned.tools, odd.tools);
    }
  });
});
