// Which tiers a request tries first. A runtime binding (dashboard, `coding-proxy session bind`) wins over the
// config's `sessionPolicies`; among policies an exact session key beats a title prefix, which beats a client
// category, and the first policy listed wins a tie. The preferred tiers only move to the front: every other tier
// follows in the global order, so a binding never removes failover.
import type { ClientCategory, SessionPolicy } from '../../../src-shared/config-schema.ts';

export interface SessionFacts {
  sessionKey: string;
  /** The session's title (first real user message); '' when unknown. */
  title: string;
  clientCategory: ClientCategory;
}

export interface TierPreference {
  tiers: readonly string[];
  /** `binding` or `policy <name>`, for the log and the Sessions view. */
  source: string;
}

export function matchPolicy(
  policies: ReadonlyArray<SessionPolicy>,
  facts: SessionFacts,
): SessionPolicy | undefined {
  if (facts.sessionKey) {
    const byKey = policies.find((policy) => policy.match.sessionKeys?.includes(facts.sessionKey));
    if (byKey) return byKey;
  }
  if (facts.title) {
    const title = facts.title.toLowerCase();
    const byTitle = policies.find((policy) => {
      const prefix = policy.match.titlePrefix;
      return prefix !== undefined && title.startsWith(prefix.toLowerCase());
    });
    if (byTitle) return byTitle;
  }
  return policies.find(
    (policy) =>
      policy.match.clientCategory === facts.clientCategory &&
      policy.match.sessionKeys === undefined &&
      policy.match.titlePrefix === undefined,
  );
}

/** `preferred` (known, first occurrence only) then every other tier of `globalOrder`, in that order. */
export function effectiveOrder(globalOrder: readonly string[], preferred: readonly string[]): string[] {
  const known = new Set(globalOrder);
  const first: string[] = [];
  for (const name of preferred) if (known.has(name) && !first.includes(name)) first.push(name);
  return [...first, ...globalOrder.filter((name) => !first.includes(name))];
}

/**
 * Worth a warning at start: tier names no vendor has (ignored at run time), and policies that can never apply —
 * `clientCategory: api` is the native passthrough, which goes straight to its provider without walking the tiers.
 */
export function policyWarnings(
  policies: ReadonlyArray<SessionPolicy>,
  tierNames: readonly string[],
): string[] {
  const known = new Set(tierNames);
  return policies.flatMap((policy) => {
    const warnings: string[] = [];
    const unknown = policy.tiers.filter((name) => !known.has(name));
    if (unknown.length) {
      warnings.push(
        `session policy "${policy.name}" names unknown tier(s) ${unknown.join(', ')} (ignored; known: ${tierNames.join(', ')})`,
      );
    }
    if (policy.match.clientCategory === 'api' && !policy.match.sessionKeys && !policy.match.titlePrefix) {
      warnings.push(
        `session policy "${policy.name}" matches clientCategory api: passthrough requests (/api/openai|gemini|anthropic) go straight to their provider and never walk the tiers, so it has no effect`,
      );
    }
    return warnings;
  });
}
