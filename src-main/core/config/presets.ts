import type { AuthStyle, ModelRule, VendorKind } from '../../../src-shared/config-schema.ts';

export interface VendorPreset {
  label: string;
  baseUrl?: string;
  authStyle: AuthStyle;
  /** Applied after the user's own rules. Unmatched models pass through unchanged. */
  modelMap: ModelRule[];
  /** The vendor rejects Anthropic `cache_control` markers. */
  dropCacheControl: boolean;
  /** Environment variable the generated config suggests for the key. */
  apiKeyEnv?: string;
}

function claudeFamilies(sonnet: string, opus: string, haiku: string): ModelRule[] {
  return [
    { match: 'claude-sonnet-*', to: sonnet },
    { match: 'claude-opus-*', to: opus },
    { match: 'claude-haiku-*', to: haiku },
    { match: 'claude-*', to: sonnet },
  ];
}

// Base URLs and model names from vendors-protocols.md §1.1/§1.2 (what the original shipped, checked against the
// vendors' own Claude Code setup guides). Every one is overridable per vendor in the config.
export const PRESETS: Record<VendorKind, VendorPreset> = {
  anthropic: {
    label: 'Anthropic',
    baseUrl: 'https://api.anthropic.com',
    authStyle: 'x-api-key',
    modelMap: [],
    dropCacheControl: false,
    apiKeyEnv: 'ANTHROPIC_API_KEY',
  },
  'anthropic-compatible': {
    label: 'Anthropic-compatible',
    authStyle: 'both',
    modelMap: [],
    dropCacheControl: false,
  },
  zhipu: {
    label: 'Zhipu GLM',
    baseUrl: 'https://open.bigmodel.cn/api/anthropic',
    authStyle: 'both',
    modelMap: claudeFamilies('glm-5.1', 'glm-5.1', 'glm-4.5-air'),
    // GLM-5.1 rejects cache_control (better-ccflare#187).
    dropCacheControl: true,
    apiKeyEnv: 'ZHIPU_API_KEY',
  },
  minimax: {
    label: 'MiniMax',
    baseUrl: 'https://api.minimaxi.com/anthropic',
    authStyle: 'both',
    modelMap: claudeFamilies('MiniMax-M2.7', 'MiniMax-M2.7', 'MiniMax-M2.7'),
    dropCacheControl: false,
    apiKeyEnv: 'MINIMAX_API_KEY',
  },
  alibaba: {
    label: 'Alibaba Qwen',
    baseUrl: 'https://coding-intl.dashscope.aliyuncs.com/apps/anthropic',
    authStyle: 'both',
    modelMap: claudeFamilies('qwen3.6-plus', 'qwen3.6-plus', 'qwen3.6-plus'),
    dropCacheControl: false,
    apiKeyEnv: 'ALIBABA_API_KEY',
  },
  xiaomi: {
    label: 'Xiaomi MiMo',
    baseUrl: 'https://token-plan-cn.xiaomimimo.com/anthropic',
    // MiMo documents `api-key` or Bearer, not x-api-key.
    authStyle: 'bearer',
    modelMap: claudeFamilies('mimo-v2-pro', 'mimo-v2-pro', 'mimo-v2-pro'),
    dropCacheControl: false,
    apiKeyEnv: 'XIAOMI_API_KEY',
  },
  kimi: {
    label: 'Kimi',
    baseUrl: 'https://api.kimi.com/coding',
    authStyle: 'both',
    modelMap: claudeFamilies('kimi-k2.5', 'kimi-k2.5', 'kimi-k2.5'),
    // Reported to reject cache_control (routatic/proxy#56).
    dropCacheControl: true,
    apiKeyEnv: 'KIMI_API_KEY',
  },
  doubao: {
    label: 'Doubao',
    baseUrl: 'https://ark.cn-beijing.volces.com/api/coding',
    authStyle: 'both',
    modelMap: claudeFamilies('doubao-seed-2.0-pro', 'doubao-seed-2.0-code', 'doubao-seed-2.0-lite'),
    dropCacheControl: false,
    apiKeyEnv: 'ARK_API_KEY',
  },
  copilot: {
    label: 'GitHub Copilot',
    authStyle: 'bearer',
    modelMap: [],
    dropCacheControl: true,
  },
  'openai-compatible': {
    label: 'OpenAI-compatible',
    authStyle: 'bearer',
    modelMap: [],
    dropCacheControl: true,
  },
  gemini: {
    label: 'Google Gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    authStyle: 'x-api-key',
    modelMap: [],
    dropCacheControl: true,
    apiKeyEnv: 'GEMINI_API_KEY',
  },
  antigravity: {
    label: 'Google Antigravity',
    baseUrl: 'https://cloudcode-pa.googleapis.com',
    authStyle: 'bearer',
    modelMap: [],
    dropCacheControl: true,
  },
};
