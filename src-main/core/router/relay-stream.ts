import { SseParser } from '../sse/sse-parser.ts';
import type { SseFrame } from '../sse/sse-frame.ts';
import type { ExchangeContext } from '../vendors/vendor-adapter.ts';
import type { AttemptOutcome } from './attempt-outcome.ts';
import type { ClientSide } from './client-request.ts';
import { type GateStep, PreContentGate } from './pre-content-gate.ts';
import type { Tier } from './tier.ts';
import { type UpstreamResponse, isAbort, toUpstreamError } from './upstream-client.ts';
import { UsageAccumulator } from './usage-accumulator.ts';

/**
 * Relays a vendor's event stream to a streaming client: parse, translate to Anthropic frames, pass through the
 * pre-content gate, write what the gate lets out (with backpressure) and read usage from it on the way.
 */
/** An `error` event (the vendor's, or ours naming its failure) may quote a secret; content events pass as sent. */
function redactError(frame: SseFrame, client: ClientSide): SseFrame {
  if (frame.event !== 'error' || !client.redact) return frame;
  return { ...frame, data: client.redact(frame.data) };
}

export async function relayStream(
  tier: Tier,
  body: UpstreamResponse['body'],
  exchange: ExchangeContext,
  client: ClientSide,
  ttfbMs: number,
): Promise<AttemptOutcome> {
  const parser = new SseParser();
  const translator = tier.adapter.createStreamTranslator(exchange);
  const gate = new PreContentGate({
    tierName: tier.name,
    readEventError: (frame) => tier.adapter.readEventError(frame),
  });
  const usage = new UsageAccumulator();
  const forward = async (step: GateStep) => {
    if (step.write.length === 0) return;
    // The gate lets nothing out before content: the first frames written are the answer reaching the client.
    client.onContent?.();
    for (const frame of step.write) usage.observe(frame);
    await client.sse.write(
      client.redact ? step.write.map((frame) => redactError(frame, client)) : step.write,
    );
  };
  try {
    for await (const chunk of body) {
      const frames: SseFrame[] = [];
      for (const frame of parser.push(chunk)) frames.push(...translator.push(frame));
      await forward(gate.push(frames));
      if (gate.failure) break;
    }
    if (!gate.failure) {
      const frames: SseFrame[] = [];
      for (const frame of parser.end()) frames.push(...translator.push(frame));
      frames.push(...translator.end());
      await forward(gate.push(frames));
      await forward(gate.end());
    }
  } catch (error) {
    if (client.signal.aborted || isAbort(error)) return { kind: 'aborted' };
    await forward(gate.interrupt(toUpstreamError(error)));
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
