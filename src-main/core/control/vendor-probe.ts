// The vendor form's Test button: one minimal real call through a vendor adapter — a tiny non-streaming message with
// the model the vendor maps a Claude request to — timed, and read the way the router reads answers. It goes around
// the router on purpose: no breaker, quota, ledger, failover or in-flight entry hears of it. What the vendor said
// comes back redacted, classified so the form can explain it in the UI's language.
import type { Agent } from 'undici';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import type { VendorTestFailure, VendorTestResult } from '../../../src-shared/contract.ts';
import { describeUpstreamError, isUpstreamError, type UpstreamError } from '../common/upstream-error.ts';
import {
  isAbort,
  readCapped,
  readLimited,
  sendUpstream,
  toUpstreamError,
} from '../router/upstream-client.ts';
import type { UpstreamCall, VendorAdapter } from '../vendors/vendor-adapter.ts';

/** Claude Code's main model family: what most of a user's requests are mapped from. */
export const PROBE_MODEL = 'claude-sonnet-4-5';
/** Small, but at the floor some APIs set (OpenAI's Responses API refuses fewer than 16 output tokens). */
const PROBE_MAX_TOKENS = 16;
/** A test should answer in human time even when the tier allows long first-byte waits. */
const PROBE_TIMEOUT_MS = 60_000;
const MAX_ANSWER_BYTES = 1024 * 1024;
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key'];

export interface ProbeOptions {
  agent: Agent;
  now: () => number;
  /** Masks every secret the proxy knows (a vendor may quote the key it was sent). */
  redact: (text: string) => string;
  /** Learns the credentials sent, so an echo of a key typed only into the form is masked too. */
  learnCredential: (headerValue: string) => void;
  model?: string;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

function classify(error: UpstreamError): VendorTestFailure {
  switch (error.kind) {
    case 'network':
      return UNREACHABLE_CODES.has(error.code) ? 'unreachable' : 'vendor-error';
    case 'timeout':
      return 'timeout';
    case 'auth':
      return 'credentials';
    case 'stream':
      return 'unreadable';
    case 'http':
      return error.status === 401 || error.signInNeeded ? 'credentials' : 'vendor-error';
  }
}

export async function probeVendor(adapter: VendorAdapter, options: ProbeOptions): Promise<VendorTestResult> {
  if (adapter.usesClientCredentials) {
    return {
      ok: false,
      reason: 'not-testable',
      message:
        "this tier has no apiKey: it relays Claude Code's own credentials, which only Claude Code's requests carry",
    };
  }
  const request: MessagesRequest = {
    model: options.model ?? PROBE_MODEL,
    max_tokens: PROBE_MAX_TOKENS,
    messages: [{ role: 'user', content: 'Reply with the word OK.' }],
  };
  const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  const timeoutMs = Math.min(adapter.config.timeoutMs, PROBE_TIMEOUT_MS);
  const started = options.now();
  const failed = (error: UpstreamError, status?: number): VendorTestResult => ({
    ok: false,
    reason: classify(error),
    ...(status !== undefined ? { status } : {}),
    message: options.redact(describeUpstreamError(error)),
    latencyMs: options.now() - started,
  });
  let refreshed = false;
  for (;;) {
    let call: UpstreamCall;
    try {
      call = await adapter.prepare(request, { stream: false, clientHeaders: {}, query: '', signal });
    } catch (error) {
      if (isUpstreamError(error)) return failed(error);
      return failed(toUpstreamError(error));
    }
    for (const [name, value] of Object.entries(call.headers))
      if (CREDENTIAL_HEADERS.includes(name.toLowerCase())) options.learnCredential(value);
    let response: Awaited<ReturnType<typeof sendUpstream>>;
    try {
      response = await sendUpstream({
        agent: options.agent,
        url: call.url,
        headers: call.headers,
        body: call.body,
        signal,
        firstByteTimeoutMs: timeoutMs,
        idleTimeoutMs: timeoutMs,
      });
    } catch (error) {
      if (isAbort(error) || signal.aborted)
        return failed({
          kind: 'timeout',
          phase: 'first-byte',
          message: `no answer in ${timeoutMs / 1000} s`,
        });
      return failed(toUpstreamError(error));
    }
    if (response.status >= 400) {
      const text = await readCapped(response.body).catch(() => '');
      const error = adapter.readError(response.status, text, response.headers);
      if (response.status === 401 && !refreshed && adapter.refreshCredentials) {
        refreshed = true;
        if (await adapter.refreshCredentials().catch(() => false)) continue;
      }
      return failed(error, response.status);
    }
    return readAnswer(adapter, request, call, response, { failed, started, now: options.now });
  }
}

async function readAnswer(
  adapter: VendorAdapter,
  request: MessagesRequest,
  call: UpstreamCall,
  response: Awaited<ReturnType<typeof sendUpstream>>,
  context: {
    failed: (error: UpstreamError, status?: number) => VendorTestResult;
    started: number;
    now: () => number;
  },
): Promise<VendorTestResult> {
  const unreadable = (message: string): UpstreamError => ({
    kind: 'stream',
    afterContent: false,
    type: 'api_error',
    message,
  });
  let text: string | undefined;
  try {
    text = await readLimited(response.body, MAX_ANSWER_BYTES);
  } catch (error) {
    return context.failed(toUpstreamError(error));
  }
  if (text === undefined)
    return context.failed(unreadable('the answer is larger than 1 MB'), response.status);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const vendorError = adapter.readAnswerError(undefined, text, response.headers);
    return context.failed(
      vendorError ?? unreadable(`HTTP ${response.status}, but not a JSON answer: ${text.slice(0, 120)}`),
      response.status,
    );
  }
  const vendorError = adapter.readAnswerError(parsed, text, response.headers);
  if (vendorError) return context.failed(vendorError, response.status);
  try {
    const message = adapter.parseResponse(parsed, {
      requestedModel: request.model,
      upstreamModel: call.model,
      request,
    });
    return { ok: true, latencyMs: context.now() - context.started, model: message.model || call.model };
  } catch (error) {
    if (isUpstreamError(error)) return context.failed(error, response.status);
    return context.failed(unreadable(`unreadable answer: ${(error as Error).message}`), response.status);
  }
}
