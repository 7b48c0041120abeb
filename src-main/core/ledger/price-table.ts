// The shipped price list, per 1,000,000 tokens: input / output / cache write (creation) / cache read.
// Edit freely; users override any line with a `pricing:` entry of the same vendor + model in their config.
// `vendor: '*'` is the model maker's list price, used whoever serves the model (Anthropic, Bedrock-style
// resellers, an anthropic-compatible gateway). A vendor-specific line wins over it.
// Model ids are matched after normalisation (see `normaliseModel`), so `claude-sonnet-4.5`,
// `Claude Sonnet 4.5` and `claude-sonnet-4-5-20250929` all hit the `claude-sonnet-4-5` line.
// Where a vendor prices by prompt length (Gemini Pro > 200K, Doubao > 32K, GLM long context) the
// shortest-context tier is listed; that is what Claude Code traffic mostly is, and the figure is an estimate.
import type { PricingEntryInput } from '../../../src-shared/pricing-schema.ts';

const claude = (
  model: string,
  input: number,
  output: number,
  write: number,
  read: number,
): PricingEntryInput => ({
  vendor: '*',
  model,
  currency: 'USD',
  input,
  output,
  cacheWrite: write,
  cacheRead: read,
});

const listed = (
  model: string,
  currency: 'USD' | 'CNY',
  input: number,
  output: number,
  cacheRead = 0,
  cacheWrite = 0,
): PricingEntryInput => ({ vendor: '*', model, currency, input, output, cacheWrite, cacheRead });

export const SHIPPED_PRICES: ReadonlyArray<PricingEntryInput> = [
  // ── Anthropic Claude (USD; cache write = 5-minute cache, 1.25 × input) ──
  claude('claude-opus-4-7', 5, 25, 6.25, 0.5),
  claude('claude-opus-4-6', 5, 25, 6.25, 0.5),
  claude('claude-opus-4-5', 5, 25, 6.25, 0.5),
  claude('claude-opus-4-6-thinking', 5, 25, 6.25, 0.5),
  claude('claude-opus-4-1', 15, 75, 18.75, 1.5),
  claude('claude-opus-4', 15, 75, 18.75, 1.5),
  claude('claude-sonnet-4-6', 3, 15, 3.75, 0.3),
  claude('claude-sonnet-4-5', 3, 15, 3.75, 0.3),
  claude('claude-sonnet-4', 3, 15, 3.75, 0.3),
  claude('claude-sonnet-4-6-thinking', 3, 15, 3.75, 0.3),
  claude('claude-3-7-sonnet', 3, 15, 3.75, 0.3),
  claude('claude-haiku-4-5', 1, 5, 1.25, 0.1),
  claude('claude-3-5-haiku', 0.8, 4, 1, 0.08),

  // ── Subscriptions: listed as included (cost 0) rather than unpriced, so the report says why it is 0. ──
  // GitHub Copilot bills premium requests against a monthly plan, not tokens.
  { vendor: 'copilot', model: '*', currency: 'USD', included: true },
  // Antigravity runs on a Google account plan.
  { vendor: 'antigravity', model: '*', currency: 'USD', included: true },
  // Kimi For Coding (api.kimi.com/coding, `sk-kimi-…` keys) answers as `kimi-for-coding` and is a plan.
  { vendor: '*', model: 'kimi-for-coding', currency: 'USD', included: true },

  // ── Zhipu GLM (CNY, ≤32K input tier) ──
  listed('glm-5.2', 'CNY', 6, 24, 1.3),
  listed('glm-5.1', 'CNY', 6, 24, 1.3),
  listed('glm-5-turbo', 'CNY', 5, 22, 1.2),
  listed('glm-5v-turbo', 'CNY', 5, 22, 1.2),
  listed('glm-5', 'CNY', 4, 18, 1),
  listed('glm-4.7', 'CNY', 2, 8, 0.4),
  listed('glm-4.6', 'CNY', 2, 8, 0.4),
  listed('glm-4.5-air', 'CNY', 0.8, 2, 0.16),

  // ── Moonshot Kimi (USD, platform.moonshot.ai; cache read = "cache hit" input) ──
  listed('kimi-k2.6', 'USD', 0.95, 4, 0.16),
  listed('kimi-k2.5', 'USD', 0.6, 3, 0.1),
  listed('kimi-k2', 'USD', 0.6, 2.5, 0.15),
  listed('kimi-k2-0905-preview', 'USD', 0.6, 2.5, 0.15),
  listed('kimi-k2-turbo-preview', 'USD', 1.15, 8, 0.15),

  // ── Alibaba Qwen (USD, international) ──
  listed('qwen3.6-plus', 'USD', 0.276, 1.651),

  // ── MiniMax (CNY) ──
  listed('minimax-m2.7', 'CNY', 2.1, 8.4, 0.42, 2.625),
  listed('minimax-m2.5', 'CNY', 2.1, 8.4, 0.21, 2.625),

  // ── Volcengine Doubao (CNY, ≤32K tier). Cache hits are billed at the read price below; cache storage is billed
  // per hour (¥0.017 / M tokens / h), which a per-request ledger cannot attribute, so cache write is 0. ──
  listed('doubao-seed-2.0-code', 'CNY', 3.2, 16, 0.64),
  listed('doubao-seed-2.0-pro', 'CNY', 3.2, 16, 0.64),
  listed('doubao-seed-2.0-lite', 'CNY', 0.6, 3.6, 0.12),
  listed('doubao-seed-2.0-mini', 'CNY', 0.2, 2),

  // ── Xiaomi MiMo (CNY) ──
  listed('mimo-v2-pro', 'CNY', 7, 21, 1.4),
  listed('mimo-v2-omni', 'CNY', 2.8, 14, 0.56),
  listed('mimo-v2-flash', 'CNY', 0.7, 2.1, 0.07),

  // ── Google Gemini (USD, ≤200K prompt tier; cache read = context-cache hit) ──
  listed('gemini-3.1-pro-preview', 'USD', 2, 12, 0.2),
  listed('gemini-3.1-pro', 'USD', 2, 12, 0.2),
  listed('gemini-3-pro-preview', 'USD', 2, 12, 0.2),
  listed('gemini-3-pro', 'USD', 2, 12, 0.2),
  listed('gemini-3-flash-preview', 'USD', 0.5, 3, 0.05),
  listed('gemini-3-flash', 'USD', 0.5, 3, 0.05),
  listed('gemini-2.5-pro', 'USD', 1.25, 10, 0.125),
  listed('gemini-2.5-flash', 'USD', 0.3, 2.5, 0.03),
  listed('gemini-2.5-flash-lite', 'USD', 0.1, 0.4, 0.01),

  // ── OpenAI (USD), for openai-compatible tiers ──
  listed('gpt-5.4', 'USD', 2.5, 15, 0.25),
  listed('gpt-5.4-mini', 'USD', 0.75, 4.5, 0.075),
  listed('gpt-5.4-nano', 'USD', 0.2, 1.25, 0.02),
  listed('gpt-5', 'USD', 1.25, 10, 0.125),
  listed('gpt-5-mini', 'USD', 0.25, 2, 0.025),
  listed('gpt-5-nano', 'USD', 0.05, 0.4, 0.005),
];
