// Native API passthrough for SDK clients: `/api/openai/**`, `/api/gemini/**`, `/api/anthropic/**` go to the
// provider's own API with the client's credentials, the query string and the body bytes as sent, and the answer
// comes back byte for byte (streams as they arrive). Nothing here touches the tier chain: no failover, no
// breaker, no control token. The ledger gets one row per call (client category `api`) with the usage read
// from the answer on the side.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { Agent, request } from 'undici';
import type { NativeApiConfig, NativeProvider } from '../../../src-shared/config-schema.ts';
import type { RequestFinished } from '../../../src-shared/contract.ts';
import type { AttemptRecord, AttemptSink } from '../common/attempt-record.ts';
import { flattenHeaders, isAbort, toUpstreamError } from '../router/upstream-client.ts';
import { describeUpstreamError } from '../common/upstream-error.ts';
import type { Redactor } from '../security/redactor.ts';
import { forwardableClientHeaders } from '../server/guards.ts';
import { refusedRequest } from '../server/refused-request.ts';
import { SseParser } from '../sse/sse-parser.ts';
import { NativeUsage } from './native-usage.ts';
import { classifyOperation, modelInPath } from './operations.ts';
import { PROVIDERS, passthroughTarget, upstreamBase } from './providers.ts';

/** What access logs (and the request log) record for a client that left before its answer was complete. */
const CLIENT_CLOSED = 499;

/** Per RFC 9110 §7.6.1 plus what must be ours to set (host, encoding). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'accept-encoding',
]);

/** Where the three families' SDKs put the caller's key (Gemini also takes `?key=`). */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'] as const;

/** JSON answers larger than this are relayed but not parsed for usage. */
const MAX_PARSED_BYTES = 16 * 1024 * 1024;
/** How much of the request body is kept to read its `model` (the body itself streams through). */
const MODEL_SNIFF_BYTES = 64 * 1024;

export interface PassthroughOptions {
  config: () => NativeApiConfig;
  sink?: AttemptSink;
  now?: () => number;
  env?: NodeJS.ProcessEnv;
  /**
   * The end of each call as the client saw it (status, stream, time to first byte), announced like the router's
   * `request-finished` so the request log, the Spend view and the Sessions split count passthrough calls too.
   */
  finished?: (request: RequestFinished) => void;
  /** One line per call for the log file. */
  log?: (level: 'debug' | 'info' | 'warn', message: string) => void;
  /** Learns the client credentials relayed upstream, so no log line, ledger row or status ever shows one. */
  redactor?: Pick<Redactor, 'add' | 'addHeaderValue'>;
}

export class NativePassthrough {
  readonly #options: PassthroughOptions;
  readonly #agents = new Map<string, Agent>();
  readonly #now: () => number;

