import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { MessagesRequest, MessagesResponse } from '../../../src-shared/anthropic.ts';
import type { FailoverConfig } from '../../../src-shared/config-schema.ts';
import type { CoreEvent } from '../../../src-shared/contract.ts';
import type { TypedEmitter } from '../events.ts';
import { PRESETS } from '../config/presets.ts';
import { SseParser } from '../sse/sse-parser.ts';
import { encodeFrame, type SseFrame } from '../sse/sse-frame.ts';
import type { ExchangeContext, UpstreamCall } from '../vendors/vendor-adapter.ts';
import type { AttemptRecord, AttemptSink } from '../common/attempt-record.ts';
import { ClientKeepAlive, SSE_HEADERS } from './client-keep-alive.ts';
import { decideFailover } from './failover-policy.ts';
import { type ClientError, type FailedAttempt, type SkippedTier, finalError } from './final-error.ts';
import { applyHygiene, hasThinkingHistory } from './request-hygiene.ts';
import { SessionMemory } from './session-key.ts';
import type { Tier } from './tier.ts';
import type { TierChain } from './tier-chain.ts';
import type { Agent } from 'undici';
import {
  type UpstreamResponse,
  createUpstreamAgent,
  isAbort,
  readCapped,
  sendUpstream,
  toUpstreamError,
} from './upstream-client.ts';
import { type UpstreamError, describeUpstreamError, errorClass } from '../common/upstream-error.ts';
import { UsageAccumulator } from './usage-accumulator.ts';

export interface ClientRequest {
  body: MessagesRequest;
  /** The body as the client sent it: relayed as-is when no tier-specific change was needed. */
  rawBody?: string;
  headers: IncomingHttpHeaders;
  query: string;
  requestKey: string;
  sessionKey: string;
}

export interface RouterOptions {
  chain: TierChain;
  failover: FailoverConfig;
  events: TypedEmitter<CoreEvent>;
  sink?: AttemptSink;
  now?: () => number;
  /**
   * Silence after which a ping event is sent to a streaming client (Claude Code gives up on a stream that is quiet
   * for 300 s; translated vendors and long pre-content holds send nothing meanwhile). Default 15 s.
   */
  keepAliveMs?: number;
}

/** What one attempt at one tier came to. */
type AttemptOutcome =
  | { kind: 'served'; usage: UsageAccumulator; model: string; ttfbMs: number }
  | { kind: 'failed'; error: UpstreamError; ttfbMs: number | null }
  /** The stream broke after content reached the client: the client already got an error event. */
  | { kind: 'broken'; error: UpstreamError; usage: UsageAccumulator; model: string; ttfbMs: number }
  | { kind: 'aborted' };

/**
 * Walks the tier chain for one Messages request. Streams are held back until the first content delta so that
 * a vendor failing early is replaced invisibly; once content has reached the client, a failure ends the stream
 * with an Anthropic `error` event instead of starting a second message.
 */
export class Router {
  readonly #chain: TierChain;
  readonly #failover: FailoverConfig;
  readonly #events: TypedEmitter<CoreEvent>;
  readonly #sink: AttemptSink | undefined;
  readonly #now: () => number;
  readonly #keepAliveMs: number;
  readonly #sessions = new SessionMemory();
  readonly #agents = new Map<string, Agent>();
  activeTier: string | null = null;

  constructor(options: RouterOptions) {
    this.#chain = options.chain;
    this.#failover = options.failover;
    this.#events = options.events;
    this.#sink = options.sink;
    this.#now = options.now ?? Date.now;
    this.#keepAliveMs = options.keepAliveMs ?? 15_000;
  }

  get chain(): TierChain {
    return this.#chain;
  }

  agentFor(tier: Tier): Agent {
    let agent = this.#agents.get(tier.name);
    if (!agent) {
      agent = createUpstreamAgent(tier.adapter.config.connectTimeoutMs);
      this.#agents.set(tier.name, agent);
    }
    return agent;
  }

