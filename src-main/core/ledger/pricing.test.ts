import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addCost, type CostTotals, formatCostTotals } from '../../../src-shared/format.ts';
import { costOf, createPricingTable, normaliseModel, pricingEntrySchema } from './pricing.ts';

const tokens = (input: number, output: number, cacheWrite = 0, cacheRead = 0) => ({
  inputTokens: input,
  outputTokens: output,
  cacheCreationTokens: cacheWrite,
  cacheReadTokens: cacheRead,
});

describe('normaliseModel', () => {
  it('folds the spellings vendors use for one model into one key', () => {
    for (const spelling of [
      'claude-sonnet-4-5',
      'claude-sonnet-4-5-20250929',
      'claude-sonnet-4.5',
      'Claude Sonnet 4.5',
      'anthropic/claude-sonnet-4.5',
      'claude-sonnet-4-5@20250929',
    ]) {
      assert.equal(normaliseModel(spelling), 'claude-sonnet-4-5', spelling);
    }
    assert.equal(normaliseModel('doubao-seed-2-0-pro-260215'), 'doubao-seed-2-0-pro');
    assert.equal(normaliseModel('gpt-5.4-2026-03-05'), 'gpt-5-4');
  });
});

describe('shipped price table', () => {
  const table = createPricingTable();

  it('prices Claude 4.x at current list prices', () => {
    for (const model of ['claude-opus-4-5', 'claude-opus-4-6', 'claude-opus-4-7']) {
      const price = table.lookup('anthropic', model);
      assert.deepEqual(
        [
          price?.inputPerMTok,
          price?.outputPerMTok,
          price?.cacheWritePerMTok,
          price?.cacheReadPerMTok,
          price?.currency,
        ],
        [5, 25, 6.25, 0.5, 'USD'],
        model,
      );
    }
    const sonnet = table.lookup('anthropic', 'claude-sonnet-4-5-20250929');
    assert.deepEqual(
      [sonnet?.inputPerMTok, sonnet?.outputPerMTok, sonnet?.cacheWritePerMTok, sonnet?.cacheReadPerMTok],
      [3, 15, 3.75, 0.3],
    );
    const haiku = table.lookup('anthropic', 'claude-haiku-4-5-20251001');
    assert.deepEqual(
      [haiku?.inputPerMTok, haiku?.outputPerMTok, haiku?.cacheWritePerMTok, haiku?.cacheReadPerMTok],
      [1, 5, 1.25, 0.1],
    );
  });

  it('looks up by the served model whatever vendor name serves it', () => {
    assert.equal(table.lookup('my-gateway', 'Claude Sonnet 4.6')?.inputPerMTok, 3);
    assert.equal(table.lookup('zhipu', 'glm-5.1')?.currency, 'CNY');
  });

  it('lists Copilot as included: cost 0 for any model, not "unknown"', () => {
    const cost = table.cost('copilot', 'claude-sonnet-4.6', tokens(1_000_000, 1_000_000));
    assert.deepEqual(cost, { amount: 0, currency: 'USD', included: true });
    // A vendor named differently is priced through its kind.
    assert.equal(table.cost('work-copilot', 'gpt-5', tokens(1, 1), 'copilot')?.included, true);
  });

  it('answers null for a model it has no price for', () => {
    assert.equal(table.cost('zhipu', 'glm-99-secret', tokens(1, 1)), null);
  });

  it('computes cost as the sum of tokens × price per million, per kind of token', () => {
    const cost = table.cost('anthropic', 'claude-sonnet-4-5', tokens(1_000_000, 100_000, 200_000, 2_000_000));
    // 1M × $3 + 0.1M × $15 + 0.2M × $3.75 + 2M × $0.30
    assert.equal(cost?.currency, 'USD');
    assert.ok(Math.abs((cost?.amount ?? 0) - (3 + 1.5 + 0.75 + 0.6)) < 1e-9);
    const glm = table.cost('zhipu', 'glm-5.1', tokens(1_000_000, 1_000_000));
    assert.deepEqual(glm, { amount: 30, currency: 'CNY', included: false });
  });

  it('keeps totals per currency, without converting', () => {
    const totals: CostTotals = {};
    addCost(totals, table.cost('anthropic', 'claude-haiku-4-5', tokens(1_000_000, 40_000)));
    addCost(totals, table.cost('zhipu', 'glm-4.5-air', tokens(1_000_000, 1_000_000)));
    assert.deepEqual(totals, { USD: 1.2, CNY: 2.8 });
    assert.equal(formatCostTotals(totals), '$1.20 + ¥2.80');
  });
});

describe('user pricing overrides', () => {
  it('merge over the shipped table: same vendor and model, the user wins', () => {
    const override = pricingEntrySchema.parse({ vendor: '*', model: 'glm-5.1', input: '¥1', output: '¥2' });
    const table = createPricingTable([override]);
    assert.deepEqual(table.cost('zhipu', 'glm-5.1', tokens(1_000_000, 1_000_000)), {
      amount: 3,
      currency: 'CNY',
      included: false,
    });
    // Untouched entries are still there.
    assert.equal(table.lookup('anthropic', 'claude-opus-4-7')?.inputPerMTok, 5);
  });

  it('a vendor-specific entry beats the model list price', () => {
    const discounted = pricingEntrySchema.parse({
      vendor: 'bedrock',
      model: 'claude-sonnet-4.5',
      input: 2.5,
      output: 12,
    });
    const table = createPricingTable([discounted]);
    assert.equal(table.lookup('bedrock', 'claude-sonnet-4-5-20250929')?.inputPerMTok, 2.5);
    assert.equal(table.lookup('anthropic', 'claude-sonnet-4-5-20250929')?.inputPerMTok, 3);
  });

  it('reads the currency from "$" / "¥" symbols, plain numbers being USD', () => {
    assert.equal(pricingEntrySchema.parse({ vendor: 'a', model: 'm', input: '¥ 0.80' }).currency, 'CNY');
    assert.equal(pricingEntrySchema.parse({ vendor: 'a', model: 'm', input: '$3' }).inputPerMTok, 3);
    assert.equal(pricingEntrySchema.parse({ vendor: 'a', model: 'm', input: 3 }).currency, 'USD');
  });

  it('rejects mixed currencies, negative prices and unknown keys', () => {
    assert.equal(
      pricingEntrySchema.safeParse({ vendor: 'a', model: 'm', input: '$1', output: '¥2' }).success,
      false,
    );
    assert.equal(pricingEntrySchema.safeParse({ vendor: 'a', model: 'm', input: -1 }).success, false);
    assert.equal(pricingEntrySchema.safeParse({ vendor: 'a', model: 'm', inputCost: 1 }).success, false);
    assert.equal(pricingEntrySchema.safeParse({ vendor: 'a', model: 'm', input: 'three' }).success, false);
  });

  it('costOf ignores token counts for included entries', () => {
    const included = pricingEntrySchema.parse({ vendor: 'plan', model: '*', included: true, input: 9 });
    assert.equal(costOf(included, tokens(5_000_000, 5_000_000)).amount, 0);
  });
});
