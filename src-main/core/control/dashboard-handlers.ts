// Control commands the dashboard adds to the contract (`DashboardCommands`), plus real `saveVendor` /
// `removeVendor`. Kept apart from handlers.ts so the lead merges them in one place; see the report for how.
import { homedir } from 'node:os';
import { z } from 'zod';
import type { ProxyConfig, VendorConfigInput } from '../../../src-shared/config-schema.ts';
import type { CommandRequest, CommandResponse, DashboardCommands } from '../../../src-shared/contract.ts';
import type { CoreContext } from '../core-context.ts';
import { claudeSettingsStatus, connectClaudeCode, restoreClaudeCode } from './claude-settings.ts';
import { checkRawConfig } from '../config/load-config.ts';
import { minimalEdit } from '../config/minimal-edit.ts';
import { ControlError } from './control-error.ts';
import { carryOverSecrets, type RawVendor } from './secret-carry-over.ts';

export type DashboardHandlers = {
  [C in keyof DashboardCommands]: (
    request: DashboardCommands[C]['request'],
  ) => Promise<DashboardCommands[C]['response']>;
};

const EMPTY = z.object({}).strict() as z.ZodType<Record<string, never>>;

export const DASHBOARD_REQUEST_SCHEMAS: {
  [C in keyof DashboardCommands]: z.ZodType<DashboardCommands[C]['request']>;
} = {
  resetTier: z.object({ name: z.string() }).strict(),
  claudeSettingsStatus: EMPTY,
  connectClaudeCode: EMPTY,
  restoreClaudeCode: EMPTY,
};

export interface DashboardHandlerOptions {
  /** Whose `~/.claude/settings.json` to manage; tests pass a temp dir. */
  home?: string;
}

export function createDashboardHandlers(
  core: CoreContext,
  options: DashboardHandlerOptions = {},
): DashboardHandlers {
  const settings = () => ({ home: options.home ?? homedir(), proxyUrl: core.baseUrl() });
  const fileAction = <T>(action: () => T): T => {
    try {
      return action();
    } catch (error) {
      throw new ControlError('conflict', (error as Error).message);
    }
  };
  return {
    async resetTier({ name }) {
      const tier = core.router.chain.get(name);
      if (!tier)
        throw new ControlError(
          'not_found',
          `no tier named "${name}" (known: ${core.router.chain.order.join(', ')})`,
        );
      tier.reset();
      core.events.emit({ type: 'tier-changed', tier: core.router.chain.status(name) });
      return { ok: true };
    },
    async claudeSettingsStatus() {
      return claudeSettingsStatus(settings());
    },
    async connectClaudeCode() {
      return fileAction(() => connectClaudeCode(settings()));
    },
    async restoreClaudeCode() {
      return fileAction(() => restoreClaudeCode(settings()));
    },
  };
}

// ---- vendor editing ----

type Problems = Array<{ path: string; message: string }>;

/** The vendors as written (references and omitted defaults kept), from the config store. */
export function rawVendors(core: CoreContext): RawVendor[] {
  const stored = core.configStore.get(['vendors']);
  if (Array.isArray(stored)) return structuredClone(stored) as RawVendor[];
  return structuredClone(core.config.vendors) as RawVendor[];
}

/** The `tiers:` list as written; undefined when the config has none (the order is then the vendors' order). */
export function rawTiers(core: CoreContext): string[] | undefined {
  const stored = core.configStore.get(['tiers']);
  return Array.isArray(stored)
    ? stored.filter((name): name is string => typeof name === 'string')
    : core.config.tiers;
}

/**
 * Field problems relative to the vendor (`vendors[2].baseUrl` → `baseUrl`) so the form can place them, with other
 * vendors named rather than numbered: a user never sees the config's internal positions.
 */
function vendorProblems(problems: Problems, index: number, vendors: RawVendor[]): Problems {
  const prefix = `vendors[${index}]`;
  const named = (text: string) =>
    text.replace(/vendors\[(\d+)\]/g, (_whole, at: string) => {
      const name = vendors[Number(at)]?.name;
      return typeof name === 'string' ? `vendor "${name}"` : 'another vendor';
    });
  return problems.map((problem) => {
    let path = problem.path;
    if (path.startsWith(prefix)) path = path.slice(prefix.length).replace(/^\./, '') || 'vendor';
    // A duplicate name is reported on the second of the two: when that is the other vendor, it is this name.
    else if (/^vendors\[\d+\]\.name$/.test(path) && problem.message.includes(`${prefix})`)) path = 'name';
    else if (path.startsWith('tiers')) path = 'vendor';
    return { path, message: named(problem.message) };
  });
}

/** Validates the whole config with `vendors` / `tiers` in place; problems are relative to vendor `problemIndex`. */
export function checkVendors(
  core: CoreContext,
  vendors: RawVendor[],
  tiers: string[] | undefined,
  problemIndex: number,
): { ok: true; config: ProxyConfig } | { ok: false; problems: Problems } {
  const candidate = { ...core.config, vendors, ...(tiers ? { tiers } : {}) };
  if (!tiers) delete (candidate as { tiers?: unknown }).tiers;
  // References (`${VAR}`, `keychain:`) stay as written: only the forwarders resolve them.
  const parsed = checkRawConfig(candidate);
  if (!parsed.ok) return { ok: false, problems: vendorProblems(parsed.problems, problemIndex, vendors) };
  return { ok: true, config: parsed.config };
}