  /** Drops the connection pool of a tier that was removed or rebuilt. */
  forgetTier(name: string): void {
    const agent = this.#agents.get(name);
    this.#agents.delete(name);
    void agent?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#agents.values()].map((agent) => agent.close().catch(() => undefined)));
    this.#agents.clear();
  }

  async handle(request: ClientRequest, res: ServerResponse): Promise<void> {
    const stream = request.body.stream === true;
    const abort = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) abort.abort();
    };
    res.on('close', onClose);
    const keepAlive = stream ? new ClientKeepAlive(res, this.#keepAliveMs) : undefined;
    const started = this.#now();
    const failed: FailedAttempt[] = [];
    const skipped: SkippedTier[] = [];
    let attemptIndex = 0;
    try {
      for (const tier of this.#chain.ordered()) {
        const reason = tier.admit();
        if (reason) {
          if (reason !== 'disabled') skipped.push({ tier: tier.name, reason, ...this.#retryAtOf(tier) });
          continue;
        }
        const attemptStart = this.#now();
        const previous = failed[failed.length - 1]?.tier ?? null;
        const outcome = await this.#attempt(tier, request, stream, res, abort.signal, keepAlive);
        const base = this.#baseRecord(request, tier, attemptIndex++, attemptStart, stream, previous, skipped);
        if (outcome.kind === 'aborted') {
          tier.breaker.onNeutral();
          this.#record({ ...base, errorClass: 'client_aborted', errorMessage: 'client disconnected' });
          return;
        }
        if (outcome.kind === 'served' || outcome.kind === 'broken') {
          const served = outcome.kind === 'served';
          this.#credit(tier, outcome.usage, served);
          if (!served) this.#penalize(tier, outcome.error);
          this.#sessions.remember(request.sessionKey, tier.name);
          if (served) this.activeTier = tier.name;
          this.#record({
            ...base,
            ...usageColumns(outcome.usage),
            modelServed: outcome.usage.model ?? outcome.model,
            upstreamRequestId: outcome.usage.messageId ?? null,
            success: served,
            status: 200,
            ttfbMs: outcome.ttfbMs,
            errorClass: served ? null : errorClass(outcome.error),
            errorMessage: served ? null : describeUpstreamError(outcome.error),
          });
          const why = failed.at(-1);
          this.#finished(
            request,
            tier.name,
            served,
            previous,
            started,
            outcome.usage,
            why && describeUpstreamError(why.error),
          );
          return;
        }
        const decision = decideFailover(outcome.error, this.#failover, tier.adapter);
        this.#record({
          ...base,
          status: outcome.error.kind === 'http' ? outcome.error.status : null,
          ttfbMs: outcome.ttfbMs,
          errorClass: errorClass(outcome.error),
          errorMessage: describeUpstreamError(outcome.error),
        });
        if (!decision.failover) {
          tier.breaker.onNeutral();
          if (decision.penalize) this.#penalize(tier, outcome.error);
          this.#sendError(res, clientErrorOf(outcome.error));
          this.#finished(request, null, false, previous, started, undefined);
          return;
        }
        if (decision.penalize) this.#penalize(tier, outcome.error);
        else {
          tier.breaker.onNeutral();
          tier.lastError = { message: describeUpstreamError(outcome.error), at: this.#now() };
          if (outcome.error.kind === 'auth' && outcome.error.signInNeeded)
            tier.signInNeeded = outcome.error.message;
          if (outcome.error.kind === 'http' && outcome.error.signInNeeded)
            tier.signInNeeded = outcome.error.message;
          this.#emitTier(tier);
        }
        if (decision.quotaExhausted) {
          const retryAfter = outcome.error.kind === 'http' ? outcome.error.retryAfterMs : undefined;
          for (const quota of tier.quotas) quota.markExhausted(retryAfter);
          this.#emitTier(tier);
        }
        failed.push({ tier: tier.name, error: outcome.error });
        this.#events.emit({
          type: 'failover',
          from: tier.name,
          to: null,
          reason: describeUpstreamError(outcome.error),
        });
      }
      this.#sendError(res, finalError(failed, skipped, this.#now()));
      this.#finished(request, null, false, failed[failed.length - 1]?.tier ?? null, started, undefined);
    } finally {
      keepAlive?.stop();
      res.off('close', onClose);
    }
  }

  async #attempt(
    tier: Tier,
    request: ClientRequest,
    stream: boolean,
    res: ServerResponse,
    signal: AbortSignal,
    keepAlive: ClientKeepAlive | undefined,
  ): Promise<AttemptOutcome> {
    const adapter = tier.adapter;
    const lastVendor = this.#sessions.lastVendor(request.sessionKey);
    const body = applyHygiene(request.body, {
      // Translating vendors (OpenAI, Gemini) drop foreign thinking themselves and keep their own signatures.
      stripThinking:
        !hasThinkingHistory(request.body) || !adapter.anthropicWire
          ? 'none'
          : lastVendor !== undefined
            ? lastVendor === tier.name
              ? 'none'
              : 'all'
            : adapter.kind === 'anthropic'
              ? 'foreign'
              : 'all',
      stripCacheControl: adapter.config.dropCacheControl ?? PRESETS[adapter.kind].dropCacheControl,
    });
    let call: UpstreamCall;
    const attemptStart = this.#now();
    let ttfbMs: number | null = null;
    let refreshed = false;
    for (;;) {
      try {
        call = await adapter.prepare(body, {
          stream,
          clientHeaders: request.headers,
          query: request.query,
          signal,
          ...(body === request.body && request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
        });
      } catch (error) {
        if (signal.aborted) return { kind: 'aborted' };
        return { kind: 'failed', error: toUpstreamError(error), ttfbMs };
      }
      let response: UpstreamResponse;
      try {
        response = await sendUpstream({
          agent: this.agentFor(tier),
          url: call.url,
          headers: call.headers,
          body: call.body,
          signal,
          firstByteTimeoutMs: adapter.config.timeoutMs,
          idleTimeoutMs: adapter.config.idleTimeoutMs ?? adapter.config.timeoutMs,
        });
      } catch (error) {
        if (signal.aborted || isAbort(error)) return { kind: 'aborted' };
        return { kind: 'failed', error: toUpstreamError(error), ttfbMs };
      }
      ttfbMs = this.#now() - attemptStart;
      if (response.status >= 400) {
        let text: string;
        try {
          text = await readCapped(response.body);
        } catch {
          if (signal.aborted) return { kind: 'aborted' };
          // The status alone still says what happened; a body cut short is not worth a different outcome.
          text = '';
        }
        const error = adapter.readError(response.status, text, response.headers);
        if (response.status === 401 && !refreshed && adapter.refreshCredentials) {
          refreshed = true;
          if (await adapter.refreshCredentials().catch(() => false)) continue;
        }
        return { kind: 'failed', error, ttfbMs };
      }
      const exchange: ExchangeContext = {
        requestedModel: request.body.model,
        upstreamModel: call.model,
        request: body,
      };
      const isEventStream = (response.headers['content-type'] ?? '').includes('text/event-stream');
      if (stream && isEventStream)
        return this.#relayStream(tier, response.body, exchange, res, signal, ttfbMs, keepAlive);
      return this.#relayWhole(tier, response, exchange, stream, res, signal, ttfbMs);
    }
  }

  async #relayWhole(
    tier: Tier,
    response: UpstreamResponse,
    exchange: ExchangeContext,
    stream: boolean,
    res: ServerResponse,
    signal: AbortSignal,
    ttfbMs: number,
  ): Promise<AttemptOutcome> {
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      if (signal.aborted) return { kind: 'aborted' };
      return { kind: 'failed', error: toUpstreamError(error), ttfbMs };
    }
    let message: MessagesResponse;
    try {
      const parsed: unknown = JSON.parse(text);
      const maybeError = parsed as { type?: unknown; error?: unknown };
      if (maybeError?.type === 'error' || (maybeError?.error && !('content' in (parsed as object)))) {
        // 200 with an error body: some gateways do this. Read it like the error it is.
        return { kind: 'failed', error: tier.adapter.readError(502, text, response.headers), ttfbMs };
      }
      message = tier.adapter.parseResponse(parsed, exchange);
    } catch (error) {
      if (error && typeof error === 'object' && 'kind' in error) {
        return { kind: 'failed', error: error as UpstreamError, ttfbMs };
      }
      return {
        kind: 'failed',
        error: {
          kind: 'stream',
          afterContent: false,
          type: 'api_error',
          message: `unreadable response: ${(error as Error).message}`,
        },
        ttfbMs,
      };
    }
    const usage = new UsageAccumulator();
    usage.observeResponse(message);
    if (stream) {
      // The vendor ignored `stream: true`: replay the whole message as events so the client gets what it asked for.
      if (!res.headersSent) res.writeHead(200, SSE_HEADERS);
      res.end(messageToFrames(message).map(encodeFrame).join(''));
    } else {
      // An Anthropic-format answer goes back byte for byte; a translated one is serialised once.
      const out = tier.adapter.anthropicWire ? text : JSON.stringify(message);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    }
    return { kind: 'served', usage, model: exchange.upstreamModel, ttfbMs };
  }

  async #relayStream(
    tier: Tier,
    body: UpstreamResponse['body'],
    exchange: ExchangeContext,
    res: ServerResponse,
    signal: AbortSignal,
    ttfbMs: number,
    keepAlive: ClientKeepAlive | undefined,
  ): Promise<AttemptOutcome> {
    const parser = new SseParser();
    const translator = tier.adapter.createStreamTranslator(exchange);
    const usage = new UsageAccumulator();
    let held: SseFrame[] | undefined = [];
    let sawStop = false;
    let failure: UpstreamError | undefined;
    let vendorErrorSent = false;

    const commit = () => {
      if (!res.headersSent) res.writeHead(200, SSE_HEADERS);
      const frames = held ?? [];
      held = undefined;
      return frames;
    };

    // Returns the frames to write now; sets `failure` when the vendor reported an error.
    const handle = (frames: SseFrame[]): SseFrame[] => {
      const out: SseFrame[] = [];
      for (const frame of frames) {
        if (failure) break;
        if (frame.event === 'error' || (frame.event === '' && frame.data.includes('"type":"error"'))) {
          failure = streamErrorOf(frame, held === undefined);
          if (held === undefined) {
            out.push(frame);
            vendorErrorSent = true;
          }
          break;
        }
        if (held && MESSAGE_EVENTS.has(frame.event) && !isJson(frame.data)) {
          // Before content the tier can still be replaced; relaying it would hand the client unparsable JSON.
          failure = {
            kind: 'stream',
            afterContent: false,
            type: 'api_error',
            message: `unreadable ${frame.event} event: ${frame.data.slice(0, 80)}`,
          };
          break;
        }
        usage.observe(frame);
        if (frame.event === 'message_stop') sawStop = true;
        if (held) {
          held.push(frame);
          if (frame.event === 'content_block_delta') out.push(...commit());
        } else out.push(frame);
      }
      return out;
    };

    try {
      for await (const chunk of body) {
        const frames: SseFrame[] = [];
        for (const frame of parser.push(chunk)) frames.push(...translator.push(frame));
        const out = handle(frames);
        if (out.length) {
          await write(res, out);
          keepAlive?.touch();
        }
        if (failure) break;
      }
      if (!failure) {
        const frames: SseFrame[] = [];
        for (const frame of parser.end()) frames.push(...translator.push(frame));
        frames.push(...translator.end());
        const out = handle(frames);
        if (!failure && held && sawStop) out.push(...commit());
        if (out.length) await write(res, out);
      }
    } catch (error) {
      if (signal.aborted || isAbort(error)) return { kind: 'aborted' };
      const upstream = toUpstreamError(error);
      failure =
        upstream.kind === 'timeout' || upstream.kind === 'network'
          ? held
            ? upstream
            : {
                kind: 'stream',
                afterContent: true,
                type: 'api_error',
                message: describeUpstreamError(upstream),
              }
          : upstream;
    }
    if (!body.destroyed) body.destroy();
    if (!failure && !sawStop) {
      failure = {
        kind: 'stream',
        afterContent: held === undefined,
        type: 'api_error',
        message: 'upstream stream ended before message_stop',
      };
    }
    if (!failure) {
      res.end();
      return { kind: 'served', usage, model: exchange.upstreamModel, ttfbMs };
    }
    if (held) return { kind: 'failed', error: failure, ttfbMs };
    // Content already reached the client: end its stream with an Anthropic error event, never a second message.
    if (!res.writableEnded) {
      if (vendorErrorSent) res.end();
      else {
        const type = failure.kind === 'stream' ? (failure.type ?? 'api_error') : 'api_error';
        const message = `${tier.name}: ${describeUpstreamError(failure)}`;
        res.end(
          encodeFrame({ event: 'error', data: JSON.stringify({ type: 'error', error: { type, message } }) }),
        );
      }
    }
    return { kind: 'broken', error: failure, usage, model: exchange.upstreamModel, ttfbMs };
  }

  /** Counts the tokens a tier spent; only a complete answer counts as a success for its breaker. */
  #credit(tier: Tier, usage: UsageAccumulator, complete: boolean): void {
    const before = tier.breaker.snapshot();
    const hadSignIn = tier.signInNeeded !== undefined;
    if (complete) {
      tier.breaker.onSuccess();
      tier.signInNeeded = undefined;
    }
    const quotaBefore = tier.quotas.map((q) => q.state());
    for (const quota of tier.quotas) quota.recordUsage(usage.total());
    tier.quotas.forEach((quota, index) => {
      const state = quota.state();
      if (state !== quotaBefore[index]) {
        this.#events.emit({
          type: 'quota-crossed',
          tier: tier.name,
          windowHours: quota.config.windowHours,
          percent: quota.snapshot().percent,
          state,
        });
      }
    });
    // Push only what a dashboard would see change: quota bars move with every answer, a healthy breaker doesn't.
    const after = tier.breaker.snapshot();
    if (
      tier.quotas.length > 0 ||
      hadSignIn ||
      after.state !== before.state ||
      after.failures !== before.failures
    ) {
      this.#emitTier(tier);
    }
  }

  #penalize(tier: Tier, error: UpstreamError): void {
    const retryAfterMs =
      error.kind === 'http' && (error.status === 429 || error.status === 403)
        ? error.retryAfterMs
        : undefined;
    tier.breaker.onFailure({ retryAfterMs });
    tier.lastError = { message: describeUpstreamError(error), at: this.#now() };
    this.#emitTier(tier);
  }

  #emitTier(tier: Tier): void {
    this.#events.emit({ type: 'tier-changed', tier: this.#chain.status(tier.name) });
  }

  #retryAtOf(tier: Tier): { retryAt?: number } {
    const circuit = tier.breaker.snapshot();
    if (circuit.retryAt) return { retryAt: circuit.retryAt };
    const probe = tier.quotas.map((q) => q.snapshot().nextProbeAt).find((at) => at !== undefined);
    return probe ? { retryAt: probe } : {};
  }

  /** Before any byte: an HTTP error response. After pings went out: an Anthropic `error` event ends the stream. */
  #sendError(res: ServerResponse, error: ClientError): void {
    if (res.headersSent) {
      if (!res.writableEnded) res.end(encodeFrame({ event: 'error', data: error.body }));
      return;
    }
    res.writeHead(error.status, {
      ...error.headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(error.body),
    });
    res.end(error.body);
  }

  #baseRecord(
    request: ClientRequest,
    tier: Tier,
    attempt: number,
    attemptStart: number,
    stream: boolean,
    previous: string | null,
    skipped: SkippedTier[],
  ): AttemptRecord {
    return {
      ts: new Date(this.#now()).toISOString(),
      requestId: request.requestKey,
      attempt,
      vendor: tier.name,
      modelRequested: request.body.model,
      modelServed: tier.adapter.mapModel(request.body.model),
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationTokens: 0,
      cacheReadTokens: 0,
      durationMs: this.#now() - attemptStart,
      ttfbMs: null,
      stream,
      success: false,
      status: null,
      errorClass: null,
      errorMessage: null,
      failover: previous !== null,
      failoverFrom: previous,
      upstreamRequestId: null,
      sessionKey: request.sessionKey,
      clientCategory: 'cc',
      skipped: skipped.map(({ tier: name, reason }) => ({ tier: name, reason })),
    };
  }

  #record(record: AttemptRecord): void {
    try {
      this.#sink?.record(record);
    } catch (error) {
      // The ledger must never fail a user request.
      console.error('usage ledger: could not record an attempt:', (error as Error).message);
    }
  }

  #finished(
    request: ClientRequest,
    servedBy: string | null,
    success: boolean,
    failoverFrom: string | null,
    started: number,
    usage: UsageAccumulator | undefined,
    failoverReason?: string,
  ): void {
    if (servedBy && failoverFrom)
      this.#events.emit({
        type: 'failover',
        from: failoverFrom,
        to: servedBy,
        reason: failoverReason ?? failoverFrom,
      });
    this.#events.emit({
      type: 'request-finished',
      request: {
        requestKey: request.requestKey,
        servedBy,
        success,
        failoverFrom,
        durationMs: this.#now() - started,
        modelRequested: request.body.model,
        modelServed: usage?.model ?? null,
        tokens: usage?.total() ?? 0,
      },
    });
  }
}

