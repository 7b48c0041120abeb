/**
 * Coalesces bursts of `request-finished` events into one reload: the first event schedules a reload after
 * `delayMs`, later events in that window ride along. Keeps charts fresh without polling or a query per request.
 */
export function throttledRefresh(
  reload: () => void,
  delayMs: number,
  schedule: (run: () => void, ms: number) => unknown = setTimeout,
): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    schedule(() => {
      pending = false;
      reload();
    }, delayMs);
  };
}
