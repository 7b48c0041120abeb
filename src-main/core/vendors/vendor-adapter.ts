// What every vendor kind provides. A vendor folder (`vendors/<kind>/`) holds pure request/response/stream
// transforms plus, where the vendor needs it, credential handling; the router owns HTTP, timeouts, failover.
import type { IncomingHttpHeaders } from 'node:http';
import type { MessagesRequest, MessagesResponse } from '../../../src-shared/anthropic.ts';
import type { VendorConfig, VendorKind } from '../../../src-shared/config-schema.ts';
import type { SignInNeed } from '../../../src-shared/contract.ts';
import type { SecretStore } from '../common/secret-store.ts';
import type { SseFrame } from '../sse/sse-frame.ts';
import type { UpstreamError, VendorVerdict } from '../common/upstream-error.ts';
import type { ModelCatalogue } from './model-catalogue.ts';

export interface PrepareContext {
  stream: boolean;
  /** Headers the client sent (lower-case keys). Adapters decide which may travel upstream. */
  clientHeaders: IncomingHttpHeaders;
  /** Query string of the client's request including `?`, or ''. Anthropic upstreams keep it (`?beta=true`). */
  query: string;
  signal: AbortSignal;
  /** The client's body text, present only when the request object is exactly what the client sent. */
  rawBody?: string;
}

export interface UpstreamCall {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Model name as sent upstream (the ledger's "served" model when the vendor does not report one). */
  model: string;
}

export interface ExchangeContext {
  requestedModel: string;
  upstreamModel: string;
  /** The request as the vendor saw it (after hygiene), for translators that need tool names etc. */
  request: MessagesRequest;
}

/**
 * A vendor failure read from a stream event: its Anthropic error type when known, the vendor's words, and the
 * verdict the vendor's own error reader gives the same error on an HTTP status (with the delay it stated).
 */
export interface StreamErrorInfo {
  type: string | undefined;
  message: string;
  verdict?: VendorVerdict;
  retryAfterMs?: number;
}

/**
 * Turns a vendor's stream into Anthropic SSE frames. `push` gets one parsed upstream SSE frame at a time;
 * `end` is called once when the upstream body ends normally and may return closing frames.
 * A translator signals a vendor failure by returning an Anthropic `error` frame (the router decides whether
 * that fails over: before content it does, after content it ends the client's stream).
 */
export interface StreamTranslator {
  push(frame: SseFrame): SseFrame[];
  end(): SseFrame[];
}

export interface VendorAdapter {
  readonly config: VendorConfig;
  readonly kind: VendorKind;
  /** True when the upstream speaks Anthropic Messages (frames are relayed as they come). */
  readonly anthropicWire: boolean;
  /** True when the tier authenticates with the client's own Anthropic credentials (plain `anthropic` kind). */
  readonly usesClientCredentials: boolean;
  mapModel(requested: string): string;
  prepare(request: MessagesRequest, ctx: PrepareContext): Promise<UpstreamCall>;
  parseResponse(body: unknown, ctx: ExchangeContext): MessagesResponse;
  createStreamTranslator(ctx: ExchangeContext): StreamTranslator;
  /**
   * Reads a non-2xx answer (or a 200 carrying an error body) into our error data. Each kind knows its own shape
   * (e.g. Gemini's RESOURCE_EXHAUSTED with RetryInfo, OpenAI's `{error:{code}}`).
   */
  readError(status: number, bodyText: string, headers: Record<string, string>): UpstreamError;
  /**
   * A 2xx answer that is really an error (some gateways answer 200 `{error}`); else undefined. `body` is the
   * parsed JSON, or undefined when the answer is not JSON at all.
   */
  readAnswerError(
    body: unknown,
    bodyText: string,
    headers: Record<string, string>,
  ): UpstreamError | undefined;
  /** A frame out of this adapter's stream translator that reports a vendor failure; else undefined. */
  readEventError(frame: SseFrame): StreamErrorInfo | undefined;
  /** The vendor rejects Anthropic `cache_control` markers: they are stripped before `prepare`. */
  readonly dropCacheControl: boolean;
  /**
   * True for a thinking-block signature this vendor kind minted. An Anthropic tier receiving a history of unknown
   * origin drops thinking blocks another vendor claims (Anthropic rejects signatures it did not issue).
   */
  ownsSignature?(signature: string): boolean;
  /** After a 401: refresh short-lived credentials. True means "try this tier once more". */
  refreshCredentials?(): Promise<boolean>;
  /** Anthropic-format count_tokens when the vendor has it; otherwise the router estimates. */
  countTokensCall?(request: MessagesRequest, ctx: PrepareContext): Promise<UpstreamCall | undefined>;
  /** `undefined` when fine; a sentence for the UI when the user must sign in again. */
  credentialProblem?(): string | undefined;
  /** Vendors signed in through a browser: which sign-in would fix the current problem, and why (else undefined). */
  signInNeed?(): SignInNeed | undefined;
  /** The vendor's own list of offered models, where it publishes one (read in the background, cached). */
  readonly modelCatalogue?: ModelCatalogue;
  /**
   * Input tokens the upstream model accepts: from the vendor's model list, else as documented in the presets;
   * undefined when unknown. The router skips tiers whose window is too small for a prompt.
   */
  contextWindow?(upstreamModel: string): number | undefined;
  /** Releases what the adapter holds beyond a request (timers, background work). Called once at shutdown. */
  close?(): Promise<void>;
  /**
   * Vendors served by several equivalent hosts (Antigravity's Cloud Code endpoints): sends `call` with the
   * router's `send`, moving to another host after a failure of the host itself, all before any byte reaches the
   * client. Returns the answer to relay (a 4xx the router reads as usual), or throws the failure that ends the
   * attempt (an `UpstreamError`, or what `send` threw). Without it the router sends `call` once.
   */
  exchange?<Answer extends VendorAnswer>(
    call: UpstreamCall,
    send: (call: UpstreamCall) => Promise<Answer>,
  ): Promise<Answer>;
}

/** What `exchange` sees of an HTTP answer (the router's own response object, unread). */
export interface VendorAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
}

export type VendorFactory = (config: VendorConfig, services: VendorServices) => VendorAdapter;

/** Shared services handed to vendor factories (secret store, HTTP for token exchanges, clock). */
export interface VendorServices {
  now(): number;
  secrets: SecretStore;
  /** Tells the user something about a tier (a `vendor-notice` event: event log, dashboard card). */
  notice?(tier: string, message: string): void;
}
