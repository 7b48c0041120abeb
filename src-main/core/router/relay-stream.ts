import { finished, type Readable } from 'node:stream';
import type { ExchangeContext } from '../vendors/vendor-adapter.ts';
import type { AttemptOutcome } from './attempt-outcome.ts';
import type { ClientSide } from './client-request.ts';
import { PreContentGate } from './pre-content-gate.ts';
import { emit, type Outgoing, type PumpParts, TranslatingPump, WirePump } from './stream-pump.ts';
import type { Tier } from './tier.ts';
import { type UpstreamResponse, isAbort, toUpstreamError } from './upstream-client.ts';
import { UsageAccumulator } from './usage-accumulator.ts';

/**
 * Relays a vendor's event stream to a streaming client: the pump turns upstream bytes into client writes through
 * the pre-content gate (translating when the vendor speaks another format, relaying the vendor's own bytes after
 * content when it speaks Anthropic's), written with backpressure; usage is read on the way.
 */
export async function relayStream(
  tier: Tier,
  body: UpstreamResponse['body'],
  exchange: ExchangeContext,
  client: ClientSide,
  ttfbMs: number,
): Promise<AttemptOutcome> {
  const gate = new PreContentGate({
    tierName: tier.name,
    readEventError: (frame) => tier.adapter.readEventError(frame),
  });
  const usage = new UsageAccumulator();
  const parts: PumpParts = {
    gate,
    usage,
    translator: tier.adapter.createStreamTranslator(exchange),
    redact: client.redact,
  };
  const pump = tier.adapter.anthropicWire ? new WirePump(parts) : new TranslatingPump(parts);
  /** Writes now; false when the client's socket is full. */
  const send = (out: Outgoing): boolean => {
    if (out.length === 0) return true;
    // The gate lets nothing out before content: the first pieces written are the answer reaching the client.
    client.onContent?.();
    return client.sse.sendPieces(out);
  };
  try {
    await eachRead(body, (chunk) => {
      const flowing = send(pump.push(chunk));
      return gate.failure ? 'stop' : flowing ? 'more' : client.sse.drained();
    });
    if (!gate.failure && !send(pump.end())) await client.sse.drained();
  } catch (error) {
    if (client.signal.aborted || isAbort(error)) return { kind: 'aborted' };
    const out: Outgoing = [];
    emit(gate.interrupt(toUpstreamError(error)), parts, out);
    if (!send(out)) await client.sse.drained();
  }
  if (!body.destroyed) body.destroy();
  const model = exchange.upstreamModel;
  if (!gate.failure) {
    client.sse.end();
    return { kind: 'served', usage, model, ttfbMs };
  }
  if (!gate.committed) return { kind: 'failed', error: gate.failure, ttfbMs };
  client.sse.end();
  return { kind: 'broken', error: gate.failure, usage, model, ttfbMs };
}

/**
 * Hands the upstream body to `onChunk` as `read()` returns it — everything buffered at once, so a busy proxy
 * writes fewer, larger pieces — from 'readable' events, without the promise and microtask turns per chunk of
 * `for await`. While `onChunk`'s promise (the client's socket draining) is pending, nothing more is read.
 * Resolves at the end or on 'stop'; rejects as `for await` would (the body's error, or a premature close).
 */
function eachRead(
  body: Readable,
  onChunk: (chunk: Buffer) => 'more' | 'stop' | Promise<void>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let waiting = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      body.off('readable', readAll);
      stopWatching();
      if (error) reject(error);
      else resolve();
    };
    function readAll(): void {
      if (waiting) return;
      for (let chunk = body.read() as Buffer | null; chunk !== null && !settled; chunk = body.read()) {
        let next: ReturnType<typeof onChunk>;
        try {
          next = onChunk(chunk);
        } catch (error) {
          settle(error);
          return;
        }
        if (next === 'stop') {
          settle();
          return;
        }
        if (next !== 'more') {
          waiting = true;
          void next.then(() => {
            waiting = false;
            if (!settled) readAll();
          });
          return;
        }
      }
    }
    const stopWatching = finished(body, (error) => settle(error));
    body.on('readable', readAll);
  });
}
