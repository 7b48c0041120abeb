// `vendorModels`: what a vendor offers this account, for the dashboard's vendor form. Reads the vendor's own list
// (cached by the adapter) and says what each Claude family maps to. Never returns credentials: model ids only.
import { z } from 'zod';
import type { VendorModelCommands, VendorModelsResponse } from '../../../src-shared/contract.ts';
import type { CoreContext } from '../core-context.ts';
import { ControlError } from './control-error.ts';

export type VendorModelHandlers = {
  [C in keyof VendorModelCommands]: (
    request: VendorModelCommands[C]['request'],
  ) => Promise<VendorModelCommands[C]['response']>;
};

export const VENDOR_MODEL_REQUEST_SCHEMAS: {
  [C in keyof VendorModelCommands]: z.ZodType<VendorModelCommands[C]['request']>;
} = {
  vendorModels: z.object({ name: z.string().min(1), refresh: z.boolean().optional() }).strict(),
};

export function createVendorModelHandlers(core: CoreContext): VendorModelHandlers {
  return {
    async vendorModels(request) {
      const tier = core.router.chain.get(request.name);
      if (!tier) {
        throw new ControlError(
          'not_found',
          `no vendor named "${request.name}" (known: ${core.router.chain.order.join(', ')})`,
        );
      }
      const { adapter } = tier;
      const mapped = {
        opus: adapter.mapModel('claude-opus-4-6'),
        sonnet: adapter.mapModel('claude-sonnet-4-5'),
        haiku: adapter.mapModel('claude-haiku-4-5'),
      };
      const catalogue = adapter.modelCatalogue;
      if (!catalogue) {
        return { models: [], mapped, problem: `${adapter.config.kind} vendors publish no model list here` };
      }
      const known = catalogue.snapshot();
      const listing = request.refresh || known.fetchedAt === undefined ? await catalogue.refresh() : known;
      const response: VendorModelsResponse = {
        models: listing.models.map((model) => {
          const contextWindow = model.contextWindow ?? adapter.contextWindow?.(model.id);
          return {
            id: model.id,
            ...(contextWindow ? { contextWindow } : {}),
            ...(model.endpoints ? { endpoints: [...model.endpoints] } : {}),
          };
        }),
        mapped: { opus: mapped.opus, sonnet: mapped.sonnet, haiku: mapped.haiku },
      };
      if (listing.fetchedAt !== undefined) response.fetchedAt = listing.fetchedAt;
      if (listing.problem) response.problem = listing.problem;
      return response;
    },
  };
}
