export interface RequestFilter {
  vendor: string | null;
  onlyFailovers: boolean;
}

/** The `recentRequests` request for a filter: unset fields are left out (the command's schema is strict). */
export function requestQuery(
  filter: RequestFilter,
  limit = 100,
): { limit: number; vendor?: string; onlyFailovers?: boolean } {
  return {
    limit,
    ...(filter.vendor ? { vendor: filter.vendor } : {}),
    ...(filter.onlyFailovers ? { onlyFailovers: true } : {}),
  };
}
