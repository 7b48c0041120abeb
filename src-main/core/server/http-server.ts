import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import type { CommandName } from '../../../src-shared/contract.ts';
import { HTTP_STATUS_OF, ControlError } from '../control/control-error.ts';
import { type ControlHandlers, isCommandName } from '../control/handlers.ts';
import { runCommand } from '../control/run-command.ts';
import type { CoreContext } from '../core-context.ts';
import { countTokens } from '../router/count-tokens.ts';
import { sessionKeyOf } from '../router/session-key.ts';
import { NativePassthrough, sendProviderError } from '../passthrough/native-passthrough.ts';
import { passthroughTarget } from '../passthrough/providers.ts';
import { createControlAuth, SESSION_PATH, sendUnauthorized } from './control-auth.ts';
import { serveEvents } from './event-stream.ts';
import {
  browserRefusal,
  forwardableClientHeaders,
  isAllowedHost,
  isAllowedOrigin,
  isJsonContentType,
} from './guards.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.ts';
import { CLAUDE_MODELS } from './models.ts';
import { readBody } from './read-body.ts';
import { sendAnthropicError, sendJson } from './respond.ts';
import { serveStatic } from './static-files.ts';

const HOT_URLS = new Map(
  ['/v1/messages', '/v1/messages?beta=true'].map((url) => {
    const parsed = new URL(url, 'http://local');
    return [url, { path: parsed.pathname, search: parsed.search }];
  }),
);

export interface ProxyServer {
  readonly server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, waits for in-flight requests up to `drainMs`, then cuts the rest. */
  close(drainMs: number): Promise<void>;
  inFlight(): number;
}

export interface ServerOptions {
  core: CoreContext;
  handlers: ControlHandlers;
  /** Folder of the built dashboard (vite output); absent → a plain page pointing to the docs. */
  dashboardDir?: string;
  /** Bearer token every `/api/*` request must carry (or the dashboard cookie derived from it). */
  controlToken: string;
  /** Host names accepted besides loopback (see config/host-binding.ts). */
  acceptedHosts?: readonly string[];
}

