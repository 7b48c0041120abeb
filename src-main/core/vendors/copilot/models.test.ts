import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startFakeServer } from '../../auth/fake-http-server.test-support.ts';
import { copilotModelName, createCopilotModelCatalogue, resolveCopilotModel } from './models.ts';

const CATALOGUE = [
  'gpt-4.1',
  'gpt-5',
  'claude-3.5-sonnet',
  'claude-3.7-sonnet',
  'claude-3.7-sonnet-thought',
  'claude-sonnet-4',
  'claude-sonnet-4.5',
  'claude-opus-41',
  'claude-opus-4.5',
  'claude-opus-4.6',
  'claude-haiku-4.5',
];

describe('Copilot model names', () => {
  it('spells dated Anthropic ids the Copilot way', () => {
    assert.equal(copilotModelName('claude-sonnet-4-5-20250929'), 'claude-sonnet-4.5');
    assert.equal(copilotModelName('claude-opus-4-6'), 'claude-opus-4.6');
    assert.equal(copilotModelName('claude-haiku-4-5-20251001'), 'claude-haiku-4.5');
    assert.equal(copilotModelName('claude-sonnet-4-20250514'), 'claude-sonnet-4');
    assert.equal(copilotModelName('claude-3-5-sonnet-20241022'), 'claude-3.5-sonnet');
    assert.equal(copilotModelName('claude-3-7-sonnet-latest'), 'claude-3.7-sonnet');
    assert.equal(copilotModelName('gpt-4.1'), 'gpt-4.1');
  });

  it('prefers the exact id, then the Copilot spelling, when the catalogue has it', () => {
    assert.equal(resolveCopilotModel('gpt-5', CATALOGUE), 'gpt-5');
    assert.equal(resolveCopilotModel('claude-sonnet-4-5-20250929', CATALOGUE), 'claude-sonnet-4.5');
    assert.equal(resolveCopilotModel('claude-opus-4-6', CATALOGUE), 'claude-opus-4.6');
    assert.equal(resolveCopilotModel('claude-haiku-4-5', CATALOGUE), 'claude-haiku-4.5');
    assert.equal(resolveCopilotModel('claude-3-5-sonnet-20241022', CATALOGUE), 'claude-3.5-sonnet');
  });

  it('finds the same version under another spelling, else the newest of the same family and major', () => {
    assert.equal(resolveCopilotModel('claude-sonnet-4-6', CATALOGUE), 'claude-sonnet-4.5');
    assert.equal(resolveCopilotModel('claude-opus-4-7', CATALOGUE), 'claude-opus-4.6');
    assert.equal(resolveCopilotModel('claude-opus-4-1-20250805', CATALOGUE), 'claude-opus-41');
  });

  it('falls back to the newest of the family when the major is missing, never to another family', () => {
    assert.equal(resolveCopilotModel('claude-opus-5', CATALOGUE), 'claude-opus-4.6');
    assert.equal(resolveCopilotModel('claude-3-5-haiku-20241022', ['claude-sonnet-4.5']), 'claude-3.5-haiku');
  });

  it('sends the Copilot spelling when the catalogue is unknown', () => {
    assert.equal(resolveCopilotModel('claude-sonnet-4-5-20250929', []), 'claude-sonnet-4.5');
  });
});

describe('Copilot model catalogue', () => {
  it('fetches /models with the Copilot token, caches it for the TTL, then fetches again', async () => {
    const server = await startFakeServer({
      '/models': () => ({
        body: {
          data: [
            { id: 'claude-sonnet-4.5', vendor: 'Anthropic', policy: { state: 'enabled' } },
            { id: 'claude-opus-4.6', vendor: 'Anthropic', policy: { state: 'disabled' } },
            { not: 'a model' },
          ],
        },
      }),
    });
    try {
      let time = 0;
      const catalogue = createCopilotModelCatalogue({
        credentials: async () => ({ token: 'tid=copilot', apiBase: server.url }),
        now: () => time,
      });
      assert.deepEqual(catalogue.usableIds(), []);
      const models = await catalogue.refresh();
      assert.deepEqual(
        models.map((model) => model.id),
        ['claude-sonnet-4.5', 'claude-opus-4.6'],
      );
      assert.deepEqual(catalogue.usableIds(), ['claude-sonnet-4.5']);
      assert.equal(server.calls('/models')[0]?.headers.authorization, 'Bearer tid=copilot');
      time = 299_999;
      await catalogue.refresh();
      assert.equal(server.calls('/models').length, 1);
      time = 300_000;
      await catalogue.refresh();
      assert.equal(server.calls('/models').length, 2);
      catalogue.invalidate();
      await catalogue.refresh();
      assert.equal(server.calls('/models').length, 3);
    } finally {
      await server.close();
    }
  });

  it('keeps the last good catalogue when a refetch fails', async () => {
    let healthy = true;
    const server = await startFakeServer({
      '/models': () =>
        healthy ? { body: { data: [{ id: 'claude-sonnet-4.5' }] } } : { status: 500, body: {} },
    });
    try {
      let time = 0;
      const catalogue = createCopilotModelCatalogue({
        credentials: async () => ({ token: 't', apiBase: server.url }),
        now: () => time,
      });
      await catalogue.refresh();
      healthy = false;
      time = 1_000_000;
      await catalogue.refresh();
      assert.deepEqual(catalogue.usableIds(), ['claude-sonnet-4.5']);
    } finally {
      await server.close();
    }
  });
});
