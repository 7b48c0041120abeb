import type { IncomingMessage, ServerResponse } from 'node:http';
import { helloEvent } from '../control/run-command.ts';
import type { CoreContext } from '../core-context.ts';

/**
 * `GET /api/events`: the contract's pushed events as server-sent events. The first event is a full `status`
 * snapshot so a dashboard never needs to poll; a comment line every 15 s keeps proxies and browsers from
 * timing the connection out. Returns a closer used at shutdown.
 */
export function serveEvents(
  req: IncomingMessage,
  res: ServerResponse,
  core: CoreContext,
  registry: () => Set<() => void>,
): () => void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const send = (type: string, payload: unknown) => {
    res.write(`event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`);
  };
  send('hello', helloEvent(core));
  const unsubscribe = core.events.on((event) => send(event.type, event));
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  const close = () => {
    clearInterval(keepAlive);
    unsubscribe();
    registry().delete(close);
    if (!res.writableEnded) res.end();
  };
  req.on('close', close);
  return close;
}
