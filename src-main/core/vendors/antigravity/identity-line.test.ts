import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessagesRequest } from '../../../../src-shared/anthropic.ts';
import { withoutAgentSdkIdentity } from './identity-line.ts';

const LINE = "You are a Claude agent, built on Anthropic's Claude Agent SDK.";
const base: MessagesRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

describe('the Agent SDK identity line', () => {
  it('is removed from a block of its own (the block goes) and from inside a longer text', () => {
    const cleaned = withoutAgentSdkIdentity({
      ...base,
      system: [
        { type: 'text', text: 'x-anthropic-billing-header: cc_version=2' },
        { type: 'text', text: LINE },
        { type: 'text', text: `${LINE}\nSummarise the diff.`, cache_control: { type: 'ephemeral' } },
      ],
    });
    assert.deepEqual(cleaned.system, [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2' },
      { type: 'text', text: 'Summarise the diff.', cache_control: { type: 'ephemeral' } },
    ]);
    assert.equal(withoutAgentSdkIdentity({ ...base, system: `${LINE} Be brief.` }).system, 'Be brief.');
  });

  it('leaves a request without it untouched (the same object, so the raw body can still be relayed)', () => {
    const request = { ...base, system: 'You are Claude Code, Anthropic’s official CLI for Claude.' };
    assert.equal(withoutAgentSdkIdentity(request), request);
    assert.equal(withoutAgentSdkIdentity(base), base);
  });
});
