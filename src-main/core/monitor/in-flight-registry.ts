// The requests the proxy is working on right now, for the dashboard's live panel (the original's real-time
// model-calling monitor). The router reports each step through `RequestMonitor`; the registry keeps one entry
// per request and pushes every change as a `request-progress` event, and the removal as `request-ended`.
import type { CoreEvent, InFlightRequest } from '../../../src-shared/contract.ts';
import type { TypedEmitter } from '../events.ts';

/** What the router tells the monitor; every `started` is followed by exactly one `finished`. */
export interface RequestMonitor {
  started(request: { requestKey: string; modelRequested: string; stream: boolean; sessionKey: string }): void;
  /** A tier is being tried; the previous tier (if any) failed. The same tier again is a retry of it. */
  attempt(requestKey: string, tier: string, attempt: number): void;
  /** The first content reached the client: the request can no longer fail over. */
  contentStarted(requestKey: string): void;
  finished(requestKey: string): void;
}

export interface InFlightRegistry extends RequestMonitor {
  list(): InFlightRequest[];
}

export function createInFlightRegistry(
  events: TypedEmitter<CoreEvent>,
  now: () => number = Date.now,
): InFlightRegistry {
  const live = new Map<string, InFlightRequest>();
  const push = (request: InFlightRequest) => {
    // Three progress events per request: not even built while nobody (dashboard, IPC) listens.
    if (!events.listening('request-progress')) return;
    events.emit({ type: 'request-progress', request: { ...request, failedTiers: [...request.failedTiers] } });
  };
  return {
    started(request) {
      const entry: InFlightRequest = {
        ...request,
        startedAt: now(),
        tier: null,
        attempt: 0,
        retries: 0,
        attemptStartedAt: null,
        contentStarted: false,
        failedTiers: [],
      };
      live.set(request.requestKey, entry);
      push(entry);
    },
    attempt(requestKey, tier, attempt) {
      const entry = live.get(requestKey);
      if (!entry) return;
      // A retry stays on its tier (the last one left): it is not a failover, so the tier is not listed as failed.
      if (entry.tier === tier) entry.retries++;
      else {
        if (entry.tier !== null) entry.failedTiers.push(entry.tier);
        entry.retries = 0;
      }
      entry.tier = tier;
      entry.attempt = attempt;
      entry.attemptStartedAt = now();
      push(entry);
    },
    contentStarted(requestKey) {
      const entry = live.get(requestKey);
      if (!entry || entry.contentStarted) return;
      entry.contentStarted = true;
      push(entry);
    },
    finished(requestKey) {
      if (!live.delete(requestKey) || !events.listening('request-ended')) return;
      events.emit({ type: 'request-ended', requestKey });
    },
    list() {
      return [...live.values()]
        .sort((a, b) => a.startedAt - b.startedAt)
        .map((entry) => ({ ...entry, failedTiers: [...entry.failedTiers] }));
    },
  };
}
