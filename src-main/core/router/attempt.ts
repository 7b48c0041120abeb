import { errorBody } from '../../../src-shared/anthropic.ts';
import { type UpstreamError, isUpstreamError } from '../common/upstream-error.ts';
import type { Redactor } from '../security/redactor.ts';
import type { ExchangeContext, UpstreamCall } from '../vendors/vendor-adapter.ts';
import type { AttemptOutcome } from './attempt-outcome.ts';
import type { ClientRequest, ClientSide } from './client-request.ts';
import { relayStream } from './relay-stream.ts';
import { relayWhole } from './relay-whole.ts';
import { type HistoryOrigin, applyHygiene, hygieneFor } from './request-hygiene.ts';
import type { Tier } from './tier.ts';
import {
  type UpstreamResponse,
  isAbort,
  readCapped,
  sendUpstream,
  toUpstreamError,
} from './upstream-client.ts';
import type { UpstreamPools } from './upstream-pools.ts';

export interface AttemptDeps {
  pools: UpstreamPools;
  now: () => number;
  origin: HistoryOrigin;
  /** Learns every credential sent upstream (minted tokens too), so an echo of it is redacted. */
  redactor?: Pick<Redactor, 'addHeaderValue'>;
}

const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key'];

/**
 * One attempt at one tier: clean the request for it, let its adapter prepare the call, exchange it (refreshing
 * credentials once after a 401), and relay the answer. Never throws: every ending is an `AttemptOutcome`.
 */
export async function runAttempt(
  tier: Tier,
  request: ClientRequest,
  client: ClientSide,
  deps: AttemptDeps,
): Promise<AttemptOutcome> {
  const { adapter } = tier;
  const { signal } = client;
  const body = applyHygiene(request.body, hygieneFor(request.body, tier, deps.origin));
  const attemptStart = deps.now();
  let ttfbMs: number | null = null;
  let refreshed = false;
  for (;;) {
    let call: UpstreamCall;
    try {
      call = await adapter.prepare(body, {
        stream: client.stream,
        clientHeaders: request.headers,
        query: request.query,
        signal,
        ...(body === request.body && request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
      });
    } catch (error) {
      if (signal.aborted) return { kind: 'aborted' };
      return preparationFailed(error, tier.name, ttfbMs);
    }
    if (deps.redactor) {
      for (const [name, value] of Object.entries(call.headers))
        if (CREDENTIAL_HEADERS.includes(name.toLowerCase())) deps.redactor.addHeaderValue(value);
    }
    const send = (sent: UpstreamCall): Promise<UpstreamResponse> =>
      sendUpstream({
        agent: deps.pools.agentFor(tier),
        url: sent.url,
        headers: sent.headers,
        // The client's own bytes when the adapter relays its body unchanged (no second UTF-8 encoding).
        body: sent.body === request.rawBody && request.rawBytes ? request.rawBytes : sent.body,
        signal,
        firstByteTimeoutMs: adapter.config.timeoutMs,
        idleTimeoutMs: adapter.config.idleTimeoutMs ?? adapter.config.timeoutMs,
      });
    let response: UpstreamResponse;
    try {
      // A vendor with several hosts switches among them here, before the answer is relayed (Antigravity).
      response = adapter.exchange ? await adapter.exchange(call, send) : await send(call);
    } catch (error) {
      if (signal.aborted || isAbort(error)) return { kind: 'aborted' };
      return { kind: 'failed', error: toUpstreamError(error), ttfbMs };
    }
    ttfbMs = deps.now() - attemptStart;
    if (response.status >= 400) {
      let text: string;
      try {
        text = await readCapped(response.body);
      } catch {
        if (signal.aborted) return { kind: 'aborted' };
        // The status alone still says what happened; a body cut short is not worth a different outcome.
        text = '';
      }
      const error = adapter.readError(response.status, text, response.headers);
      if (response.status === 401 && !refreshed && adapter.refreshCredentials) {
        refreshed = true;
        if (await adapter.refreshCredentials().catch(() => false)) continue;
      }
      return { kind: 'failed', error, ttfbMs };
    }
    const exchange: ExchangeContext = {
      requestedModel: request.body.model,
      upstreamModel: call.model,
      request: body,
    };
    const isEventStream = (response.headers['content-type'] ?? '').includes('text/event-stream');
    if (client.stream && isEventStream) return relayStream(tier, response.body, exchange, client, ttfbMs);
    return relayWhole(tier, response, exchange, client, ttfbMs);
  }
}

/**
 * `prepare` threw. Vendors throw `UpstreamError` data (missing key, failed sign-in refresh) and their credential
 * fetches fail with network codes: those are the tier's failures. Anything else is ours — a request we cannot
 * serialise (a `RangeError` from a deeply nested body) is the client's to fix (400), any other exception is a
 * proxy bug (500); neither says anything about the vendor, and every other tier would fail the same way.
 */
export function preparationFailed(error: unknown, tierName: string, ttfbMs: number | null): AttemptOutcome {
  if (isUpstreamError(error)) return { kind: 'failed', error, ttfbMs };
  const upstream: UpstreamError = toUpstreamError(error);
  if (upstream.kind !== 'network' || upstream.code !== 'UNKNOWN')
    return { kind: 'failed', error: upstream, ttfbMs };
  const detail = error instanceof Error ? error.message : String(error);
  const clientFault = error instanceof RangeError;
  const type = clientFault ? 'invalid_request_error' : 'api_error';
  const message = clientFault
    ? `The request cannot be prepared for the vendor (${detail}): is it nested too deeply or too large?`
    : `coding-proxy failed to prepare the request for tier "${tierName}": ${detail}`;
  if (!clientFault) console.error(`coding-proxy: preparing a request for ${tierName} failed:`, error);
  return {
    kind: 'unprepared',
    answer: { status: clientFault ? 400 : 500, body: JSON.stringify(errorBody(type, message)), headers: {} },
    errorClass: `proxy:${type}`,
    message,
  };
}
