// How deeply a parsed request nests. The proxy re-serialises bodies (model mapping, format conversion), and
// `JSON.stringify` recurses: a body nested some thousands deep parses fine but throws while being prepared for a
// vendor. Such a body is the client's mistake, so the edge refuses it with a 400 before any tier is involved.

/** Far deeper than any real conversation or tool schema, far shallower than what recursion can bear. */
export const MAX_JSON_DEPTH = 512;

/**
 * True when `value` nests objects/arrays more than `max` levels deep. Iterative (an explicit stack), so the check
 * itself cannot overflow; it stops at the first node past the limit. Costs one visit per object or array — small
 * next to `JSON.parse`, which already built them.
 */
export function nestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const nodes: object[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop() as object;
    const depth = depths.pop() as number;
    if (depth > max) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
