import type { SseWriter } from '../sse/sse-writer.ts';

const PING_FRAME = 'event: ping\ndata: {"type":"ping"}\n\n';

/** The streams waiting for pings, per interval, with the one timer that checks them (none while idle). */
const watched = new Map<number, { streams: Set<SseWriter>; timer: NodeJS.Timeout }>();

/**
 * Sends an Anthropic `ping` to a streaming client after `intervalMs` of silence — while the proxy waits for a
 * vendor's first byte, holds events before content, or relays a translated vendor that sends no keep-alives.
 * Claude Code gives up on a stream that is quiet for 300 s. Pings before any message_start commit the HTTP status
 * but not a tier: a later failover still gives the client one clean message. Uses the wall clock on purpose.
 * One timer per interval checks every stream open with it (a timer per stream showed in the profile); as with a
 * timer per stream, a ping follows at most two intervals of silence.
 */
export class ClientKeepAlive {
  readonly #sse: SseWriter;
  readonly #intervalMs: number;

  constructor(sse: SseWriter, intervalMs: number) {
    this.#sse = sse;
    this.#intervalMs = intervalMs;
    let group = watched.get(intervalMs);
    if (!group) {
      const streams = new Set<SseWriter>();
      const timer = setInterval(() => {
        const now = Date.now();
        for (const stream of streams)
          if (stream.writable && now - stream.lastWriteAt >= intervalMs) stream.sendText(PING_FRAME);
      }, intervalMs);
      timer.unref();
      group = { streams, timer };
      watched.set(intervalMs, group);
    }
    group.streams.add(sse);
  }

  stop(): void {
    const group = watched.get(this.#intervalMs);
    if (!group?.streams.delete(this.#sse) || group.streams.size > 0) return;
    clearInterval(group.timer);
    watched.delete(this.#intervalMs);
  }
}
