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
  try {
    for await (const chunk of body) {
      // Awaiting only a full socket: an await per chunk is a promise and a microtask turn per chunk.
      if (!client.sse.sendPieces(pump.push(chunk))) await client.sse.drained();
      if (gate.failure) break;
    }
    if (!gate.failure && !client.sse.sendPieces(pump.end())) await client.sse.drained();
  } catch (error) {
    if (client.signal.aborted || isAbort(error)) return { kind: 'aborted' };
    const out: Outgoing = [];
    emit(gate.interrupt(toUpstreamError(error)), parts, out);
    if (!client.sse.sendPieces(out)) await client.sse.drained();
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
