// Imports a configuration file into the desktop app: either ours (YAML/JSON, same schema as the CLI) or the
// ORIGINAL Python coding-proxy's snake_case `config.yaml` (original-behaviour.md §2), converted to our schema.
// The result keeps `${VAR}` references as written (that is what gets stored) and is validated exactly like
// the CLI's file. Everything that has no equivalent is named in a warning rather than dropped silently.
import {
  convertLogging,
  convertNativeApi,
  convertSessionPolicies,
} from '../core/config/original-parity-fields.ts';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  type ConfigProblem,
  type ProxyConfig,
  VENDOR_KINDS,
  type VendorKind,
} from '../../src-shared/config-schema.ts';
import { checkProxyConfig } from './settings-migrations.ts';

export type ImportSource = 'coding-proxy' | 'original-python';

export type ImportResult =
  | { ok: true; source: ImportSource; raw: Record<string, unknown>; config: ProxyConfig; warnings: string[] }
  | { ok: false; source?: ImportSource; problems: ConfigProblem[] };

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const LEGACY_FLAT_KEYS = ['primary', 'anthropic', 'copilot', 'antigravity', 'fallback', 'zhipu'];

/** Snake_case vendor entries (`vendor:` instead of `kind:`), or the pre-`vendors` flat layout. */
export function isOriginalConfig(raw: unknown): boolean {
  if (!isRecord(raw)) return false;
  const entries = Array.isArray(raw.vendors) ? raw.vendors : Array.isArray(raw.tiers) ? raw.tiers : [];
  if (
    entries.some(
      (entry) => isRecord(entry) && ('vendor' in entry || 'backend' in entry) && !('kind' in entry),
    )
  )
    return true;
  if ('model_mapping' in raw || 'native_api' in raw || 'session_policies' in raw || 'database' in raw)
    return true;
  return raw.vendors === undefined && LEGACY_FLAT_KEYS.some((key) => isRecord(raw[key]));
}

export function importConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): ImportResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: '(file)', message: `cannot be read: ${(error as Error).message}` }],
    };
  }
  return importConfigText(text, path, env);
}

export function importConfigText(
  text: string,
  fileName: string,
  env: NodeJS.ProcessEnv = process.env,
): ImportResult {
  let raw: unknown;
  try {
    raw = extname(fileName).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: '(file)', message: `cannot be parsed: ${(error as Error).message}` }],
    };
  }
  if (!isRecord(raw))
    return { ok: false, problems: [{ path: '(file)', message: 'is not a configuration mapping' }] };
  const source: ImportSource = isOriginalConfig(raw) ? 'original-python' : 'coding-proxy';
  const converted = source === 'original-python' ? convertOriginalConfig(raw) : { config: raw, warnings: [] };
  const checked = checkProxyConfig(converted.config, env);
  if (!checked.ok) return { ok: false, source, problems: checked.problems };
  return {
    ok: true,
    source,
    raw: converted.config,
    config: checked.config,
    warnings: [...converted.warnings, ...checked.warnings],
  };
}

// ---- the original's snake_case layout → ours -------------------------------------------------------------

const IGNORED_TOP_LEVEL: Record<string, string> = {
  database: 'database paths are not imported (usage history starts fresh in the app data folder)',
  auth: 'auth settings are not imported: sign in to Copilot / Antigravity again if their tokens lived in tokens.json',
};

function originalVendorEntries(raw: Json, warnings: string[]): Json[] {
  if (Array.isArray(raw.vendors)) return raw.vendors.filter(isRecord);
  // Very old files used `tiers:` for the vendor definitions themselves.
  if (Array.isArray(raw.tiers) && raw.tiers.some(isRecord)) return raw.tiers.filter(isRecord);
  // The flat legacy layout (§2.13): fixed order, each with its own breaker/quota keys; the fallback has none.
  const entries: Json[] = [];
  const primary = (raw.primary ?? raw.anthropic) as Json | undefined;
  const fallback = (raw.fallback ?? raw.zhipu) as Json | undefined;
  const legacy = (
    vendor: string,
    body: Json | undefined,
    enabledByDefault: boolean,
    prefix: string | null,
  ) => {
    if (!(body?.enabled ?? enabledByDefault)) return;
    const entry: Json = { ...body, vendor };
    if (prefix !== null) {
      entry.circuit_breaker = raw[`${prefix}circuit_breaker`];
      entry.quota_guard = raw[`${prefix}quota_guard`];
    }
    entries.push(entry);
  };
  legacy('anthropic', isRecord(primary) ? primary : undefined, true, '');
  legacy('copilot', isRecord(raw.copilot) ? raw.copilot : undefined, false, 'copilot_');
  legacy('antigravity', isRecord(raw.antigravity) ? raw.antigravity : undefined, false, 'antigravity_');
  legacy('zhipu', isRecord(fallback) ? fallback : undefined, true, null);
  if (entries.length)
    warnings.push('converted the legacy flat layout (primary/copilot/antigravity/fallback) to vendors');
  return entries;
}

