// HTTP transport: `POST /api/<command>` for commands, `GET /api/events` (server-sent events) for pushes.
// EventSource's own retry is replaced by ours so the delay backs off and the banner knows the state.
import type { PushedEvent } from '../../src-shared/preload-api.ts';
import { reconnectDelayMs } from './backoff.ts';
import { startSession } from './session-bootstrap.ts';
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
  // Every command and the event stream wait for the cookie session the dashboard link starts.
  const session = typeof window === 'undefined' ? Promise.resolve() : startSession(baseUrl, window);
  const listeners = new Set<(event: PushedEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let source: EventSource | undefined;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (state: ConnectionState) => {
    for (const listener of connectionListeners) listener(state);
  };

  /** True when the proxy answers 401: this page has no session (it was opened without the token link). */
  const refused = async () => {
    try {
      const response = await fetch(`${baseUrl}/api/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return response.status === 401;
    } catch {
      return false;
    }
  };

  const connect = () => {
    retryTimer = undefined;
    void session.then(open);
  };
  const open = () => {
    if (listeners.size === 0 || source) return;
    source = new EventSource(`${baseUrl}/api/events`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (message) => {
        let payload: unknown;
        try {
          payload = JSON.parse((message as MessageEvent<string>).data);
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
      });
    }
    source.onerror = () => {
      source?.close();
      source = undefined;
      if (listeners.size === 0) return;
      // EventSource hides the status: ask once whether the proxy is away or refuses this page (401).
      void refused().then((no) => {
        if (!source) setState(no ? 'unauthorized' : 'reconnecting');
      });
      retryTimer = setTimeout(connect, reconnectDelayMs(attempt++));
    };
  };

  return {
    async call<C extends UiCommandName>(command: C, request: UiRequest<C>): Promise<UiResponse<C>> {
      await session;
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/api/${command}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
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
      if (!source && retryTimer === undefined) {
        setState('connecting');
        connect();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = undefined;
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
      if (retryTimer === undefined || source) return;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      connect();
    },
  };
}
