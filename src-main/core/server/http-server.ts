// The proxy's HTTP listener: which edge takes a request (messages, native passthrough, control, dashboard files),
// the guards every request passes first (Host, web pages on /v1/*), the server's timeouts and its draining shutdown.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ControlHandlers } from '../control/handlers.ts';
import type { CoreContext } from '../core-context.ts';
import { NativePassthrough, sendProviderError } from '../passthrough/native-passthrough.ts';
import { passthroughTarget } from '../passthrough/providers.ts';
import { createControlEdge } from './control-edge.ts';
import { browserRefusal, hostRefusal } from './guards.ts';
import { createMessageEdge } from './message-edge.ts';
import { CLAUDE_MODELS } from './models.ts';
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
  /** Bearer token every `/api/*` request must carry. */
  controlToken: string;
  /** Host names accepted besides loopback (see config/host-binding.ts). */
  acceptedHosts?: readonly string[];
}

export function createProxyServer(options: ServerOptions): ProxyServer {
  const { core } = options;
  const limits = core.config.server;
  const acceptedHosts = options.acceptedHosts ?? [];
  let inFlight = 0;
  const closeEventStreams = new Set<() => void>();
  const handleMessages = createMessageEdge(core);
  const handleControl = createControlEdge({
    core,
    handlers: options.handlers,
    token: options.controlToken,
    acceptedHosts,
    limits: { maxSubscribers: limits.maxEventSubscribers, maxBufferedBytes: limits.eventBufferBytes },
    eventStreams: closeEventStreams,
  });

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
    const badHost = hostRefusal(req.headers, acceptedHosts);
    if (badHost) {
      const type = badHost.status === 400 ? 'invalid_request_error' : 'permission_error';
      sendAnthropicError(res, badHost.status, type, badHost.message);
      return;
    }
    if (path.startsWith('/v1/')) {
      // Refused web pages are not recorded in the request log: they are attacks, not clients (README, Security).
      const refusal = browserRefusal(req.headers, acceptedHosts);
      if (refusal) {
        res.setHeader('connection', 'close');
        sendAnthropicError(res, 403, 'permission_error', refusal);
        return;
      }
    }
    if (path === '/v1/messages' || path === '/v1/messages/count_tokens') {
      if (method === 'POST') await handleMessages(req, res, search, path.endsWith('count_tokens'));
      else
        sendAnthropicError(
          res,
          405,
          'invalid_request_error',
          `${method} is not supported on ${path}; use POST`,
        );
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
    url ??= new URL(req.url ?? '/', 'http://local');
    // Native API passthrough for SDK clients (/api/openai|gemini|anthropic/**). These are NOT control commands:
    // they carry the client's provider credentials and take no control token; the browser guard of /v1/* applies.
    if (core.passthrough && NativePassthrough.handles(path)) {
      const refusal = browserRefusal(req.headers, acceptedHosts);
      const target = passthroughTarget(path);
      if (refusal && target) sendProviderError(res, target.provider, 403, 'forbidden', refusal);
      else await core.passthrough.handle(req, res, url);
      return;
    }
    if (path.startsWith('/api/')) {
      await handleControl(req, res, url);
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
