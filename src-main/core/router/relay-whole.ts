import type { MessagesResponse } from '../../../src-shared/anthropic.ts';
import { type UpstreamError, isUpstreamError } from '../common/upstream-error.ts';
import { messageToFrames } from '../vendors/anthropic-sequence.ts';
import type { ExchangeContext } from '../vendors/vendor-adapter.ts';
import type { AttemptOutcome } from './attempt-outcome.ts';
import type { ClientSide } from './client-request.ts';
import type { Tier } from './tier.ts';
import { type UpstreamResponse, readLimited, toUpstreamError } from './upstream-client.ts';
import { UsageAccumulator } from './usage-accumulator.ts';

/** The largest non-streaming answer read from a vendor; beyond it the tier has failed (the next one is tried). */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * Relays a vendor's whole (non-streaming) answer: read it, let the adapter say whether it is an error in disguise,
 * convert it, and write it as JSON — or as an event sequence when the client asked for a stream.
 */
export async function relayWhole(
  tier: Tier,
  response: UpstreamResponse,
  exchange: ExchangeContext,
  client: ClientSide,
  ttfbMs: number,
): Promise<AttemptOutcome> {
  const failed = (error: UpstreamError): AttemptOutcome => ({ kind: 'failed', error, ttfbMs });
  let text: string | undefined;
  try {
    text = await readLimited(response.body, MAX_ANSWER_BYTES);
  } catch (error) {
    if (client.signal.aborted) return { kind: 'aborted' };
    return failed(toUpstreamError(error));
  }
  if (text === undefined) {
    if (!response.body.destroyed) response.body.destroy();
    return failed(unreadable(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`));
  }
  let message: MessagesResponse;
  try {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      // Not JSON at all: the vendor may still recognise it (Antigravity's plain-text "no longer supported").
      const vendorError = tier.adapter.readAnswerError(undefined, text, response.headers);
      if (vendorError) return failed(vendorError);
      throw error;
    }
    const vendorError = tier.adapter.readAnswerError(parsed, text, response.headers);
    if (vendorError) return failed(vendorError);
    message = tier.adapter.parseResponse(parsed, exchange);
  } catch (error) {
    if (isUpstreamError(error)) return failed(error);
    return failed(unreadable(`unreadable response: ${(error as Error).message}`));
  }
  const usage = new UsageAccumulator();
  usage.observeResponse(message);
  client.onContent?.();
  if (client.stream) {
    // The vendor ignored `stream: true`: replay the whole message as events so the client gets what it asked for.
    client.sse.end(messageToFrames(message));
  } else {
    // An Anthropic-format answer goes back byte for byte; a translated one is serialised once.
    const out = tier.adapter.anthropicWire ? text : JSON.stringify(message);
    client.res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(out),
    });
    client.res.end(out);
  }
  return { kind: 'served', usage, model: exchange.upstreamModel, ttfbMs };
}

function unreadable(message: string): UpstreamError {
  return { kind: 'stream', afterContent: false, type: 'api_error', message };
}
