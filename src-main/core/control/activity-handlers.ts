// The `ActivityCommands` of the contract: the request log (paged, filtered, one request, CSV) and the requests
// in flight. Read-only; every answer comes from the ledger or the in-flight registry.
import { z } from 'zod';
import type { ActivityCommands } from '../../../src-shared/contract.ts';
import type { CoreContext, UsageReader } from '../core-context.ts';
import { ControlError } from './control-error.ts';

export type ActivityHandlers = {
  [C in keyof ActivityCommands]: (
    request: ActivityCommands[C]['request'],
  ) => Promise<ActivityCommands[C]['response']>;
};

const EMPTY = z.object({}).strict() as z.ZodType<Record<string, never>>;

const query = {
  vendor: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  outcome: z.enum(['ok', 'error', 'failover', 'no-tier', 'aborted']).optional(),
  status: z.number().int().min(100).max(599).optional(),
  since: z.number().finite().nonnegative().optional(),
  until: z.number().finite().nonnegative().optional(),
  sessionKey: z.string().min(1).max(200).optional(),
};

export const ACTIVITY_REQUEST_SCHEMAS: {
  [C in keyof ActivityCommands]: z.ZodType<ActivityCommands[C]['request']>;
} = {
  listRequests: z
    .object({
      ...query,
      limit: z.number().int().positive().max(500).optional(),
      cursor: z.string().min(1).optional(),
    })
    .strict(),
  requestDetail: z.object({ requestKey: z.string().min(1) }).strict(),
  exportRequests: z.object({ ...query, limit: z.number().int().positive().max(10_000).optional() }).strict(),
  requestFacets: EMPTY,
  inFlightRequests: EMPTY,
};

function usageOf(core: CoreContext): UsageReader {
  if (!core.usage)
    throw new ControlError('internal', core.ledger?.problem ?? 'the usage ledger is not available');
  return core.usage;
}

export function createActivityHandlers(core: CoreContext): ActivityHandlers {
  return {
    async listRequests(request) {
      try {
        return usageOf(core).requests(request);
      } catch (error) {
        if (error instanceof RangeError) throw new ControlError('invalid_request', error.message);
        throw error;
      }
    },
    async requestDetail({ requestKey }) {
      const found = usageOf(core).request(requestKey);
      if (!found) throw new ControlError('not_found', `no request "${requestKey}" in the ledger`);
      return found;
    },
    async exportRequests(request) {
      return usageOf(core).exportCsv(request);
    },
    async requestFacets() {
      return usageOf(core).facets();
    },
    async inFlightRequests() {
      return { requests: core.inFlight?.list() ?? [] };
    },
  };
}
