import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src-shared/config-schema.ts';
import { createAnthropicAdapter } from '../vendors/anthropic/adapter.ts';
import type { ClientRequest } from './client-request.ts';
import { PromptFit } from './prompt-fit.ts';
import { Tier } from './tier.ts';

function tierWithWindow(contextWindow: number): Tier {
  const parsed = parseConfig({
    vendors: [{ name: 'small', kind: 'anthropic-compatible', baseUrl: 'http://127.0.0.1:9', contextWindow }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const config = parsed.config.vendors[0]!;
  return new Tier(config, createAnthropicAdapter(config), () => 0);
}

function clientRequest(body: ClientRequest['body']): ClientRequest {
  const rawBody = JSON.stringify(body);
  return {
    body,
    rawBody,
    rawBytes: Buffer.from(rawBody),
    headers: {},
    query: '',
    requestKey: 'k',
    sessionKey: '',
  };
}

const prose = 'The proxy walks an ordered list of tiers and moves on when one fails. ';

describe('prompt fit', () => {
  it('does not count a prompt whose bytes already fit the window', () => {
    const fit = new PromptFit(
      clientRequest({ model: 'm', messages: [{ role: 'user', content: prose.repeat(100) }] }),
    );
    assert.equal(fit.tooSmall(tierWithWindow(200_000)), undefined);
    assert.equal(fit.estimated, false);
  });

  it('counts, once, a prompt larger than a window in bytes, and skips the tier when it does not fit', () => {
    const fit = new PromptFit(
      clientRequest({ model: 'm', messages: [{ role: 'user', content: prose.repeat(2000) }] }),
    );
    assert.equal(fit.tooSmall(tierWithWindow(200_000)), undefined, '140 KB of prose fits 200k tokens');
    assert.equal(fit.estimated, false);
    const skip = fit.tooSmall(tierWithWindow(20_000));
    assert.equal(fit.estimated, true);
    assert.match(skip?.reason ?? '', /^context window \(\d+ > 20000\)$/);
    assert.equal(fit.tooSmall(tierWithWindow(1_000_000)), undefined);
  });

  it('counts when an image by URL makes the bytes no bound', () => {
    const image = {
      type: 'image' as const,
      source: { type: 'url' as const, url: 'https://example.com/a.png' },
    };
    const fit = new PromptFit(
      clientRequest({
        model: 'm',
        messages: [{ role: 'user', content: [image, image] }],
      } as ClientRequest['body']),
    );
    assert.match(fit.tooSmall(tierWithWindow(1000))?.reason ?? '', /^context window \(\d+ > 1000\)$/);
  });
});
