import type { ServerResponse } from 'node:http';
import type { FailoverConfig } from '../../../src-shared/config-schema.ts';
import type { CoreEvent } from '../../../src-shared/contract.ts';
import type { AttemptSink } from '../common/attempt-record.ts';
import { effectiveOrder } from '../sessions/session-policy.ts';
import type { SessionRouting } from '../sessions/session-routing.ts';
import type { TypedEmitter } from '../events.ts';
import type { RequestMonitor } from '../monitor/in-flight-registry.ts';
import type { Redactor } from '../security/redactor.ts';
import { SseWriter } from '../sse/sse-writer.ts';
import { AttemptLedger } from './attempt-ledger.ts';
import { runAttempt } from './attempt.ts';
import { ClientKeepAlive } from './client-keep-alive.ts';
import type { ClientRequest, ClientSide } from './client-request.ts';
import { pause } from './client-wait.ts';
import { runFailover } from './failover-loop.ts';
import { PromptFit } from './prompt-fit.ts';
import { sendClientError } from './send-client-error.ts';
import { SessionMemory } from './session-key.ts';
import type { Tier } from './tier.ts';
import type { TierChain } from './tier-chain.ts';
import { UpstreamPools } from './upstream-pools.ts';

export interface RouterOptions {
  chain: TierChain;
  failover: FailoverConfig;
  events: TypedEmitter<CoreEvent>;
  sink?: AttemptSink;
  /** Told when requests start, move between tiers, start their content and end (the in-flight panel). */
  monitor?: RequestMonitor;
  now?: () => number;
  /**
   * Silence after which a ping event is sent to a streaming client (Claude Code gives up on a stream that is quiet
   * for 300 s; translated vendors and long pre-content holds send nothing meanwhile). Default 15 s.
   */
  keepAliveMs?: number;
  /** Session policies and runtime bindings (issue 15): which tiers a session tries first. */
  sessions?: SessionRouting;
  /**
   * Knows the secrets the proxy holds: every credential sent upstream is registered with it, and every text a
   * vendor wrote that goes on to the client (error answers, error events) passes through it first.
   */
  redactor?: Pick<Redactor, 'redact' | 'addHeaderValue'>;
}

/**
 * Serves Messages requests from the tier chain. Streams are held back until the first content delta so that a
 * vendor failing early is replaced invisibly; once content has reached the client, a failure ends the stream with
 * an Anthropic `error` event instead of starting a second message. The parts: `failover-loop.ts` (which tier
 * next), `attempt.ts` (one exchange), `relay-stream.ts` / `relay-whole.ts` with `pre-content-gate.ts` (the
 * answer), and the tiers' own bookkeeping (`tier.ts`), announced here as core events.
 */
export class Router {
  readonly chain: TierChain;
  readonly pools = new UpstreamPools();
  /** The tier that served the latest complete answer (count_tokens asks it first). */
  activeTier: string | null = null;
  readonly #failover: FailoverConfig;
  readonly #events: TypedEmitter<CoreEvent>;
  readonly #ledger: AttemptLedger;
  readonly #now: () => number;
  readonly #keepAliveMs: number;
  readonly #monitor: RequestMonitor | undefined;
  readonly #sessions = new SessionMemory();
  readonly #routing: SessionRouting | undefined;
  readonly #redactor: Pick<Redactor, 'redact' | 'addHeaderValue'> | undefined;

  constructor(options: RouterOptions) {
    this.chain = options.chain;
    this.#failover = options.failover;
    this.#events = options.events;
    this.#now = options.now ?? Date.now;
    this.#ledger = new AttemptLedger(options.sink, this.#now);
    this.#keepAliveMs = options.keepAliveMs ?? 15_000;
    this.#monitor = options.monitor;
    this.#routing = options.sessions;
    this.#redactor = options.redactor;
    this.chain.onTierChange((tier, change) => {
      if (change.kind === 'status') {
        this.#events.emit({ type: 'tier-changed', tier: this.chain.status(tier.name) });
      } else {
        const { windowHours, percent, state } = change;
        this.#events.emit({ type: 'quota-crossed', tier: tier.name, windowHours, percent, state });
      }
    });
  }