function convertQuotaGuard(guard: unknown, defaultWindowHours: number): Json | undefined {
  if (!isRecord(guard) || guard.enabled !== true) return undefined;
  const out: Json = {
    windowHours: guard.window_hours ?? defaultWindowHours,
    tokenBudget: guard.token_budget ?? 0,
  };
  if (guard.threshold_percent !== undefined) out.thresholdPercent = guard.threshold_percent;
  if (guard.probe_interval_seconds !== undefined) out.probeIntervalSeconds = guard.probe_interval_seconds;
  return out;
}

const VENDOR_FIELD_MAP: ReadonlyArray<[string, string]> = [
  ['enabled', 'enabled'],
  ['timeout_ms', 'timeoutMs'],
  ['github_token', 'githubToken'],
  ['account_type', 'accountType'],
  ['token_url', 'tokenUrl'],
  ['client_id', 'clientId'],
  ['client_secret', 'clientSecret'],
  ['refresh_token', 'refreshToken'],
];

/** Our vendor entry, or undefined (with a warning) for a vendor type we do not know. */
function convertVendor(entry: Json, index: number, warnings: string[]): Json | undefined {
  const type = String(entry.vendor ?? entry.backend ?? '')
    .trim()
    .toLowerCase();
  if (!(VENDOR_KINDS as ReadonlyArray<string>).includes(type)) {
    warnings.push(`vendors[${index}]: unknown vendor type "${type}" was skipped`);
    return undefined;
  }
  const kind = type as VendorKind;
  const vendor: Json = { name: kind, kind };
  for (const [from, to] of VENDOR_FIELD_MAP) {
    const value = entry[from];
    if (value !== undefined && value !== null && value !== '') vendor[to] = value;
  }
  for (const [from, to] of [
    ['base_url', 'baseUrl'],
    ['api_key', 'apiKey'],
  ] as const) {
    // An empty string meant "use the built-in default" (base_url) or "no key" (api_key).
    if (typeof entry[from] === 'string' && entry[from] !== '') vendor[to] = entry[from];
  }
  const breaker = entry.circuit_breaker;
  if (isRecord(breaker)) {
    const out: Json = {};
    if (breaker.failure_threshold !== undefined) out.failureThreshold = breaker.failure_threshold;
    if (breaker.recovery_timeout_seconds !== undefined)
      out.recoveryTimeoutSeconds = breaker.recovery_timeout_seconds;
    if (breaker.success_threshold !== undefined) out.successThreshold = breaker.success_threshold;
    if (breaker.max_recovery_seconds !== undefined)
      out.maxRecoveryTimeoutSeconds = breaker.max_recovery_seconds;
    vendor.circuitBreaker = out;
  } else {
    warnings.push(`${kind} had no circuit breaker; every tier has one here (defaults: 3 failures, 300 s)`);
  }
  const quotaGuards = [
    convertQuotaGuard(entry.quota_guard, 5),
    convertQuotaGuard(entry.weekly_quota_guard, 168),
  ].filter((guard): guard is Json => guard !== undefined);
  if (quotaGuards.length) vendor.quotaGuards = quotaGuards;
  if (typeof entry.model_endpoint === 'string' && entry.model_endpoint !== '') {
    warnings.push(
      `${kind}: model_endpoint "${entry.model_endpoint}" is not imported; unmapped models pass through unchanged (add a model mapping if needed)`,
    );
  }
  return vendor;
}

