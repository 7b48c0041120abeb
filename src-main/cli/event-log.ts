import type { CoreEvent, TierStatus } from '../../src-shared/contract.ts';
import { formatDuration } from '../../src-shared/format.ts';
import { exhaustedByVendor } from './status-format.ts';

/**
 * One line per event worth seeing in the terminal running `coding-proxy start`: failovers, breaker and quota
 * transitions. Messages come from error descriptions that never contain credentials.
 */
export function createEventLogger(
  print: (line: string) => void,
  now: () => number = Date.now,
): (event: CoreEvent) => void {
  const lastState = new Map<string, string>();
  const clock = (at: number) => new Date(at).toISOString().slice(11, 19);
  const time = () => clock(now());
  /**
   * A vendor exhausted a quota: the `quota-crossed` event has no time, the tier's status right after it has when the
   * tier is tried again, so the line waits for it (the tier announces both together).
   */
  const exhausted = new Map<string, number[]>();
  const printExhausted = (name: string, tier?: TierStatus) => {
    for (const windowHours of exhausted.get(name) ?? []) {
      const quota = tier?.quota.find((q) => q.windowHours === windowHours);
      const until = quota?.state === 'exhausted' ? quota.nextProbeAt : undefined;
      print(`${time()} ${name}: ${windowHours}h quota ${exhaustedByVendor(name, until, now(), clock)}`);
    }
    exhausted.delete(name);
  };
  return (event) => {
    if (event.type === 'tier-changed') printExhausted(event.tier.name, event.tier);
    else if (event.type !== 'quota-crossed') for (const name of [...exhausted.keys()]) printExhausted(name);
    switch (event.type) {
      case 'failover':
        if (event.to) print(`${time()} failover ${event.from} → ${event.to}`);
        else print(`${time()} ${event.from} failed: ${event.reason}`);
        return;
      case 'tier-changed': {
        const { name, circuit } = event.tier;
        const state =
          circuit.state === 'open'
            ? `open for ${formatDuration(Math.max(0, (circuit.retryAt ?? now()) - now()))}`
            : circuit.state;
        const previous = lastState.get(name);
        lastState.set(name, circuit.state);
        if (previous !== undefined && previous !== circuit.state)
          print(`${time()} ${name}: breaker ${state}`);
        else if (previous === undefined && circuit.state !== 'closed')
          print(`${time()} ${name}: breaker ${state}`);
        return;
      }
      case 'quota-crossed':
        if (event.state === 'exhausted')
          exhausted.set(event.tier, [...(exhausted.get(event.tier) ?? []), event.windowHours]);
        else print(`${time()} ${event.tier}: ${event.windowHours}h quota ${event.state} (${event.percent}%)`);
        return;
      case 'order-changed':
        print(`${time()} tier order: ${event.order.join(' → ')}`);
        return;
      case 'sign-in-changed':
        if (event.signIn.state !== 'waiting')
          print(
            `${time()} ${event.signIn.provider} sign-in ${event.signIn.state}${event.signIn.message ? `: ${event.signIn.message}` : ''}`,
          );
        return;
      case 'vendor-notice':
        print(`${time()} ${event.message}`);
        return;
      case 'request-finished':
        return;
    }
  };
}