  /** Drops the connection pool of a tier that was removed or rebuilt. */
  forgetTier(name: string): void {
    this.pools.forget(name);
  }

  async close(): Promise<void> {
    await this.pools.close();
  }

  /**
   * The order this request tries the tiers in: a session's binding or matching policy puts its tiers first, the
   * rest follow in the global order. Also notes the session's title for the ledger.
   */
  #tiersFor(request: ClientRequest): Tier[] {
    const routing = this.#routing;
    if (!routing) return this.chain.ordered();
    const title = routing.titleOf(request.sessionKey, request.body);
    if (title.record !== undefined) request.sessionTitle = title.record;
    const preference = routing.preferenceFor({
      sessionKey: request.sessionKey,
      title: title.title,
      clientCategory: 'cc',
    });
    if (!preference) return this.chain.ordered();
    return effectiveOrder(this.chain.order, preference.tiers).flatMap((name) => this.chain.get(name) ?? []);
  }

  async handle(request: ClientRequest, res: ServerResponse): Promise<void> {
    const stream = request.body.stream === true;
    const abort = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) abort.abort();
    };
    res.on('close', onClose);
    const sse = new SseWriter(res);
    const redact = this.#redactor ? (text: string) => this.#redactor?.redact(text) ?? text : undefined;
    const monitor = this.#monitor;
    const key = request.requestKey;
    const started = this.#now();
    let contentAt: number | undefined;
    const client: ClientSide = {
      res,
      sse,
      stream,
      signal: abort.signal,
      ...(redact ? { redact } : {}),
      onContent: () => {
        if (contentAt !== undefined) return;
        contentAt = this.#now();
        monitor?.contentStarted(key);
      },
    };
    monitor?.started({
      requestKey: key,
      modelRequested: request.body.model,
      stream,
      sessionKey: request.sessionKey,
    });
    let attempts = 0;
    const keepAlive = stream ? new ClientKeepAlive(sse, this.#keepAliveMs) : undefined;
    const tiers = this.#tiersFor(request);
    const lastVendor = this.#sessions.lastVendor(request.sessionKey);
    const fit = new PromptFit(request);
    try {
      await runFailover(request, {
        tiers,
        failover: this.#failover,
        events: this.#events,
        ledger: this.#ledger,
        now: this.#now,
        stream,
        attempt: (tier) => {
          monitor?.attempt(key, tier.name, attempts++);
          return runAttempt(tier, request, client, {
            pools: this.pools,
            now: this.#now,
            origin: { lastVendor, isForeignSignature: (sig) => isClaimedByAnother(tiers, sig, tier) },
            ...(this.#redactor ? { redactor: this.#redactor } : {}),
          });
        },
        answer: (error) => sendClientError(client, error),
        clientTtfbMs: () => (contentAt === undefined ? null : contentAt - started),
        answeredBy: (tier, complete) => {
          this.#sessions.remember(request.sessionKey, tier.name);
          if (complete) this.activeTier = tier.name;
        },
        tooSmall: (tier) => {
          const skip = fit.tooSmall(tier);
          if (skip && tier.noteContextSkip(skip.reason, this.#now()))
            this.#events.emit({ type: 'tier-changed', tier: this.chain.status(tier.name) });
          return skip;
        },
        promptTooLong: (largestWindow) => fit.promptTooLong(largestWindow),
        retry: {
          budget: (tier) => tier.adapter.config.retry,
          sleep: (ms) => pause(ms, abort.signal),
        },
      });
    } finally {
      monitor?.finished(key);
      keepAlive?.stop();
      res.off('close', onClose);
    }
  }
}

/** A thinking signature minted by the vendor of a tier other than `target` (see `VendorAdapter.ownsSignature`). */
function isClaimedByAnother(tiers: readonly Tier[], signature: string, target: Tier): boolean {
  return tiers.some((tier) => tier !== target && tier.adapter.ownsSignature?.(signature) === true);
}
