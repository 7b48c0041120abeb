import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UpstreamError, VendorVerdict } from '../common/upstream-error.ts';
import { PROMPT_TOO_LONG_VERDICT, verdict } from '../vendors/vendor-verdict.ts';
import { finalError } from './final-error.ts';

function refusal(status: number, message: string, judged: VendorVerdict): UpstreamError {
  return {
    kind: 'http',
    status,
    type: 'invalid_request_error',
    message,
    retryAfterMs: undefined,
    body: JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message } }),
    headers: {},
    verdict: judged,
  };
}

describe('the final error when no tier could serve', () => {
  it('hands over the answer the vendor judged "prompt too long", by its verdict and not by its words', () => {
    // A vendor's own wording for an overlong prompt (Gemini) next to a model refusal that quotes the phrase.
    const tooLong = refusal(
      400,
      'The input token count (250000) exceeds the maximum',
      PROMPT_TOO_LONG_VERDICT,
    );
    const quoting = refusal(
      404,
      'model "prompt is too long" not found',
      verdict('cannot-serve', 'model or path not found'),
    );
    const chosen = finalError(
      [
        { tier: 'gemini', error: tooLong },
        { tier: 'other', error: quoting },
      ],
      [],
      0,
    );
    assert.equal(chosen.status, 400);
    assert.match(chosen.body, /input token count/);
  });

  it('falls back to the last refusal when none was about the prompt size', () => {
    const first = refusal(404, 'no such model a', verdict('cannot-serve', 'model or path not found'));
    const second = refusal(400, 'no such model b', verdict('cannot-serve', 'model not offered'));
    const chosen = finalError(
      [
        { tier: 'a', error: first },
        { tier: 'b', error: second },
      ],
      [],
      0,
    );
    assert.match(chosen.body, /no such model b/);
  });

  it("a prompt too long said inside a stream reaches the client as a 400 in the vendor's words", () => {
    const streamed: UpstreamError = {
      kind: 'stream',
      afterContent: false,
      type: 'invalid_request_error',
      message: 'prompt is too long: Your input exceeds the context window of this model.',
      verdict: PROMPT_TOO_LONG_VERDICT,
    };
    const notOffered = refusal(404, 'model not found', verdict('cannot-serve', 'model or path not found'));
    const chosen = finalError(
      [
        { tier: 'copilot', error: streamed },
        { tier: 'other', error: notOffered },
      ],
      [],
      0,
    );
    assert.equal(chosen.status, 400);
    assert.deepEqual(JSON.parse(chosen.body), {
      type: 'error',
      error: { type: 'invalid_request_error', message: streamed.message },
    });
  });
});
