import type { ServerResponse } from 'node:http';

const PING_FRAME = 'event: ping\ndata: {"type":"ping"}\n\n';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/**
 * Sends an Anthropic `ping` to a streaming client after `intervalMs` of silence — while the proxy waits for a
 * vendor's first byte, holds events before content, or relays a translated vendor that sends no keep-alives.
 * Claude Code gives up on a stream that is quiet for 300 s. Pings before any message_start commit the HTTP status
 * but not a tier: a later failover still gives the client one clean message. Uses the wall clock on purpose.
 */
export class ClientKeepAlive {
  readonly #timer: NodeJS.Timeout;
  #lastWrite = Date.now();

  constructor(res: ServerResponse, intervalMs: number) {
    this.#timer = setInterval(() => {
      if (res.writableEnded || res.destroyed || Date.now() - this.#lastWrite < intervalMs) return;
      if (!res.headersSent) res.writeHead(200, SSE_HEADERS);
      res.write(PING_FRAME);
      this.#lastWrite = Date.now();
    }, intervalMs);
    this.#timer.unref();
  }

  /** Something was written to the client. */
  touch(): void {
    this.#lastWrite = Date.now();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
