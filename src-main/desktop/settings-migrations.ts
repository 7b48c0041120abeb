// The desktop app's own settings (tray click, launch at login, notifications) live in electron-store beside the
// proxy configuration. The store carries a schema version; each migration turns version n into n + 1, so an old
// store is upgraded step by step and a store written by a newer app is refused instead of being damaged.
// The proxy configuration itself is the same schema as the CLI's file and is validated by `parseConfig`.
import { z } from 'zod';
import type { ConfigProblem, ProxyConfig } from '../../src-shared/config-schema.ts';
import { checkRawConfig } from '../core/config/load-config.ts';

export const SETTINGS_VERSION = 1;

export const desktopSettingsSchema = z.object({
  clickBehaviour: z.enum(['auto', 'menu', 'dashboard', 'popover']).default('auto'),
  launchAtLogin: z.boolean().default(false),
  /** Closing the dashboard window keeps the proxy running in the tray. */
  closeToTray: z.boolean().default(true),
  notifications: z
    .object({
      silenced: z.boolean().default(false),
      holdSeconds: z.number().min(0).max(3600).default(15),
      repeatAfterMinutes: z
        .number()
        .min(0)
        .max(24 * 60)
        .default(10),
      quotaWarnPercents: z.array(z.number().gt(0).lt(100)).default([80]),
    })
    .default({ silenced: false, holdSeconds: 15, repeatAfterMinutes: 10, quotaWarnPercents: [80] }),
});

export type DesktopSettings = z.output<typeof desktopSettingsSchema>;

/** What electron-store holds. `proxy` is raw config input (env references kept), as in the CLI's YAML file. */
export interface StoreData {
  settingsVersion: number;
  desktop: DesktopSettings;
  proxy?: Record<string, unknown>;
}

export type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

/** `MIGRATIONS[n]` turns version n into n + 1. Version 0 is a store that has never been written. */
export const MIGRATIONS: ReadonlyArray<Migration> = [(data) => ({ ...data, desktop: data.desktop ?? {} })];

export type MigrationResult =
  | { ok: true; data: StoreData; changed: boolean; warnings: string[] }
  | { ok: false; problem: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Upgrades raw store contents to the current version; a bad setting falls back to its default with a warning. */
export function migrateStore(
  raw: unknown,
  migrations: ReadonlyArray<Migration> = MIGRATIONS,
): MigrationResult {
  const target = migrations.length;
  let data: Record<string, unknown> = isRecord(raw) ? { ...raw } : {};
  const version = typeof data.settingsVersion === 'number' ? data.settingsVersion : 0;
  if (!Number.isInteger(version) || version < 0)
    return { ok: false, problem: `settings version ${String(data.settingsVersion)} is not valid` };
  if (version > target) {
    return {
      ok: false,
      problem: `the settings were written by a newer coding-proxy (settings version ${version}, this app knows ${target}); update the app`,
    };
  }
  for (let step = version; step < target; step++) data = migrations[step]!(data);
  const warnings: string[] = [];
  const desktop = parseDesktopSettings(data.desktop, warnings);
  const result: StoreData = { settingsVersion: target, desktop };
  if (isRecord(data.proxy)) result.proxy = data.proxy;
  else if (data.proxy !== undefined)
    warnings.push('the stored proxy configuration is not an object and was ignored');
  return { ok: true, data: result, changed: version !== target || warnings.length > 0, warnings };
}

function parseDesktopSettings(input: unknown, warnings: string[]): DesktopSettings {
  const raw: Record<string, unknown> = isRecord(input) ? { ...input } : {};
  if (isRecord(raw.notifications)) raw.notifications = { ...raw.notifications };
  // Drop each bad field (so it takes its default) until the rest parses: one typo must not reset everything.
  for (let guard = 0; guard < 20; guard++) {
    const parsed = desktopSettingsSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    const [first, second] = issue.path;
    warnings.push(`setting ${issue.path.join('.')} was invalid (${issue.message}); using the default`);
    if (typeof first !== 'string') break;
    const nested = raw[first];
    if (typeof second === 'string' && isRecord(nested)) delete nested[second];
    else delete raw[first];
  }
  return desktopSettingsSchema.parse({});
}

export type ProxyConfigCheck =
  | { ok: true; config: ProxyConfig; warnings: string[] }
  | { ok: false; problems: ConfigProblem[] };

/**
 * The stored proxy configuration, validated exactly like the CLI's file. `${VAR}` and `keychain:` references stay
 * as written; only each vendor's forwarder resolves them (core/config/secret-refs.ts).
 */
export function checkProxyConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): ProxyConfigCheck {
  return checkRawConfig(raw ?? {}, env);
}