/** `{pattern, target, is_regex, vendors}` → per-vendor `modelMap` rules; an empty `vendors` list meant zhipu only. */
function attachModelMapping(rules: unknown, vendors: Json[]): void {
  if (!Array.isArray(rules)) return;
  for (const rule of rules) {
    if (!isRecord(rule) || typeof rule.pattern !== 'string' || typeof rule.target !== 'string') continue;
    const scope = Array.isArray(rule.vendors) ? rule.vendors.map((v) => String(v).trim().toLowerCase()) : [];
    const names = new Set(
      (scope.length ? scope : ['zhipu']).map((name) => (name === 'fallback' ? 'zhipu' : name)),
    );
    // Python's re.fullmatch == our `/…/` form (anchored); a plain pattern with * or ? is a glob in both.
    const match = rule.is_regex === true ? `/${rule.pattern}/` : rule.pattern;
    for (const vendor of vendors) {
      if (!names.has(String(vendor.name))) continue;
      if (!Array.isArray(vendor.modelMap)) vendor.modelMap = [];
      (vendor.modelMap as Json[]).push({ match, to: rule.target });
    }
  }
}

function convertPricing(entries: unknown): Json[] | undefined {
  if (!Array.isArray(entries)) return undefined;
  const fields: ReadonlyArray<[string, string]> = [
    ['input_cost_per_mtok', 'input'],
    ['output_cost_per_mtok', 'output'],
    ['cache_write_cost_per_mtok', 'cacheWrite'],
    ['cache_read_cost_per_mtok', 'cacheRead'],
  ];
  return entries.filter(isRecord).map((entry) => {
    const out: Json = { vendor: entry.vendor, model: entry.model };
    for (const [from, to] of fields)
      if (entry[from] !== undefined && entry[from] !== null) out[to] = entry[from];
    return out;
  });
}

export function convertOriginalConfig(raw: Json): { config: Json; warnings: string[] } {
  const warnings: string[] = [];
  for (const [key, message] of Object.entries(IGNORED_TOP_LEVEL)) if (key in raw) warnings.push(message);
  const config: Json = {};
  if (isRecord(raw.server)) {
    const server: Json = {};
    if (raw.server.host !== undefined) server.host = raw.server.host;
    if (raw.server.port !== undefined) server.port = raw.server.port;
    config.server = server;
  }
  const vendors: Json[] = [];
  originalVendorEntries(raw, warnings).forEach((entry, index) => {
    const converted = convertVendor(entry, index, warnings);
    if (converted) vendors.push(converted);
  });
  attachModelMapping(raw.model_mapping, vendors);
  config.vendors = vendors;
  const names = new Set(vendors.map((vendor) => String(vendor.name)));
  if (Array.isArray(raw.tiers) && raw.tiers.every((tier) => typeof tier === 'string')) {
    const tiers = (raw.tiers as string[]).map((tier) => tier.trim().toLowerCase());
    const unknown = tiers.filter((tier) => !names.has(tier));
    if (unknown.length) warnings.push(`tiers without a vendor entry were dropped: ${unknown.join(', ')}`);
    config.tiers = tiers.filter((tier) => names.has(tier));
  }
  if (isRecord(raw.failover)) {
    const failover: Json = {};
    if (raw.failover.status_codes !== undefined) failover.statusCodes = raw.failover.status_codes;
    if (raw.failover.error_types !== undefined) failover.errorTypes = raw.failover.error_types;
    if (raw.failover.error_message_patterns !== undefined)
      failover.messagePatterns = raw.failover.error_message_patterns;
    config.failover = failover;
  }
  const pricing = convertPricing(raw.pricing);
  if (pricing?.length) config.pricing = pricing;
  // issue 15: passthrough, session policies and logging exist here now.
  const nativeApi = convertNativeApi(raw.native_api, warnings);
  if (nativeApi) config.nativeApi = nativeApi;
  const sessionPolicies = convertSessionPolicies(raw.session_policies, warnings);
  if (sessionPolicies?.length) config.sessionPolicies = sessionPolicies;
  const logging = convertLogging(raw.logging, warnings);
  if (logging) config.logging = logging;
  return { config, warnings };
}

/**
 * Where a first desktop run looks for a configuration to import, in order: the CLI's own file (same data
 * folder), then the original Python proxy's `~/.coding-proxy/config.yaml`. None found → shipped defaults.
 */
export function firstRunImportCandidates(dataDir: string, home: string): string[] {
  return [
    join(dataDir, 'config.yaml'),
    join(dataDir, 'config.json'),
    join(home, '.coding-proxy', 'config.yaml'),
  ];
}
