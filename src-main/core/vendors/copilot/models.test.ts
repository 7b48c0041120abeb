import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startFakeServer } from '../../auth/fake-http-server.test-support.ts';
import { createModelCatalogue } from '../model-catalogue.ts';
import { copilotEndpointFor, copilotModelList, copilotModelName, resolveCopilotModel } from './models.ts';

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
  it('reads /models with the Copilot token and model-access headers, keeping ids, prompt limits and endpoints', async () => {
    const server = await startFakeServer({
      '/models': () => ({
        body: {
          data: [
            {
              id: 'claude-sonnet-4.5',
              vendor: 'Anthropic',
              policy: { state: 'enabled' },
              capabilities: { limits: { max_context_window_tokens: 200000, max_prompt_tokens: 128000 } },
              supported_endpoints: ['/chat/completions', '/v1/messages'],
            },
            { id: 'claude-opus-4.6', vendor: 'Anthropic', policy: { state: 'disabled' } },
            { id: 'gpt-5.3-codex', supported_endpoints: ['/responses'] },
            { not: 'a model' },
          ],
        },
      }),
    });
    try {
      let time = 0;
      const catalogue = createModelCatalogue({
        fetchList: copilotModelList({
          credentials: async () => ({ token: 'tid=copilot', apiBase: server.url }),
        }),
        now: () => time,
      });
      assert.deepEqual(catalogue.snapshot().models, []);
      const listing = await catalogue.refresh();
      assert.deepEqual(listing.models, [
        { id: 'claude-sonnet-4.5', contextWindow: 128000, endpoints: ['/chat/completions', '/v1/messages'] },
        { id: 'gpt-5.3-codex', endpoints: ['/responses'] },
      ]);
      const headers = server.calls('/models')[0]?.headers;
      assert.equal(headers?.authorization, 'Bearer tid=copilot');
      assert.equal(headers?.['x-interaction-type'], 'model-access');
      assert.equal(headers?.['x-github-api-version'], '2026-06-01');
      time = 599_999;
      catalogue.refreshIfStale();
      assert.equal(server.calls('/models').length, 1);
      time = 600_000;
      catalogue.refreshIfStale();
      await catalogue.refresh(); // joins the read refreshIfStale started
      assert.equal(server.calls('/models').length, 2);
    } finally {
      await server.close();
    }
  });

  it('keeps the last good list when a refetch fails, and says why', async () => {
    let healthy = true;
    const server = await startFakeServer({
      '/models': () =>
        healthy
          ? { body: { data: [{ id: 'claude-sonnet-4.5' }] } }
          : { status: 500, body: { message: 'down' } },
    });
    try {
      const catalogue = createModelCatalogue({
        fetchList: copilotModelList({ credentials: async () => ({ token: 't', apiBase: server.url }) }),
        now: () => 0,
      });
      await catalogue.refresh();
      healthy = false;
      const listing = await catalogue.refresh();
      assert.deepEqual(
        listing.models.map((model) => model.id),
        ['claude-sonnet-4.5'],
      );
      assert.match(listing.problem ?? '', /HTTP 500/);
    } finally {
      await server.close();
    }
  });
});

describe('Copilot endpoint choice', () => {
  it('follows supported_endpoints, and sends GPT-5-class ids to /responses when the list is unknown', () => {
    assert.equal(
      copilotEndpointFor('gpt-5.3-codex', { id: 'gpt-5.3-codex', endpoints: ['/responses'] }),
      '/responses',
    );
    assert.equal(
      copilotEndpointFor('gpt-5', { id: 'gpt-5', endpoints: ['/chat/completions', '/responses'] }),
      '/chat/completions',
    );
    assert.equal(copilotEndpointFor('gpt-5.2', undefined), '/responses');
    assert.equal(copilotEndpointFor('claude-sonnet-4.5', undefined), '/chat/completions');
  });

  it('sends Claude models listed with /v1/messages there, unless the vendor turned the native route off', () => {
    const listed = { id: 'claude-sonnet-4.5', endpoints: ['/chat/completions', '/v1/messages'] };
    assert.equal(copilotEndpointFor('claude-sonnet-4.5', listed), '/v1/messages');
    assert.equal(copilotEndpointFor('claude-sonnet-4.5', listed, false), '/chat/completions');
    const chatOnly = { id: 'gemini-2.5-pro', endpoints: ['/chat/completions'] };
    assert.equal(copilotEndpointFor('gemini-2.5-pro', chatOnly), '/chat/completions');
  });
});