export function createProxyServer(options: ServerOptions): ProxyServer {
  const { core, handlers } = options;
  const limits = core.config.server;
  const maxBody = limits.maxBodyBytes;
  const auth = createControlAuth(options.controlToken);
  const acceptedHosts = options.acceptedHosts ?? [];
  let inFlight = 0;
  const closeEventStreams = new Set<() => void>();

  async function handleMessages(req: IncomingMessage, res: ServerResponse, query: string, count: boolean) {
    // Only JSON: a web page can post text/plain or a form without a preflight, never application/json.
    if (!isJsonContentType(req.headers['content-type'])) {
      res.setHeader('connection', 'close');
      sendAnthropicError(
        res,
        415,
        'invalid_request_error',
        `Content-Type must be application/json (got ${req.headers['content-type'] ? `"${req.headers['content-type'].slice(0, 80)}"` : 'none'})`,
      );
      return;
    }
    const body = await readBody(req, maxBody);
    if (!body.ok) {
      if (body.reason === 'too-large') {
        res.setHeader('connection', 'close');
        sendAnthropicError(res, 413, 'request_too_large', `Request body exceeds ${maxBody} bytes`);
      } else res.destroy();
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch (error) {
      sendAnthropicError(
        res,
        400,
        'invalid_request_error',
        `Request body is not valid JSON: ${(error as Error).message}`,
      );
      return;
    }
    if (nestsDeeperThan(parsed, MAX_JSON_DEPTH)) {
      sendAnthropicError(
        res,
        400,
        'invalid_request_error',
        `Request body nests deeper than ${MAX_JSON_DEPTH} levels`,
      );
      return;
    }
    const problem = validateMessages(parsed, count);
    if (problem) {
      sendAnthropicError(res, 400, 'invalid_request_error', problem);
      return;
    }
    const request = parsed as MessagesRequest;
    const clientRequest = {
      body: request,
      rawBody: body.text,
      rawBytes: body.bytes,
      headers: forwardableClientHeaders(req.headers),
      query,
      requestKey: randomUUID(),
      sessionKey: sessionKeyOf(req.headers, request),
    };
    if (count) await countTokens(core.router, clientRequest, res);
    else await core.router.handle(clientRequest, res);
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, command: CommandName) {
    let input: unknown = {};
    if (req.method === 'POST') {
      const body = await readBody(req, 1024 * 1024);
      if (!body.ok) {
        sendJson(res, 413, new ControlError('invalid_request', 'body too large').toJSON());
        return;
      }
      if (body.text.trim()) {
        try {
          input = JSON.parse(body.text);
        } catch {
          sendJson(res, 400, new ControlError('invalid_request', 'body is not valid JSON').toJSON());
          return;
        }
      }
    }
    const outcome = await runCommand(handlers, command, input);
    if (outcome.ok) sendJson(res, 200, outcome.value);
    else sendJson(res, HTTP_STATUS_OF[outcome.error.type], outcome.error.toJSON());
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    // The two URLs Claude Code and the SDKs post every message to are taken as they are (parsing a URL per
    // request shows in the profile); everything else is parsed and normalised.
    let { path, search } = HOT_URLS.get(req.url ?? '') ?? { path: '', search: '' };
    let url: URL | undefined;
    if (!path) {
      try {
        url = new URL(req.url ?? '/', 'http://local');
        decodeURIComponent(url.pathname);
        path = url.pathname;
        search = url.search;
      } catch {
        // A client's malformed URL (`GET /%`): its mistake, answered plainly, never a stack trace in the log.
        res.setHeader('connection', 'close');
        sendAnthropicError(res, 400, 'invalid_request_error', 'Malformed URL (bad percent-encoding)');
        return;
      }
    }
    if (!isAllowedHost(req.headers, acceptedHosts)) {
      sendAnthropicError(
        res,
        403,
        'permission_error',
        `Host "${req.headers.host ?? ''}" is not allowed: use ${['127.0.0.1', 'localhost', ...acceptedHosts].join(', ')} (server.allowedHosts)`,
      );
      return;
    }
    if (path.startsWith('/v1/')) {
      const refusal = browserRefusal(req.headers, acceptedHosts);
      if (refusal) {
        res.setHeader('connection', 'close');
        sendAnthropicError(res, 403, 'permission_error', refusal);
        return;
      }
    }
    if (path === '/v1/messages' || path === '/v1/messages/count_tokens') {
      if (method !== 'POST') {
        sendAnthropicError(
          res,
          405,
          'invalid_request_error',
          `${method} is not supported on ${path}; use POST`,
        );
        return;
      }
      await handleMessages(req, res, search, path.endsWith('count_tokens'));
      return;
    }
    if (path === '/v1/models' && (method === 'GET' || method === 'HEAD')) {
      sendJson(res, 200, {
        data: CLAUDE_MODELS,
        has_more: false,
        first_id: CLAUDE_MODELS[0]?.id ?? null,
        last_id: CLAUDE_MODELS[CLAUDE_MODELS.length - 1]?.id ?? null,
      });
      return;
    }
    if (path === '/health') {
      // Enough for a second `start` on this port to say who holds it.
      sendJson(res, 200, { status: 'ok', service: 'coding-proxy', version: core.version, pid: process.pid });
      return;
    }
    // Native API passthrough for SDK clients (/api/openai|gemini|anthropic/**). These are NOT control commands:
    // they carry the client's provider credentials and take no control token; the browser guard of /v1/* applies.
    if (core.passthrough && NativePassthrough.handles(path)) {
      const refusal = browserRefusal(req.headers, acceptedHosts);
      const target = passthroughTarget(path);
      if (refusal && target) sendProviderError(res, target.provider, 403, 'forbidden', refusal);
      else await core.passthrough.handle(req, res, url ?? new URL(req.url ?? '/', 'http://local'));
      return;
    }
    if (path.startsWith('/api/')) {
      if (!isAllowedOrigin(req.headers, acceptedHosts)) {
        sendJson(
          res,
          403,
          new ControlError(
            'invalid_request',
            'cross-origin requests to the control API are refused',
          ).toJSON(),
        );
        return;
      }
      if (path === SESSION_PATH) {
        auth.startSession(req, res);
        return;
      }
      const refusal = auth.refusal(req);
      if (refusal) {
        sendUnauthorized(res, refusal);
        return;
      }
      const name = path.slice('/api/'.length);
      if (name === 'events' && method === 'GET') {
        serveEvents(req, res, core, closeEventStreams, {
          maxSubscribers: limits.maxEventSubscribers,
          maxBufferedBytes: limits.eventBufferBytes,
        });
        return;
      }
      if (name === 'hello' && method === 'HEAD') {
        res.writeHead(200).end();
        return;
      }
      if (isCommandName(name) && (method === 'POST' || (method === 'GET' && name === 'status'))) {
        await handleControl(req, res, name);
        return;
      }
      sendJson(res, 404, new ControlError('not_found', `no control command ${method} ${path}`).toJSON());
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      if (await serveStatic(req, res, path, options.dashboardDir)) return;
    }
    sendAnthropicError(res, 404, 'not_found_error', `No route for ${method} ${path}`);
  }

  // Slow clients cannot hold sockets forever: headers (and idle new connections) within headersTimeoutMs, the
  // whole request within requestTimeoutMs. Neither limits the answer, which takes as long as the vendor needs.
  const requestTimeout = limits.requestTimeoutMs;
  const headersTimeout = Math.min(limits.headersTimeoutMs, requestTimeout);
  const serverOptions = {
    headersTimeout,
    requestTimeout,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often Node looks for expired sockets: often enough for small (test) limits, rarely for real ones.
    connectionsCheckingInterval: Math.min(30_000, Math.max(25, Math.floor(headersTimeout / 4))),
  };
  const server = createServer(serverOptions, (req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
    });
    route(req, res).catch((error: unknown) => {
      console.error('coding-proxy: unexpected error while handling a request:', error);
      if (!res.headersSent)
        sendAnthropicError(res, 500, 'api_error', `Internal proxy error: ${(error as Error).message}`);
      else if (!res.writableEnded) res.end();
    });
  });

  return {
    server,
    inFlight: () => inFlight,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close(drainMs) {
      for (const close of closeEventStreams) close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + drainMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The checks the proxy can make without an upstream call; everything else is the vendor's to judge. */
function validateMessages(value: unknown, count: boolean): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return 'Request body must be a JSON object';
  const body = value as Record<string, unknown>;
  if (typeof body.model !== 'string' || !body.model) return 'model: field required (a model name string)';
  if (!Array.isArray(body.messages)) return 'messages: field required (an array of messages)';
  if (!count && body.max_tokens !== undefined && typeof body.max_tokens !== 'number')
    return 'max_tokens: must be a number';
  for (const [index, message] of body.messages.entries()) {
    if (!message || typeof message !== 'object') return `messages.${index}: must be an object`;
  }
  return undefined;
}
