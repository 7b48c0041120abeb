// What the router asks about a session before walking the tiers: its title (for title-prefix policies and the
// ledger) and which tiers it should try first (runtime binding, else config policy).
import { join } from 'node:path';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import type { ProxyConfig, SessionPolicy } from '../../../src-shared/config-schema.ts';
import { BINDINGS_FILE, SessionBindings } from './binding-store.ts';
import { type SessionFacts, type TierPreference, matchPolicy, policyWarnings } from './session-policy.ts';
import { sessionTitleOf } from './session-title.ts';

const REMEMBERED_SESSIONS = 10_000;

export interface SessionTitle {
  title: string;
  /** Set when the ledger should store it: the session's first request, or the first one that had a title. */
  record?: string;
}

export class SessionRouting {
  readonly bindings: SessionBindings;
  readonly #policies: () => ReadonlyArray<SessionPolicy>;
  /** Session key → its title ('' while none was seen); insertion order doubles as LRU order. */
  readonly #titles = new Map<string, string>();

  constructor(options: { bindings: SessionBindings; policies: () => ReadonlyArray<SessionPolicy> }) {
    this.bindings = options.bindings;
    this.#policies = options.policies;
  }

  policies(): ReadonlyArray<SessionPolicy> {
    return this.#policies();
  }

  titleOf(sessionKey: string, request: Pick<MessagesRequest, 'messages'>): SessionTitle {
    if (!sessionKey) return { title: sessionTitleOf(request) };
    const known = this.#titles.get(sessionKey);
    if (known) {
      this.#titles.delete(sessionKey);
      this.#titles.set(sessionKey, known);
      return { title: known };
    }
    const title = sessionTitleOf(request);
    const firstSight = known === undefined;
    this.#titles.delete(sessionKey);
    this.#titles.set(sessionKey, title);
    if (this.#titles.size > REMEMBERED_SESSIONS) {
      const oldest = this.#titles.keys().next().value;
      if (oldest !== undefined) this.#titles.delete(oldest);
    }
    return firstSight || title ? { title, record: title } : { title };
  }

  /** The tiers this request should try first, or undefined for the global order. */
  preferenceFor(facts: SessionFacts): TierPreference | undefined {
    if (facts.sessionKey) {
      const binding = this.bindings.get(facts.sessionKey);
      if (binding) {
        this.bindings.touch(facts.sessionKey);
        return { tiers: binding.tiers, source: 'binding' };
      }
    }
    const policy = matchPolicy(this.#policies(), facts);
    return policy ? { tiers: policy.tiers, source: `policy ${policy.name}` } : undefined;
  }
}

/**
 * The session routing of a starting core: config policies (checked against the configured tiers, each problem
 * a `warn` line) and the runtime bindings kept in `<dataDir>/session-bindings.json`.
 */
export function openSessionRouting(options: {
  config: Pick<ProxyConfig, 'sessionPolicies' | 'sessionBindings' | 'vendors'>;
  dataDir: string;
  now: () => number;
  warn: (message: string) => void;
}): SessionRouting {
  const { config } = options;
  const routing = new SessionRouting({
    bindings: new SessionBindings({
      path: join(options.dataDir, BINDINGS_FILE),
      idleMs: config.sessionBindings.idleHours * 3_600_000,
      now: options.now,
      onError: options.warn,
    }),
    policies: () => config.sessionPolicies,
  });
  const tierNames = config.vendors.map((vendor) => vendor.name);
  for (const warning of policyWarnings(config.sessionPolicies, tierNames)) options.warn(warning);
  return routing;
}
