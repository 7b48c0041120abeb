import type { IncomingMessage, ServerResponse } from 'node:http';
import { helloEvent } from '../control/run-command.ts';
import type { CoreContext } from '../core-context.ts';
import { SseWriter } from '../sse/sse-writer.ts';

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
  const sse = new SseWriter(res);
  sse.start();
  const send = (type: string, payload: unknown) => {
    sse.send([{ event: type, data: JSON.stringify(payload) }]);
  };
  send('hello', helloEvent(core));
  const unsubscribe = core.events.on((event) => send(event.type, event));
  const keepAlive = setInterval(() => sse.comment('keep-alive'), 15_000);
  keepAlive.unref();
  const close = () => {
    clearInterval(keepAlive);
    unsubscribe();
    registry().delete(close);
    sse.end();
  };
  req.on('close', close);
  return close;
}
