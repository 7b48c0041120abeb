// The core's view of src-shared/vendor-presets.ts: one vendor config (kind + plan + region) → the host, auth
// header, default model rules and quirks to use. Every value is overridable per vendor in the config.
import {
  type AuthStyle,
  type ModelRule,
  VENDOR_KINDS,
  type VendorConfig,
  type VendorKind,
} from '../../../src-shared/config-schema.ts';
import { type FamilyModels, presetEndpoint, VENDOR_PRESETS } from '../../../src-shared/vendor-presets.ts';

export interface VendorPreset {
  label: string;
  baseUrl?: string;
  authStyle: AuthStyle;
  /** Applied after the user's own rules. Unmatched models pass through unchanged. */
  modelMap: ModelRule[];
  /** The vendor rejects Anthropic `cache_control` markers. */
  dropCacheControl: boolean;
  /** False when images/documents draw a 400 (MiniMax): such requests are left to other tiers. */
  acceptsImages: boolean;
  /** Environment variable the generated config suggests for the key. */
  apiKeyEnv?: string;
  /** Where the user creates a key for this plan and region. */
  keyUrl?: string;
  /** The kind has several hosts by region or plan, and a key works only on its own. */
  regionBound: boolean;
}

/**
 * Claude family → vendor model. Substring globs so every spelling matches (`claude-3-5-haiku-…`,
 * `claude-haiku-4-5`); anything else Claude-named goes to the sonnet model.
 */
export function familyRules(models: FamilyModels): ModelRule[] {
  return [
    { match: '*opus*', to: models.opus },
    { match: '*sonnet*', to: models.sonnet },
    { match: '*haiku*', to: models.haiku },
    { match: 'claude-*', to: models.sonnet },
  ];
}

type PresetChoice = Pick<VendorConfig, 'kind'> & Partial<Pick<VendorConfig, 'region' | 'plan'>>;

export function resolvePreset(config: PresetChoice): VendorPreset {
  const info = VENDOR_PRESETS[config.kind];
  const endpoint = presetEndpoint(config.kind, { plan: config.plan, region: config.region });
  const models = endpoint?.models ?? info.models;
  const preset: VendorPreset = {
    label: info.label,
    authStyle: endpoint?.authStyle ?? info.authStyle,
    modelMap: models ? familyRules(models) : [],
    dropCacheControl: info.dropCacheControl,
    acceptsImages: info.acceptsImages,
    regionBound: new Set(info.endpoints.map((e) => e.baseUrl)).size > 1,
  };
  if (endpoint) preset.baseUrl = endpoint.baseUrl;
  if (info.apiKeyEnv) preset.apiKeyEnv = info.apiKeyEnv;
  if (endpoint?.keyUrl) preset.keyUrl = endpoint.keyUrl;
  return preset;
}

/** Each kind with its default plan and region (what a config without `plan`/`region` gets). */
export const PRESETS = Object.fromEntries(
  VENDOR_KINDS.map((kind) => [kind, resolvePreset({ kind })]),
) as Record<VendorKind, VendorPreset>;

/** The input window the vendor documents for one of its default models, if it documents one. */
export function documentedContextWindow(kind: VendorKind, model: string): number | undefined {
  return VENDOR_PRESETS[kind].contextWindows?.[model]?.tokens;
}
