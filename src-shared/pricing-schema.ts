// The `pricing:` section of the config: prices per million tokens, per (vendor, served model).
import { z } from 'zod';
import type { CurrencyCode } from './format.ts';

/** One price: a number (USD), or a string with a currency symbol: "$3", "¥0.8", "¥ 1.20" (full-width ￥ too). */
const PRICE_PATTERN = /^\s*([$¥￥])?\s*(\d+(?:\.\d+)?)\s*$/;
const priceSchema = z.union([
  z.number().nonnegative('prices cannot be negative'),
  z.string().regex(PRICE_PATTERN, 'a price is a number, or "$1.25" (USD) or "¥1.25" (CNY)'),
]);

const PRICE_FIELDS = ['input', 'output', 'cacheWrite', 'cacheRead'] as const;
type PriceField = (typeof PRICE_FIELDS)[number];

export interface PriceEntry {
  /** Vendor name (as in `vendors[].name`), vendor kind, or `*` for "whoever serves this model". */
  vendor: string;
  /** Served model id, or `*` for every model of that vendor. */
  model: string;
  currency: CurrencyCode;
  inputPerMTok: number;
  outputPerMTok: number;
  cacheWritePerMTok: number;
  cacheReadPerMTok: number;
  /** Paid by a subscription (Copilot, Kimi For Coding): listed so it is not shown as "unknown price", costs 0. */
  included: boolean;
}

function parsePrice(value: number | string | undefined): {
  amount: number;
  currency: CurrencyCode | undefined;
} {
  if (value === undefined) return { amount: 0, currency: undefined };
  if (typeof value === 'number') return { amount: value, currency: undefined };
  const match = PRICE_PATTERN.exec(value);
  const symbol = match?.[1];
  const currency = symbol === undefined ? undefined : symbol === '$' ? 'USD' : 'CNY';
  return { amount: Number(match?.[2] ?? 0), currency };
}

/**
 * A `pricing:` entry in the config. Prices are per 1,000,000 tokens; `cacheWrite` is cache creation.
 * Currency comes from `currency`, or from the symbols on the prices (all priced fields must agree), else USD.
 */
export const pricingEntrySchema = z
  .object({
    vendor: z.string().min(1),
    model: z.string().min(1),
    currency: z.enum(['USD', 'CNY']).optional(),
    input: priceSchema.optional(),
    output: priceSchema.optional(),
    cacheWrite: priceSchema.optional(),
    cacheRead: priceSchema.optional(),
    included: z.boolean().optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const seen = new Set<CurrencyCode>();
    if (entry.currency) seen.add(entry.currency);
    for (const field of PRICE_FIELDS) {
      const { amount, currency } = parsePrice(entry[field]);
      if (currency && amount > 0) seen.add(currency);
    }
    if (seen.size > 1) {
      ctx.addIssue({
        code: 'custom',
        message: `prices of ${entry.vendor}/${entry.model} mix currencies (${[...seen].join(' and ')}); use one per entry`,
      });
    }
  })
  .transform((entry): PriceEntry => {
    const parsed = Object.fromEntries(
      PRICE_FIELDS.map((field) => [field, parsePrice(entry[field])]),
    ) as Record<PriceField, { amount: number; currency: CurrencyCode | undefined }>;
    const symbolCurrency = PRICE_FIELDS.map((field) => parsed[field].currency).find((c) => c !== undefined);
    return {
      vendor: entry.vendor,
      model: entry.model,
      currency: entry.currency ?? symbolCurrency ?? 'USD',
      inputPerMTok: parsed.input.amount,
      outputPerMTok: parsed.output.amount,
      cacheWritePerMTok: parsed.cacheWrite.amount,
      cacheReadPerMTok: parsed.cacheRead.amount,
      included: entry.included ?? false,
    };
  });

export type PricingEntryInput = z.input<typeof pricingEntrySchema>;
