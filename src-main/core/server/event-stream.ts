import type { IncomingMessage, ServerResponse } from 'node:http';
import { helloEvent } from '../control/run-command.ts';
import type { CoreContext } from '../core-context.ts';
import { SseWriter } from '../sse/sse-writer.ts';
import { sendJson } from './respond.ts';

export interface EventStreamLimits {
  /** Concurrent subscribers; one more is answered 503. */
  maxSubscribers: number;
  /** Bytes queued for one subscriber (beyond what the socket took) before it is dropped. */
  maxBufferedBytes: number;
}

/**
 * `GET /api/events`: the contract's pushed events as server-sent events. The first event is a full `status`
 * snapshot so a dashboard never needs to poll; a comment line every 15 s keeps proxies and browsers from
 * timing the connection out. A subscriber that stops reading is dropped once its queue passes the bound (its
 * reconnect gets a fresh `hello` snapshot, so nothing is lost for a live dashboard); at most `maxSubscribers` at
 * once. `subscribers` holds each one's closer, used at shutdown.
 */
export function serveEvents(
  req: IncomingMessage,
  res: ServerResponse,
  core: CoreContext,
  subscribers: Set<() => void>,
  limits: EventStreamLimits,
): void {
  if (subscribers.size >= limits.maxSubscribers) {
    sendJson(
      res,
      503,
      {
        type: 'error',
        error: {
          type: 'overloaded_error',
          message: `too many event subscribers (${limits.maxSubscribers} at most); close another dashboard`,
        },
      },
      { 'retry-after': '5' },
    );
    return;
  }
  const sse = new SseWriter(res);
  sse.start();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    unsubscribe();
    subscribers.delete(close);
    sse.end();
  };
  const write = (text: string) => {
    if (closed) return;
    if (res.writableLength > limits.maxBufferedBytes) {
      // Too far behind: holding more would grow without bound. Cut it; the client reconnects and resyncs.
      close();
      res.destroy();
      return;
    }
    sse.sendText(text);
  };
  const send = (type: string, payload: unknown) =>
    write(`event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`);
  subscribers.add(close);
  const unsubscribe = core.events.on((event) => send(event.type, event));
  const keepAlive = setInterval(() => write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  send('hello', helloEvent(core));
  req.on('close', close);
  res.on('close', close);
}
