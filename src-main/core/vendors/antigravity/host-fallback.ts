// Generate calls over an ordered list of Cloud Code hosts, inside one attempt of the tier: a host-level failure
// (host-failure.ts) moves the same call to the next host before anything reached the client; only when every host
// failed does the attempt fail (and the router fail over). The host that served is remembered for a while, so
// requests do not each start by waiting on a dead host; the user hears once that the tier moved.
import type { UpstreamError } from '../../common/upstream-error.ts';
import type { UpstreamCall, VendorAnswer } from '../vendor-adapter.ts';
import { hostOf, onHost } from './endpoints.ts';
import { codeOf, foreignAnswer, hostRefused, hostThrew, readSome } from './host-failure.ts';

/** How long a fallback host stays first; afterwards the preferred host gets its chance again. */
export const STICKY_HOST_MS = 10 * 60_000;

export interface HostFallbackOptions {
  /** The plan's generate hosts, preferred first. */
  hosts: readonly string[];
  now: () => number;
  /** The vendor's reading of an HTTP error answer. */
  readError(status: number, bodyText: string, headers: Record<string, string>): UpstreamError;
  /** The vendor's reading of a 2xx that is not a v1internal answer. */
  readForeign(bodyText: string, headers: Record<string, string>): UpstreamError;
  /** One sentence for the user when the tier starts using another host. */
  notice?(message: string): void;
  stickyMs?: number;
}

export interface HostFallback {
  exchange<Answer extends VendorAnswer>(
    call: UpstreamCall,
    send: (call: UpstreamCall) => Promise<Answer>,
  ): Promise<Answer>;
  /** The host the next call starts on. */
  current(): string;
}

function describeThrown(error: unknown): string {
  return codeOf(error) ?? (error instanceof Error ? error.message : String(error));
}

function describeError(error: UpstreamError): string {
  if (error.kind === 'http') return `HTTP ${error.status}`;
  return error.message.slice(0, 80);
}

/** The failure that ends the attempt carries what the other hosts said, for the timeline and the ledger. */
function withOthers(error: UpstreamError, others: string[]): UpstreamError {
  if (others.length === 0 || error.kind === 'network' || error.kind === 'timeout') return error;
  return { ...error, message: `${error.message} (other Cloud Code hosts: ${others.join('; ')})` };
}

export function createHostFallback(options: HostFallbackOptions): HostFallback {
  const { hosts, now } = options;
  const stickyMs = options.stickyMs ?? STICKY_HOST_MS;
  let sticky: { host: string; until: number } | undefined;
  /** The host that served last: a notice is due only when this changes to a fallback host. */
  let inUse = hosts[0];

  const order = (): readonly string[] => {
    if (sticky && now() >= sticky.until) sticky = undefined;
    if (!sticky) return hosts;
    const first = sticky.host;
    return [first, ...hosts.filter((host) => host !== first)];
  };

  const served = (host: string, failed: string[]) => {
    const changed = host !== inUse;
    inUse = host;
    if (host === hosts[0]) {
      sticky = undefined;
      return;
    }
    if (sticky?.host !== host) sticky = { host, until: now() + stickyMs };
    if (changed) {
      const minutes = Math.round(stickyMs / 60_000);
      options.notice?.(
        `Generating on ${host}: ${failed.join('; ')}. It stays first for ${minutes} min, then ${hosts[0]} is tried again.`,
      );
    }
  };

  return {
    current: () => order()[0] ?? '',

    async exchange<Answer extends VendorAnswer>(
      call: UpstreamCall,
      send: (call: UpstreamCall) => Promise<Answer>,
    ): Promise<Answer> {
      if (hosts.length < 2) return send(call);
      const failed: string[] = [];
      let lastThrown: unknown;
      let lastAnswered: UpstreamError | undefined;
      let answeredAt = -1;
      for (const host of order()) {
        const hostCall = hostOf(call.url) === host ? call : { ...call, url: onHost(call.url, host) };
        let answer: Answer;
        try {
          answer = await send(hostCall);
        } catch (error) {
          if (!hostThrew(error)) throw error;
          lastThrown = error;
          failed.push(`${host} failed (${describeThrown(error)})`);
          continue;
        }
        // 401 goes back unread: the router refreshes the token and calls again (from the sticky host).
        if (answer.status === 401 || answer.status === 429) return answer;
        if (answer.status >= 400) {
          const error = options.readError(answer.status, await readSome(answer.body), answer.headers);
          if (!hostRefused(answer.status, error)) throw error;
          lastAnswered = error;
          answeredAt = failed.length;
          failed.push(`${host} answered ${describeError(error)}`);
          continue;
        }
        if (foreignAnswer(answer.headers)) {
          lastAnswered = options.readForeign(await readSome(answer.body), answer.headers);
          answeredAt = failed.length;
          failed.push(`${host} answered ${describeError(lastAnswered)}`);
          continue;
        }
        served(host, failed);
        return answer;
      }
      // Every host failed: an answer says more than a socket code (an outdated client, a 503 with reasons).
      if (lastAnswered)
        throw withOthers(
          lastAnswered,
          failed.filter((_, index) => index !== answeredAt),
        );
      throw lastThrown;
    },
  };
}
