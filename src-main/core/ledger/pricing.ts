// Prices per million tokens, looked up by the SERVED model (what the vendor actually ran), never the requested
// one: a claude-opus request served by glm-5.1 costs GLM money. Costs are computed on read, never stored, so a
// corrected price fixes history too. Currencies are kept apart: there is no honest exchange rate to apply.
import type { CurrencyCode } from '../../../src-shared/format.ts';
import {
  type PriceEntry,
  type PricingEntryInput,
  pricingEntrySchema,
} from '../../../src-shared/pricing-schema.ts';

export { type PriceEntry, type PricingEntryInput, pricingEntrySchema };
import { SHIPPED_PRICES } from './price-table.ts';

/**
 * The same model arrives under many spellings: `claude-sonnet-4-5-20250929`, `claude-sonnet-4.5`,
 * `Claude Sonnet 4.5`, `anthropic/claude-sonnet-4.5`, `claude-sonnet-4-5@20250929` (Vertex),
 * `doubao-seed-2-0-pro-260215`, `gpt-5.4-2026-03-05`. All of them normalise to `claude-sonnet-4-5` / `doubao-seed-2-0-pro`.
 */
export function normaliseModel(model: string): string {
  let name = model.trim().toLowerCase();
  name = name.slice(name.lastIndexOf('/') + 1);
  name = name.replace(/@[^@]*$/, '');
  name = name.replace(/[\s._]+/g, '-');
  name = name.replace(/-(?:20\d{6}|\d{6}|20\d\d-\d\d-\d\d)$/, '');
  return name;
}

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}

export interface Cost {
  amount: number;
  currency: CurrencyCode;
  /** Covered by a subscription; amount is 0. */
  included: boolean;
}

export function costOf(price: PriceEntry, tokens: TokenCounts): Cost {
  const amount = price.included
    ? 0
    : (tokens.inputTokens * price.inputPerMTok +
        tokens.outputTokens * price.outputPerMTok +
        tokens.cacheCreationTokens * price.cacheWritePerMTok +
        tokens.cacheReadTokens * price.cacheReadPerMTok) /
      1e6;
  return { amount, currency: price.currency, included: price.included };
}

export interface PricingTable {
  /**
   * Order: this vendor name, then its kind (the name doubles as the kind when none is given), each by exact
   * then normalised model, then that vendor's `*` entry; finally the model's list price under `*`.
   */
  lookup(vendor: string, servedModel: string, vendorKind?: string): PriceEntry | undefined;
  /** The cost, or null when the model has no price. */
  cost(vendor: string, servedModel: string, tokens: TokenCounts, vendorKind?: string): Cost | null;
  readonly entries: ReadonlyArray<PriceEntry>;
}

const key = (vendor: string, model: string): string => `${vendor.toLowerCase()}\u0000${model}`;

/** Shipped prices with the user's `pricing:` entries merged over them (same vendor + model → user wins). */
export function createPricingTable(
  overrides: ReadonlyArray<PriceEntry> = [],
  shipped: ReadonlyArray<PriceEntry> = SHIPPED_PRICE_ENTRIES,
): PricingTable {
  const exact = new Map<string, PriceEntry>();
  const normalised = new Map<string, PriceEntry>();
  const byKey = new Map<string, PriceEntry>();
  for (const entry of [...shipped, ...overrides]) {
    const model = entry.model === '*' ? '*' : normaliseModel(entry.model);
    byKey.set(key(entry.vendor, model), entry);
    exact.set(key(entry.vendor, entry.model), entry);
    normalised.set(key(entry.vendor, model), entry);
  }
  const lookup = (vendor: string, servedModel: string, vendorKind?: string): PriceEntry | undefined => {
    const model = normaliseModel(servedModel);
    const vendors = vendorKind && vendorKind !== vendor ? [vendor, vendorKind] : [vendor];
    for (const candidate of vendors) {
      const found =
        exact.get(key(candidate, servedModel)) ??
        normalised.get(key(candidate, model)) ??
        normalised.get(key(candidate, '*'));
      if (found) return found;
    }
    return exact.get(key('*', servedModel)) ?? normalised.get(key('*', model));
  };
  return {
    lookup,
    cost(vendor, servedModel, tokens, vendorKind) {
      const price = lookup(vendor, servedModel, vendorKind);
      return price ? costOf(price, tokens) : null;
    },
    entries: [...byKey.values()],
  };
}

export const SHIPPED_PRICE_ENTRIES: ReadonlyArray<PriceEntry> = SHIPPED_PRICES.map((entry) =>
  pricingEntrySchema.parse(entry),
);
