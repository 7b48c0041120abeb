// Native API passthrough for SDK clients: `/api/openai/**`, `/api/gemini/**`, `/api/anthropic/**` go to the
// provider's own API with the client's credentials, the query string and the body bytes as sent, and the answer
// comes back byte for byte (streams as they arrive). Nothing here touches the tier chain: no failover, no
// breaker, no control token. The ledger gets one row per call (client category `api`) with the usage read
// from the answer on the side.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, request } from 'undici';
import type { NativeApiConfig } from '../../../src-shared/config-schema.ts';
import type { RequestFinished } from '../../../src-shared/contract.ts';
import type { AttemptRecord, AttemptSink } from '../common/attempt-record.ts';
import { drainedOrClosed } from '../common/drained-or-closed.ts';
import { describeUpstreamError } from '../common/upstream-error.ts';
import { flattenHeaders, isAbort, toUpstreamError } from '../router/upstream-client.ts';
import type { Redactor } from '../security/redactor.ts';
import { refusedRequest } from '../server/refused-request.ts';
import { SseParser } from '../sse/sse-parser.ts';
import { NativeUsage } from './native-usage.ts';
import { classifyOperation, modelInPath } from './operations.ts';
import { forwardHeaders, responseHeaders, sendProviderError, sniffModel } from './passthrough-http.ts';
import { type PassthroughOutcome, passthroughAttempt, passthroughFinished } from './passthrough-record.ts';
import { PROVIDERS, passthroughTarget, upstreamBase } from './providers.ts';

// The server answers with the passthrough's own error shape (a disabled provider) too.
export { sendProviderError } from './passthrough-http.ts';

/** What access logs (and the request log) record for a client that left before its answer was complete. */
const CLIENT_CLOSED = 499;

/** Where the three families' SDKs put the caller's key (Gemini also takes `?key=`). */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'] as const;

/** JSON answers larger than this are relayed but not parsed for usage. */
const MAX_PARSED_BYTES = 16 * 1024 * 1024;
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
    const record = (outcome: PassthroughOutcome, clientStatus: number) => {
      const modelRequested = sniff.model() ?? modelInPath(rest) ?? usage.model ?? 'unknown';
      const call = { requestKey, vendor: spec.ledgerVendor, endpoint: rest, operation, modelRequested };
      const attempt = passthroughAttempt(call, usage, this.#now(), started, outcome);
      this.#record(attempt);
      this.#options.finished?.(passthroughFinished(attempt, clientStatus));
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
        if (!res.write(buffer)) await drainedOrClosed(res);
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