function usageColumns(
  usage: UsageAccumulator,
): Pick<AttemptRecord, 'inputTokens' | 'outputTokens' | 'cacheCreationTokens' | 'cacheReadTokens'> {
  return { ...usage.totals };
}

/** Events whose data an Anthropic client parses as JSON (pings and unknown events it skips). */
const MESSAGE_EVENTS = new Set([
  'message_start',
  'message_delta',
  'message_stop',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
]);

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function streamErrorOf(frame: SseFrame, afterContent: boolean): UpstreamError {
  let type: string | undefined;
  let message = frame.data.slice(0, 300);
  try {
    const parsed = JSON.parse(frame.data) as { error?: { type?: unknown; message?: unknown } };
    if (typeof parsed.error?.type === 'string') type = parsed.error.type;
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    // keep the raw text as the message
  }
  return { kind: 'stream', afterContent, type, message };
}

function clientErrorOf(error: UpstreamError): ClientError {
  if (error.kind === 'http') {
    return { status: error.status, body: error.body, headers: { ...error.headers } };
  }
  return finalError([{ tier: 'upstream', error }], [], Date.now());
}

async function write(res: ServerResponse, frames: SseFrame[]): Promise<void> {
  if (res.writableEnded || res.destroyed) return;
  let text = '';
  for (const frame of frames) text += encodeFrame(frame);
  if (!res.write(text)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }
}

