// The original coding-proxy's `native_api`, `session_policies` and `logging` sections in our layout (issue 15),
// for the config import: they used to be dropped with a warning because nothing here read them.
type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const PROVIDERS = ['openai', 'gemini', 'anthropic'] as const;

export function convertNativeApi(value: unknown, warnings: string[]): Json | undefined {
  if (!isRecord(value)) return undefined;
  const out: Json = {};
  for (const provider of PROVIDERS) {
    const entry = value[provider];
    if (!isRecord(entry)) continue;
    const converted: Json = {};
    if (typeof entry.enabled === 'boolean') converted.enabled = entry.enabled;
    // The original's default was `""` = built-in: keep ours in that case.
    if (typeof entry.base_url === 'string' && entry.base_url) converted.baseUrl = entry.base_url;
    if (typeof entry.timeout_ms === 'number') converted.timeoutMs = entry.timeout_ms;
    if (typeof entry.connect_timeout_ms === 'number') converted.connectTimeoutMs = entry.connect_timeout_ms;
    out[provider] = converted;
  }
  const unknown = Object.keys(value).filter((key) => !(PROVIDERS as readonly string[]).includes(key));
  if (unknown.length) warnings.push(`native_api: unknown provider(s) ${unknown.join(', ')} skipped`);
  return out;
}

/** `[{name, match: {session_keys, client_category}, tiers, quota}]` (or `{policies: [...]}`) → ours. */
export function convertSessionPolicies(value: unknown, warnings: string[]): Json[] | undefined {
  const list = Array.isArray(value)
    ? value
    : isRecord(value) && Array.isArray(value.policies)
      ? value.policies
      : undefined;
  if (!list) return undefined;
  const out: Json[] = [];
  list.forEach((entry: unknown, index) => {
    if (!isRecord(entry) || !Array.isArray(entry.tiers) || entry.tiers.length === 0) {
      warnings.push(`session_policies[${index}]: no tiers, skipped`);
      return;
    }
    const match: Json = {};
    const source = isRecord(entry.match) ? entry.match : {};
    if (Array.isArray(source.session_keys) && source.session_keys.length)
      match.sessionKeys = source.session_keys;
    if (source.client_category === 'cc' || source.client_category === 'api')
      match.clientCategory = source.client_category;
    if (Object.keys(match).length === 0) {
      warnings.push(`session_policies[${index}]: matches nothing, skipped`);
      return;
    }
    if (isRecord(entry.quota) && Number(entry.quota.token_budget) > 0)
      warnings.push(`session_policies[${index}]: quota is not imported (the original never enforced it)`);
    out.push({
      name: typeof entry.name === 'string' && entry.name ? entry.name : `policy-${index + 1}`,
      match,
      tiers: entry.tiers.map((tier: unknown) => String(tier).trim().toLowerCase()),
    });
  });
  return out;
}

const LEVELS: Record<string, string> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  WARN: 'warn',
  ERROR: 'error',
  CRITICAL: 'error',
};

export function convertLogging(value: unknown, warnings: string[]): Json | undefined {
  if (!isRecord(value)) return undefined;
  const out: Json = {};
  const level = typeof value.level === 'string' ? LEVELS[value.level.toUpperCase()] : undefined;
  if (level) out.level = level;
  if (typeof value.max_bytes === 'number') out.maxBytes = value.max_bytes;
  if (typeof value.backup_count === 'number') out.backups = value.backup_count;
  if (typeof value.file === 'string' && value.file)
    warnings.push(
      `logging.file "${value.file}" is not imported: the log is written to <data-dir>/logs/coding-proxy.log`,
    );
  return out;
}
