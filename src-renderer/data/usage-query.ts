import type { UsageRange, UsageSummaryResponse } from '../../src-shared/contract.ts';
import type { PushedEvent } from '../../src-shared/preload-api.ts';
import { transport } from '../transport/current-transport.ts';
import { type QueryState, useQuery } from './query.ts';

const afterRequests = (event: PushedEvent) => event.type === 'request-finished';

/** The Spend summary of a range; refreshed (coalesced) as requests finish. */
export function useUsageSummary(
  range: UsageRange['range'],
): QueryState<UsageSummaryResponse> & { reload(): void } {
  return useQuery(`usageSummary:${range}`, () => transport().call('usageSummary', { range }), {
    refreshOn: afterRequests,
    throttleMs: 1000,
  });
}
