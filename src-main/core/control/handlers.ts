import { z } from 'zod';
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  StatusResponse,
} from '../../../src-shared/contract.ts';
import { deriveHealth } from '../../../src-shared/health.ts';
import type { CoreContext } from '../core-context.ts';
import { ACTIVITY_REQUEST_SCHEMAS, createActivityHandlers } from './activity-handlers.ts';
import { redactTierStatus } from '../security/redact-events.ts';
import { ControlError } from './control-error.ts';
import {
  createDashboardHandlers,
  createVendorEditHandlers,
  DASHBOARD_REQUEST_SCHEMAS,
} from './dashboard-handlers.ts';
import { createSessionHandlers, SESSION_REQUEST_SCHEMAS } from './session-handlers.ts';
import { createSignInHandlers, SIGN_IN_REQUEST_SCHEMAS } from './sign-in-handlers.ts';
import { createVendorFormHandlers, VENDOR_FORM_REQUEST_SCHEMAS } from './vendor-form-handlers.ts';
import { createVendorModelHandlers, VENDOR_MODEL_REQUEST_SCHEMAS } from './vendor-model-handlers.ts';
import { vendorView } from './vendor-view.ts';

export type ControlHandlers = {
  [C in CommandName]: (request: CommandRequest<C>) => Promise<CommandResponse<C>>;
};

// Inputs are validated here, at the boundary, whatever the transport.
const REQUEST_SCHEMAS: { [C in CommandName]: z.ZodType<CommandRequest<C>> } = {
  status: z.object({}).strict() as z.ZodType<Record<string, never>>,
  reset: z.object({ tiers: z.array(z.string()).optional() }).strict(),
  reorderTiers: z.object({ order: z.array(z.string()).min(1) }).strict(),
  setVendorEnabled: z.object({ name: z.string(), enabled: z.boolean() }).strict(),
  listVendors: z.object({}).strict() as z.ZodType<Record<string, never>>,
  saveVendor: z.object({
    vendor: z.record(z.string(), z.unknown()),
    previousName: z.string().optional(),
    confirmCredentialDestination: z.boolean().optional(),
  }) as unknown as z.ZodType<CommandRequest<'saveVendor'>>,
  removeVendor: z.object({ name: z.string() }).strict(),
  usageSummary: z.object({ range: z.enum(['24h', '7d', '30d', 'all']) }).strict(),
  recentRequests: z
    .object({
      limit: z.number().int().positive().max(1000).optional(),
      vendor: z.string().optional(),
      onlyFailovers: z.boolean().optional(),
    })
    .strict(),
  ...DASHBOARD_REQUEST_SCHEMAS,
  ...SIGN_IN_REQUEST_SCHEMAS,
  ...VENDOR_MODEL_REQUEST_SCHEMAS,
  ...ACTIVITY_REQUEST_SCHEMAS,
  ...VENDOR_FORM_REQUEST_SCHEMAS,
  ...SESSION_REQUEST_SCHEMAS,
};

export function validateCommand<C extends CommandName>(command: C, input: unknown): CommandRequest<C> {
  const result = REQUEST_SCHEMAS[command].safeParse(input ?? {});
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.length ? `${first.path.join('.')}: ` : '';
    throw new ControlError('invalid_request', `${command}: ${where}${first?.message ?? 'invalid input'}`);
  }
  return result.data;
}

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(REQUEST_SCHEMAS, name);
}

function knownTier(core: CoreContext, name: string) {
  const tier = core.router.chain.get(name);
  if (!tier)
    throw new ControlError(
      'not_found',
      `no tier named "${name}" (known: ${core.router.chain.order.join(', ')})`,
    );
  return tier;
}

export function createControlHandlers(core: CoreContext): ControlHandlers {
  const chain = core.router.chain;
  const saveOrder = (order: string[]) => {
    core.configStore.set(['tiers'], order);
    core.events.emit({ type: 'order-changed', order });
  };
  const status = async (): Promise<StatusResponse> => {
    const tiers = chain.statuses().map((tier) => redactTierStatus(tier, core.redactor));
    const response: StatusResponse = {
      tiers,
      health: deriveHealth(tiers, (core.now ?? Date.now)()),
      activeTier: core.router.activeTier,
      version: core.version,
      baseUrl: core.baseUrl(),
    };
    const problem = core.ledger?.problem;
    if (problem) response.ledgerProblem = problem;
    return response;
  };
  return {
    ...createDashboardHandlers(core),
    ...createVendorEditHandlers(core),
    ...createSignInHandlers(core),
    ...createVendorModelHandlers(core),
    ...createActivityHandlers(core),
    ...createVendorFormHandlers(core),
    ...createSessionHandlers(core),
    status,
    async reset(request) {
      let order = [...chain.order];
      if (request.tiers?.length) {
        try {
          order = chain.promote(request.tiers);
        } catch (error) {
          throw new ControlError('invalid_request', (error as Error).message);
        }
        saveOrder(order);
      }
      for (const tier of chain.ordered()) {
        tier.reset();
        core.events.emit({ type: 'tier-changed', tier: chain.status(tier.name) });
      }
      return { ok: true, order };
    },
    async reorderTiers(request) {
      if (new Set(request.order).size !== chain.order.length || request.order.length !== chain.order.length) {
        throw new ControlError(
          'invalid_request',
          `the new order must list every tier once: ${chain.order.join(', ')}`,
        );
      }
      let order: string[];
      try {
        order = chain.promote(request.order);
      } catch (error) {
        throw new ControlError('invalid_request', (error as Error).message);
      }
      saveOrder(order);
      return { ok: true, order };
    },
    async setVendorEnabled(request) {
      const tier = knownTier(core, request.name);
      tier.enabled = request.enabled;
      const index = core.config.vendors.findIndex((vendor) => vendor.name === request.name);
      if (index >= 0) core.configStore.set(['vendors', index, 'enabled'], request.enabled);
      core.events.emit({ type: 'tier-changed', tier: chain.status(tier.name) });
      return { ok: true };
    },
    async listVendors() {
      return { tiers: [...chain.order], vendors: core.config.vendors.map(vendorView) };
    },
    async usageSummary(request) {
      if (!core.usage)
        throw new ControlError('internal', core.ledger?.problem ?? 'the usage ledger is not available');
      return core.usage.summary(request.range);
    },
    async recentRequests(request) {
      if (!core.usage)
        throw new ControlError('internal', core.ledger?.problem ?? 'the usage ledger is not available');
      return { requests: core.usage.recent(request) };
    },
  };
}