/** A whole message as the event sequence a streaming client expects. */
export function messageToFrames(message: MessagesResponse): SseFrame[] {
  const frames: SseFrame[] = [];
  const push = (event: { type: string; [key: string]: unknown }) =>
    frames.push({ event: event.type, data: JSON.stringify(event) });
  push({
    type: 'message_start',
    message: {
      ...message,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...message.usage, output_tokens: 0 },
    },
  });
  message.content.forEach((block, index) => {
    const b = block as {
      type: string;
      text?: string;
      thinking?: string;
      input?: unknown;
      signature?: string;
    };
    if (b.type === 'text') {
      push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.text ?? '' } });
    } else if (b.type === 'thinking') {
      push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '' } });
      push({
        type: 'content_block_delta',
        index,
        delta: { type: 'thinking_delta', thinking: b.thinking ?? '' },
      });
      if (b.signature)
        push({
          type: 'content_block_delta',
          index,
          delta: { type: 'signature_delta', signature: b.signature },
        });
    } else if (b.type === 'tool_use') {
      push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      push({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input ?? {}) },
      });
    } else {
      push({ type: 'content_block_start', index, content_block: block });
    }
    push({ type: 'content_block_stop', index });
  });
  push({
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
    usage: message.usage,
  });
  push({ type: 'message_stop' });
  return frames;
}
