// HTTP transport: `POST /api/<command>` for commands, `GET /api/events` (server-sent events, read through `fetch`
// so it can carry the `Authorization` header) for pushes. Every call carries the control token this tab took from
// the dashboard link; our own retry backs off and tells the banner the state.
import type { PushedEvent } from '../../src-shared/preload-api.ts';
import { reconnectDelayMs } from './backoff.ts';
import { controlToken } from './session-bootstrap.ts';
import { readSse, type SseMessage } from './sse-reader.ts';
import {
  asContractError,
  CommandError,
  type ConnectionState,
  type Transport,
  type UiCommandName,
  type UiRequest,
  type UiResponse,
} from './transport.ts';

const EVENT_NAMES = [
  'hello',
  'tier-changed',
  'order-changed',
  'request-finished',
  'failover',
  'quota-crossed',
  'sign-in-changed',
  'request-progress',
  'request-ended',
  'vendor-notice',
  'session-binding-changed',
];

export function createHttpTransport(baseUrl = ''): Transport {
  const token = typeof window === 'undefined' ? undefined : controlToken(window, () => window.sessionStorage);
  const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const listeners = new Set<(event: PushedEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  /** The open (or opening) event stream; aborting it closes the connection. */
  let stream: AbortController | undefined;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (state: ConnectionState) => {
    for (const listener of connectionListeners) listener(state);
  };

  const dispatch = ({ event: name, data }: SseMessage) => {
    if (!EVENT_NAMES.includes(name)) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    if (!payload || typeof payload !== 'object') return;
    // The hello event's data has no `type`; every CoreEvent carries its own.
    const event = (name === 'hello' ? { ...payload, type: 'hello' } : payload) as PushedEvent;
    if (name === 'hello') {
      attempt = 0;
      setState('open');
    }
    for (const listener of listeners) listener(event);
  };

  const connect = () => {
    retryTimer = undefined;
    void open();
  };
  const open = async () => {
    if (listeners.size === 0 || stream) return;
    const controller = new AbortController();
    stream = controller;
    let status = 0;
    try {
      const response = await fetch(`${baseUrl}/api/events`, {
        headers: { ...authorization, accept: 'text/event-stream' },
        cache: 'no-store',
        signal: controller.signal,
      });
      status = response.status;
      if (response.ok && response.body) await readSse(response.body, dispatch);
    } catch {
      // The proxy went away (or we closed the stream ourselves): decided below.
    }
    if (stream !== controller) return;
    stream = undefined;
    controller.abort();
    if (listeners.size === 0) return;
    // 401: this page has no (valid) token — it was opened without the link; anything else: the proxy is away.
    setState(status === 401 ? 'unauthorized' : 'reconnecting');
    retryTimer = setTimeout(connect, reconnectDelayMs(attempt++));
  };

  return {
    async call<C extends UiCommandName>(command: C, request: UiRequest<C>): Promise<UiResponse<C>> {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/api/${command}`, {
          method: 'POST',
          headers: { ...authorization, 'content-type': 'application/json' },
          body: JSON.stringify(request ?? {}),
          // A call made as the page goes away (the vendor list letting go of a held undo) still reaches the core.
          keepalive: true,
        });
      } catch (error) {
        throw new CommandError('transport', `the proxy is not reachable (${(error as Error).message})`);
      }
      if (response.status === 401) {
        setState('unauthorized');
        throw new CommandError(
          'unauthorized',
          'the proxy refuses this page: open the dashboard link printed by `coding-proxy start`',
        );
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new CommandError('transport', `unexpected answer from the proxy (HTTP ${response.status})`);
      }
      const problem = asContractError(body);
      if (problem) throw new CommandError(problem.type, problem.message);
      if (!response.ok) throw new CommandError('internal', `HTTP ${response.status}`);
      return body as UiResponse<C>;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!stream && retryTimer === undefined) {
        setState('connecting');
        connect();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          stream?.abort();
          stream = undefined;
          if (retryTimer !== undefined) clearTimeout(retryTimer);
          retryTimer = undefined;
        }
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    reconnectNow() {
      if (retryTimer === undefined || stream) return;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      connect();
    },
  };
}