  constructor(options: PassthroughOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** True when `path` belongs to a passthrough family (answered here, whatever its outcome). */
  static handles(path: string): boolean {
    return passthroughTarget(path) !== undefined;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#agents.values()].map((agent) => agent.close().catch(() => undefined)));
    this.#agents.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const target = passthroughTarget(url.pathname);
    if (!target) return;
    const { provider, rest } = target;
    const spec = PROVIDERS[provider];
    const settings = this.#options.config()[provider];
    if (!settings.enabled) {
      req.resume();
      sendProviderError(
        res,
        provider,
        404,
        'not_found',
        `native api provider '${provider}' is not enabled (nativeApi.${provider}.enabled in the config)`,
      );
      // Still a request the client made: the request log keeps it with the 404 it got.
      this.#options.finished?.(
        refusedRequest({
          status: 404,
          errorType: 'not_found',
          errorMessage: `native api provider '${provider}' is not enabled`,
          durationMs: 0,
          modelRequested: modelInPath(rest) ?? 'unknown',
          stream: false,
          sessionKey: '',
          clientCategory: 'api',
        }),
      );
      return;
    }
    this.#learnCredentials(req, url);
    const base = upstreamBase(this.#options.config(), provider, this.#options.env);
    const upstreamUrl = `${base}${rest}${url.search}`;
    const started = this.#now();
    const operation = classifyOperation(provider, rest);
    const usage = new NativeUsage(provider);
    const sniff = sniffModel();
    const abort = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) abort.abort();
    };
    res.on('close', onClose);
    const requestKey = randomUUID();
    /** `clientStatus`: what the client got (the provider's status, or ours: 499 when it left, 502/504). */
    const record = (
      outcome: Partial<AttemptRecord> & { success: boolean; status: number | null },
      clientStatus: number,
    ) => {
      const modelRequested = sniff.model() ?? modelInPath(rest) ?? usage.model ?? 'unknown';
      const attempt: AttemptRecord = {
        ts: new Date(this.#now()).toISOString(),
        requestId: requestKey,
        attempt: 0,
        vendor: spec.ledgerVendor,
        modelRequested,
        modelServed: usage.model ?? modelRequested,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cacheCreationTokens: usage.cacheCreationTokens,
        cacheReadTokens: usage.cacheReadTokens,
        durationMs: this.#now() - started,
        ttfbMs: null,
        stream: false,
        errorClass: null,
        errorMessage: null,
        failover: false,
        failoverFrom: null,
        upstreamRequestId: usage.responseId ?? null,
        sessionKey: '',
        clientCategory: 'api',
        skipped: [],
        operation,
        endpoint: rest,
        ...(Object.keys(usage.extra).length ? { extraUsage: { ...usage.extra } } : {}),
        ...outcome,
      };
      this.#record(attempt);
      this.#finish(attempt, clientStatus);
    };

    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(upstreamUrl, {
        method: (req.method ?? 'GET') as 'GET',
        headers: forwardHeaders(req.headers),
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: req.pipe(sniff.stream) }),
        dispatcher: this.#agent(base, settings.connectTimeoutMs),
        signal: abort.signal,
        headersTimeout: settings.timeoutMs,
        bodyTimeout: settings.timeoutMs,
      });
    } catch (error) {
      res.off('close', onClose);
      if (abort.signal.aborted || isAbort(error)) {
        record(
          { success: false, status: null, errorClass: 'client_aborted', errorMessage: 'client disconnected' },
          CLIENT_CLOSED,
        );
        return;
      }
      const upstream = toUpstreamError(error);
      const timeout = upstream.kind === 'timeout';
      const message = `upstream unreachable: ${base} (${describeUpstreamError(upstream)})`;
      const status = timeout ? 504 : 502;
      sendProviderError(res, provider, status, timeout ? 'timeout' : 'unreachable', message);
      record(
        {
          success: false,
          status: null,
          errorClass: timeout ? 'timeout' : 'network',
          errorMessage: message,
          extraUsage: { failure_reason: message },
        },
        status,
      );
      this.#options.log?.('warn', `passthrough ${provider} ${req.method} ${rest}: ${message}`);
      return;
    }

    const ttfbMs = this.#now() - started;
    const headers = flattenHeaders(response.headers);
    const contentType = headers['content-type'] ?? '';
    const isSse = contentType.includes('text/event-stream');
    const parseable = !headers['content-encoding'] || headers['content-encoding'] === 'identity';
    res.writeHead(response.statusCode, responseHeaders(response.headers));
    const parser = isSse ? new SseParser() : undefined;
    const jsonChunks: Buffer[] = [];
    let jsonBytes = 0;
    let broken: string | undefined;
    try {
      for await (const chunk of response.body) {
        const buffer = chunk as Buffer;
        if (!res.write(buffer)) await drained(res);
        if (!parseable) continue;
        if (parser) {
          for (const frame of parser.push(buffer)) observeData(usage, frame.data);
        } else if (jsonBytes + buffer.length <= MAX_PARSED_BYTES) {
          jsonChunks.push(buffer);
          jsonBytes += buffer.length;
        } else jsonBytes = Number.POSITIVE_INFINITY;
      }
      if (parser) for (const frame of parser.end()) observeData(usage, frame.data);
      else if (parseable && Number.isFinite(jsonBytes) && /json/.test(contentType)) {
        try {
          usage.observeBody(JSON.parse(Buffer.concat(jsonChunks).toString('utf8')));
        } catch {
          // Not JSON after all: relayed, nothing to count.
        }
      }
    } catch (error) {
      broken = abort.signal.aborted ? 'client disconnected' : describeUpstreamError(toUpstreamError(error));
    } finally {
      res.off('close', onClose);
    }
    if (!res.writableEnded) {
      if (broken && !abort.signal.aborted) res.destroy();
      else res.end();
    }
    const status = response.statusCode;
    const success = !broken && status >= 200 && status < 400;
    record(
      {
        success,
        status,
        ttfbMs,
        stream: isSse,
        errorClass: broken
          ? abort.signal.aborted
            ? 'client_aborted'
            : 'stream'
          : success
            ? null
            : `http_${status}`,
        errorMessage: broken ?? (success ? null : `HTTP ${status}`),
      },
      abort.signal.aborted ? CLIENT_CLOSED : status,
    );
    this.#options.log?.(
      success ? 'info' : 'warn',
      `passthrough ${provider} ${req.method} ${rest} → ${status}${broken ? ` (cut: ${broken})` : ''} in ${this.#now() - started} ms, ${usage.inputTokens}+${usage.cacheReadTokens} in / ${usage.outputTokens} out`,
    );
  }

  #learnCredentials(req: IncomingMessage, url: URL): void {
    const redactor = this.#options.redactor;
    if (!redactor) return;
    for (const name of CREDENTIAL_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') redactor.addHeaderValue(value);
    }
    redactor.add(url.searchParams.get('key'));
  }

  #agent(base: string, connectTimeoutMs: number): Agent {
    const key = `${base} ${connectTimeoutMs}`;
    let agent = this.#agents.get(key);
    if (!agent) {
      agent = new Agent({ connect: { timeout: connectTimeoutMs }, keepAliveTimeout: 30_000 });
      this.#agents.set(key, agent);
    }
    return agent;
  }

  #finish(attempt: AttemptRecord, status: number): void {
    const failed = !attempt.success && attempt.errorMessage !== null;
    this.#options.finished?.({
      requestKey: attempt.requestId,
      servedBy: attempt.success ? attempt.vendor : null,
      success: attempt.success,
      failoverFrom: null,
      durationMs: attempt.durationMs,
      modelRequested: attempt.modelRequested,
      modelServed: attempt.success ? attempt.modelServed : null,
      tokens:
        attempt.inputTokens + attempt.outputTokens + attempt.cacheCreationTokens + attempt.cacheReadTokens,
      status,
      ...(failed && attempt.errorClass ? { errorType: attempt.errorClass } : {}),
      ...(failed && attempt.errorMessage ? { errorMessage: attempt.errorMessage } : {}),
      stream: attempt.stream,
      sessionKey: '',
      clientCategory: 'api',
      ...(attempt.ttfbMs !== null ? { ttfbMs: attempt.ttfbMs } : {}),
      skipped: [],
      attempts: 1,
    });
  }

  #record(record: AttemptRecord): void {
    try {
      this.#options.sink?.record(record);
    } catch (error) {
      this.#options.log?.(
        'warn',
        `usage ledger: could not record a passthrough call: ${(error as Error).message}`,
      );
    }
  }
}

