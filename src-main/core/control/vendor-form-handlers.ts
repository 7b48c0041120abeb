// The vendor form's commands (`VendorFormCommands`): test a vendor, check a base URL, sign-in state and notices,
// sign-out, and remove with undo. Spread into handlers.ts in one line.
import { Agent } from 'undici';
import { z } from 'zod';
import { formatPath, vendorSchema } from '../../../src-shared/config-schema.ts';
import type { VendorFormCommands, VendorTestResult } from '../../../src-shared/contract.ts';
import type { CoreContext } from '../core-context.ts';
import { createVendorAdapter } from '../vendors/registry.ts';
import { ControlError } from './control-error.ts';
import { rawVendors } from './dashboard-handlers.ts';
import { carryOverSecrets, type RawVendor } from './secret-carry-over.ts';
import { checkBaseUrl } from './url-check.ts';
import { probeVendor } from './vendor-probe.ts';
import { createRemovalMemory } from './vendor-removal.ts';
import { createVendorStates } from './vendor-states.ts';

export type VendorFormHandlers = {
  [C in keyof VendorFormCommands]: (
    request: VendorFormCommands[C]['request'],
  ) => Promise<VendorFormCommands[C]['response']>;
};

const token = z.string().min(1).max(100);

export const VENDOR_FORM_REQUEST_SCHEMAS: {
  [C in keyof VendorFormCommands]: z.ZodType<VendorFormCommands[C]['request']>;
} = {
  testVendor: z
    .object({
      name: z.string().min(1).optional(),
      vendor: z.record(z.string(), z.unknown()).optional(),
      previousName: z.string().min(1).optional(),
      model: z.string().min(1).max(200).optional(),
    })
    .strict()
    .refine((request) => request.name !== undefined || request.vendor !== undefined, {
      message: 'give the name of a saved vendor or the vendor to test',
    }) as unknown as z.ZodType<VendorFormCommands['testVendor']['request']>,
  checkBaseUrl: z.object({ url: z.string().min(1).max(2000) }).strict(),
  vendorStates: z.object({}).strict() as z.ZodType<Record<string, never>>,
  signOut: z.object({ vendor: z.string().min(1) }).strict(),
  removeVendorWithUndo: z.object({ name: z.string().min(1) }).strict(),
  undoRemoveVendor: z.object({ undoToken: token }).strict(),
  forgetRemovedVendor: z.object({ undoToken: token }).strict(),
};

export function createVendorFormHandlers(core: CoreContext): VendorFormHandlers {
  const states = createVendorStates(core);
  const removals = createRemovalMemory(core);
  const now = () => (core.now ?? Date.now)();
  const probeOptions = (agent: Agent, model: string | undefined) => ({
    agent,
    now,
    redact: (text: string) => core.redactor.redact(text),
    learnCredential: (value: string) => core.redactor.addHeaderValue(value),
    ...(model ? { model } : {}),
  });

  /** Unsaved form values: a throw-away adapter, with stored secrets only while the destination is unchanged. */
  const testUnsaved = async (
    input: RawVendor,
    previousName: string | undefined,
    model: string | undefined,
  ): Promise<VendorTestResult> => {
    const previous =
      previousName === undefined
        ? undefined
        : rawVendors(core).find((vendor) => vendor.name === previousName);
    if (previousName !== undefined && !previous)
      throw new ControlError('not_found', `no vendor named "${previousName}"`);
    const carried = carryOverSecrets(previous, { ...input }, false);
    const [implicit] = carried.problems;
    if (implicit) return { ok: false, reason: 'credentials', message: implicit.message };
    const parsed = vendorSchema.safeParse(carried.vendor);
    if (!parsed.success) {
      const message = parsed.error.issues
        .map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
        .join('; ');
      return { ok: false, reason: 'invalid', message };
    }
    const resolved = core.resolveVendor(parsed.data);
    const adapter = createVendorAdapter(resolved, { now, secrets: core.secrets });
    const agent = new Agent({ connect: { timeout: resolved.connectTimeoutMs } });
    try {
      return await probeVendor(adapter, probeOptions(agent, model));
    } finally {
      await adapter.close?.().catch(() => undefined);
      await agent.close().catch(() => undefined);
    }
  };

  return {
    async testVendor({ name, vendor, previousName, model }) {
      if (vendor) return testUnsaved(vendor as RawVendor, previousName ?? name, model);
      const tier = core.router.chain.get(name ?? '');
      if (!tier) throw new ControlError('not_found', `no vendor named "${name}"`);
      // The live tier's adapter (its warm token and model list) and connection pool; nothing else of the tier.
      return probeVendor(tier.adapter, probeOptions(core.router.pools.agentFor(tier), model));
    },
    async checkBaseUrl({ url }) {
      return checkBaseUrl(url);
    },
    async vendorStates() {
      return { vendors: await states.list() };
    },
    async signOut({ vendor }) {
      return { ok: true, ...(await states.signOut(vendor)) };
    },
    async removeVendorWithUndo({ name }) {
      return { ok: true, ...(await removals.remove(name)) };
    },
    async undoRemoveVendor({ undoToken }) {
      return { ok: true, ...(await removals.undo(undoToken)) };
    },
    async forgetRemovedVendor({ undoToken }) {
      removals.forget(undoToken);
      return { ok: true };
    },
  };
}
