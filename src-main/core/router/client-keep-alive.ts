import type { SseWriter } from '../sse/sse-writer.ts';

const PING_FRAME = 'event: ping\ndata: {"type":"ping"}\n\n';

/**
 * Sends an Anthropic `ping` to a streaming client after `intervalMs` of silence — while the proxy waits for a
 * vendor's first byte, holds events before content, or relays a translated vendor that sends no keep-alives.
 * Claude Code gives up on a stream that is quiet for 300 s. Pings before any message_start commit the HTTP status
 * but not a tier: a later failover still gives the client one clean message. Uses the wall clock on purpose.
 */
export class ClientKeepAlive {
  readonly #timer: NodeJS.Timeout;

  constructor(sse: SseWriter, intervalMs: number) {
    this.#timer = setInterval(() => {
      if (!sse.writable || Date.now() - sse.lastWriteAt < intervalMs) return;
      sse.sendText(PING_FRAME);
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
