// What the vendor form shows about a kind's preset for the chosen plan and region — the host the tier will call,
// where to get a key, the auth header and the models Claude's families go to — all read from
// src-shared/vendor-presets.ts, never written into the user's config unless the user changes them.
import type { AuthStyle, VendorKind } from '../../src-shared/config-schema.ts';
import {
  type FamilyModels,
  type PresetChoice,
  presetEndpoint,
  VENDOR_PRESETS,
} from '../../src-shared/vendor-presets.ts';

export interface PresetView {
  label: string;
  plans: readonly PresetChoice[];
  /** Regions that exist for the chosen plan (the first is the default). */
  regions: readonly PresetChoice[];
  /** The effective plan and region ids (the user's choice or the default). */
  plan: string | undefined;
  region: string | undefined;
  /** The preset host for this plan and region; undefined for kinds the user must point somewhere. */
  baseUrl: string | undefined;
  keyUrl: string | undefined;
  authStyle: AuthStyle;
  models: FamilyModels | undefined;
  /** Documented input windows of the default models. */
  windows: Array<{ model: string; tokens: number }>;
  notes: readonly string[];
}

export function presetView(kind: VendorKind, choice: { plan: string; region: string }): PresetView {
  const info = VENDOR_PRESETS[kind];
  const plans = info.plans ?? [];
  const plan = choice.plan || plans[0]?.id;
  const forPlan = info.endpoints.filter((endpoint) => endpoint.plan === plan);
  const regions = (info.regions ?? []).filter((region) => forPlan.some((e) => e.region === region.id));
  const endpoint = presetEndpoint(kind, {
    ...(choice.plan ? { plan: choice.plan } : {}),
    ...(choice.region ? { region: choice.region } : {}),
  });
  const region = choice.region || endpoint?.region;
  const models = endpoint?.models ?? info.models;
  return {
    label: info.label,
    plans,
    regions,
    plan,
    region,
    baseUrl: endpoint?.baseUrl,
    keyUrl: endpoint?.keyUrl,
    authStyle: endpoint?.authStyle ?? info.authStyle,
    models,
    windows: Object.entries(info.contextWindows ?? {}).map(([model, window]) => ({
      model,
      tokens: window.tokens,
    })),
    notes: info.notes,
  };
}

/** After a kind or plan change, a region the new choice does not have goes back to the default. */
export function keepValidChoice(
  kind: VendorKind,
  choice: { plan: string; region: string },
): { plan: string; region: string } {
  const info = VENDOR_PRESETS[kind];
  const plan = (info.plans ?? []).some((candidate) => candidate.id === choice.plan) ? choice.plan : '';
  const view = presetView(kind, { plan, region: '' });
  const region = view.regions.some((candidate) => candidate.id === choice.region) ? choice.region : '';
  return { plan, region };
}

/** Kinds whose credentials come from a browser sign-in rather than a pasted key. */
export const SIGN_IN_KIND: Readonly<Partial<Record<VendorKind, 'github' | 'google'>>> = {
  copilot: 'github',
  antigravity: 'google',
};