function observeData(usage: NativeUsage, data: string): void {
  if (!data || data === '[DONE]') return;
  try {
    usage.observeEvent(JSON.parse(data));
  } catch {
    // A keep-alive comment or a non-JSON event: relayed, nothing to count.
  }
}

/** The client's headers minus hop-by-hop ones and browser metadata (cookies — the dashboard's is ours). */
function forwardHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(forwardableClientHeaders(headers))) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // Uncompressed answers can be read for usage; the client still gets exactly what the provider sent.
  out['accept-encoding'] = 'identity';
  return out;
}

function responseHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    out[name] = value;
  }
  return out;
}

/** Passes the request body through untouched while keeping its start, to learn the requested model. */
function sniffModel(): { stream: Transform; model(): string | undefined } {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (size < MODEL_SNIFF_BYTES) {
        chunks.push(chunk);
        size += chunk.length;
      }
      callback(null, chunk);
    },
  });
  return {
    stream,
    model() {
      const head = Buffer.concat(chunks).toString('utf8', 0, Math.min(size, MODEL_SNIFF_BYTES));
      return /"model"\s*:\s*"([^"\\]{1,200})"/.exec(head)?.[1];
    },
  };
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function sendProviderError(
  res: ServerResponse,
  provider: NativeProvider,
  status: number,
  kind: 'not_found' | 'unreachable' | 'timeout' | 'forbidden',
  message: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(PROVIDERS[provider].errorBody(status, kind, message));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
