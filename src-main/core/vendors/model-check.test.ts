import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vendorSchema } from '../../../src-shared/config-schema.ts';
import { createModelMapper } from '../config/model-map.ts';
import { createModelCatalogue } from './model-catalogue.ts';
import { unofferedModelsNotice } from './model-check.ts';

function tierOffering(ids: string[] | Error, rules: Array<{ match: string; to: string }>) {
  const config = vendorSchema.parse({ name: 'g', kind: 'gemini', apiKey: 'k', modelMap: rules });
  const modelCatalogue = createModelCatalogue({
    fetchList: async () => {
      if (ids instanceof Error) throw ids;
      return ids.map((id) => ({ id }));
    },
    now: () => 0,
  });
  return {
    name: 'g',
    enabled: true,
    adapter: { config, mapModel: createModelMapper(rules), modelCatalogue },
  };
}

describe('the start-up model check', () => {
  it('names the mapped models the account is not offered', async () => {
    const notice = await unofferedModelsNotice(
      tierOffering(
        ['gemini-3.8-flash'],
        [
          { match: '*haiku*', to: 'gemini-2.5-flash' },
          { match: 'claude-*', to: 'gemini-3.8-flash' },
        ],
      ),
    );
    assert.match(
      notice ?? '',
      /^g: gemini-2\.5-flash is not offered to this account \(it offers gemini-3\.8-flash\)/,
    );
  });

  it('says nothing when all is offered, or when the list cannot be read (the dashboard shows that)', async () => {
    assert.equal(
      await unofferedModelsNotice(tierOffering(['a'], [{ match: 'claude-*', to: 'a' }])),
      undefined,
    );
    assert.equal(
      await unofferedModelsNotice(tierOffering(new Error('HTTP 403'), [{ match: 'claude-*', to: 'a' }])),
      undefined,
    );
  });
});