/** Checks, then writes the raw vendors (and tiers) through the config store and rebuilds the live chain. */
export function commitVendors(
  core: CoreContext,
  vendors: RawVendor[],
  tiers: string[] | undefined,
  problemIndex: number,
): { ok: true } | { ok: false; problems: Problems } {
  const parsed = checkVendors(core, vendors, tiers, problemIndex);
  if (!parsed.ok) return parsed;
  core.configStore.set(['vendors'], vendors);
  if (tiers) core.configStore.set(['tiers'], tiers);
  core.config.vendors = parsed.config.vendors;
  core.config.tiers = parsed.config.tiers;
  core.applyVendors(core.config);
  return { ok: true };
}

const isEntry = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * `minimalEdit`, and for lists of entries (model map rules, quota guards) row by row: a form sends every row as
 * the proxy reads it (defaults filled in), so a row the user did not touch keeps its written form and an edited
 * row gains only the keys that changed.
 */
function minimalVendorEdit(
  raw: RawVendor | undefined,
  effective: Record<string, unknown> | undefined,
  edited: RawVendor,
): RawVendor {
  const out = minimalEdit(raw, effective, edited);
  for (const [key, value] of Object.entries(out)) {
    const written = raw?.[key];
    const meant = effective?.[key];
    if (!Array.isArray(value) || !Array.isArray(written) || value === written) continue;
    if (!value.every(isEntry) || !written.every(isEntry)) continue;
    out[key] = value.map((row, index) => {
      const rawRow = written[index];
      const meantRow = Array.isArray(meant) && isEntry(meant[index]) ? meant[index] : undefined;
      return rawRow === undefined ? row : minimalEdit(rawRow, meantRow, row);
    });
  }
  return out;
}

/**
 * Validates the whole config with the edit applied (duplicate names, tier references…), writes the raw
 * vendors through the config store, updates the live config and rebuilds the tier chain: the edit applies to
 * the next request, and unchanged vendors keep their breaker and quota state.
 */
export function createVendorEditHandlers(core: CoreContext): {
  saveVendor(request: CommandRequest<'saveVendor'>): Promise<CommandResponse<'saveVendor'>>;
  removeVendor(request: CommandRequest<'removeVendor'>): Promise<CommandResponse<'removeVendor'>>;
} {
  const check = (vendors: RawVendor[], tiers: string[] | undefined, problemIndex: number) =>
    checkVendors(core, vendors, tiers, problemIndex);
  const commit = (vendors: RawVendor[], tiers: string[] | undefined, problemIndex: number) =>
    commitVendors(core, vendors, tiers, problemIndex);
  return {
    async saveVendor({ vendor, previousName, confirmCredentialDestination }) {
      const vendors = rawVendors(core);
      const index = previousName === undefined ? -1 : vendors.findIndex((v) => v.name === previousName);
      if (previousName !== undefined && index < 0)
        throw new ControlError('not_found', `no vendor named "${previousName}"`);
      const previous = index >= 0 ? vendors[index] : undefined;
      // Empty secret fields keep the stored ones, but only while the destination stays the same.
      const carried = carryOverSecrets(
        previous,
        { ...(vendor as VendorConfigInput) },
        confirmCredentialDestination === true,
      );
      const edited = carried.vendor;
      let tiers = rawTiers(core);
      const name = String(edited.name ?? '');
      if (index >= 0) {
        // Only what the user changed is written: defaults stay implicit, `${VAR}` references stay references.
        const live = core.config.vendors.find((vendor) => vendor.name === previousName);
        vendors[index] = minimalVendorEdit(previous, live as Record<string, unknown> | undefined, edited);
        if (previousName !== name) tiers = tiers?.map((tier) => (tier === previousName ? name : tier));
      } else {
        vendors.push(edited);
        if (tiers) tiers = [...tiers, name];
      }
      const problemIndex = index >= 0 ? index : vendors.length - 1;
      if (carried.problems.length) {
        const checked = check(vendors, tiers, problemIndex);
        return { ok: false, problems: [...carried.problems, ...(checked.ok ? [] : checked.problems)] };
      }
      const result = commit(vendors, tiers, problemIndex);
      if (!result.ok || carried.dropped.length === 0) return result;
      return { ok: true, droppedSecrets: carried.dropped };
    },
    async removeVendor({ name }) {
      const vendors = rawVendors(core);
      const index = vendors.findIndex((vendor) => vendor.name === name);
      if (index < 0) throw new ControlError('not_found', `no vendor named "${name}"`);
      vendors.splice(index, 1);
      const tiers = rawTiers(core)?.filter((tier) => tier !== name);
      const result = commit(vendors, tiers, index);
      if (!result.ok)
        throw new ControlError('invalid_request', result.problems.map((p) => p.message).join('; '));
      return { ok: true };
    },
  };
}
