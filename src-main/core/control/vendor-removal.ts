// Remove with undo. A removed vendor leaves the config (file or desktop store), the tier chain and — for the
// desktop app — the keychain at once. The removed entry is held in this process's memory only, with the secrets its
// `keychain:` references pointed at, until the undo is used, the page that removed it lets it go
// (`forgetRemovedVendor`) or it expires; so a closed dashboard never leaves a deleted key lying around. Undo writes
// the entry back exactly as it was written (key, references, comments aside) at its place in the failover order.
import { randomUUID } from 'node:crypto';
import type { RemovedVendor } from '../../../src-shared/contract.ts';
import { KEYCHAIN_PREFIX, SECRET_FIELDS } from '../config/secret-refs.ts';
import type { CoreContext } from '../core-context.ts';
import { ControlError } from './control-error.ts';
import { commitVendors, rawTiers, rawVendors } from './dashboard-handlers.ts';
import type { RawVendor } from './secret-carry-over.ts';

/** How long an undo is held when the page never says it is done with it. */
export const UNDO_TTL_MS = 120_000;

interface Held {
  entry: RawVendor;
  name: string;
  vendorIndex: number;
  /** Place in the written `tiers:` list, when the config has one. */
  tierIndex: number | undefined;
  position: number;
  /** Keychain entries deleted with the vendor, to write back on undo. */
  secrets: Array<[key: string, value: string]>;
  expiresAt: number;
  timer: ReturnType<typeof setTimeout>;
}

/** The keychain keys an entry's secret fields and header values point at. */
function keychainKeys(entry: RawVendor): string[] {
  const values: unknown[] = SECRET_FIELDS.map((field) => entry[field]);
  const headers = entry.headers;
  if (headers && typeof headers === 'object') values.push(...Object.values(headers));
  return values
    .filter((value): value is string => typeof value === 'string' && value.startsWith(KEYCHAIN_PREFIX))
    .map((value) => value.slice(KEYCHAIN_PREFIX.length));
}

export interface RemovalMemory {
  remove(name: string): Promise<RemovedVendor>;
  undo(token: string): Promise<{ name: string; position: number }>;
  forget(token: string): void;
}

export function createRemovalMemory(core: CoreContext, ttlMs = UNDO_TTL_MS): RemovalMemory {
  const held = new Map<string, Held>();
  const now = () => (core.now ?? Date.now)();
  const drop = (token: string) => {
    const entry = held.get(token);
    if (!entry) return;
    clearTimeout(entry.timer);
    held.delete(token);
  };

  return {
    async remove(name) {
      const vendors = rawVendors(core);
      const vendorIndex = vendors.findIndex((vendor) => vendor.name === name);
      const entry = vendors[vendorIndex];
      if (!entry) throw new ControlError('not_found', `no vendor named "${name}"`);
      const writtenTiers = rawTiers(core);
      const tierIndex = writtenTiers?.indexOf(name);
      const position = Math.max(0, core.router.chain.order.indexOf(name));
      vendors.splice(vendorIndex, 1);
      const result = commitVendors(
        core,
        vendors,
        writtenTiers?.filter((tier) => tier !== name),
        vendorIndex,
      );
      if (!result.ok)
        throw new ControlError('invalid_request', result.problems.map((p) => p.message).join('; '));
      // Keychain entries no remaining vendor points at go now; their values wait here for an undo.
      const stillUsed = new Set(vendors.flatMap(keychainKeys));
      const secrets: Held['secrets'] = [];
      for (const key of new Set(keychainKeys(entry))) {
        if (stillUsed.has(key)) continue;
        const value = await core.secrets.get(key).catch(() => undefined);
        if (value !== undefined) secrets.push([key, value]);
        await core.secrets.delete(key).catch(() => undefined);
      }
      const token = randomUUID();
      const expiresAt = now() + ttlMs;
      const timer = setTimeout(() => drop(token), ttlMs);
      timer.unref();
      held.set(token, {
        entry,
        name,
        vendorIndex,
        tierIndex: tierIndex !== undefined && tierIndex >= 0 ? tierIndex : undefined,
        position,
        secrets,
        expiresAt,
        timer,
      });
      return { undoToken: token, name, position, expiresAt };
    },

    async undo(token) {
      const removed = held.get(token);
      if (!removed) throw new ControlError('not_found', 'this removal can no longer be undone (it expired)');
      const vendors = rawVendors(core);
      if (vendors.some((vendor) => vendor.name === removed.name)) {
        throw new ControlError(
          'conflict',
          `a vendor named "${removed.name}" exists again: rename or remove it, then undo`,
        );
      }
      vendors.splice(Math.min(removed.vendorIndex, vendors.length), 0, removed.entry);
      let tiers = rawTiers(core);
      if (tiers) {
        tiers = [...tiers];
        tiers.splice(Math.min(removed.tierIndex ?? removed.position, tiers.length), 0, removed.name);
      }
      for (const [key, value] of removed.secrets) await core.secrets.set(key, value);
      const result = commitVendors(core, vendors, tiers, Math.min(removed.vendorIndex, vendors.length - 1));
      if (!result.ok)
        throw new ControlError('conflict', result.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
      drop(token);
      return { name: removed.name, position: Math.max(0, core.router.chain.order.indexOf(removed.name)) };
    },

    forget: drop,
  };
}
