import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import type { SseWriter } from '../sse/sse-writer.ts';

/** One Messages request as the HTTP server hands it to the router. */
export interface ClientRequest {
  body: MessagesRequest;
  /** The body as the client sent it: relayed as-is when no tier-specific change was needed. */
  rawBody?: string;
  /** `rawBody` as the bytes received: sent upstream as they are when the adapter relays `rawBody` unchanged. */
  rawBytes?: Uint8Array;
  headers: IncomingHttpHeaders;
  query: string;
  requestKey: string;
  sessionKey: string;
  /** Set by the router when the ledger should store the session's title (issue 15). */
  sessionTitle?: string;
}

/** The client's side of one request while the router works on it: where answers go, and whether it left. */
export interface ClientSide {
  res: ServerResponse;
  /** The same response as an event stream (used only when `stream`, or to end a stream that pings started). */
  sse: SseWriter;
  /** The client asked for `stream: true`. */
  stream: boolean;
  /** Aborted when the client disconnects before its answer is complete. */
  signal: AbortSignal;
  /** Called as the answer's content starts reaching the client (its time to first byte; no failover after). */
  onContent?(): void;
  /** Masks the proxy's secrets in vendor text bound for the client (errors); identity when absent. */
  redact?: (text: string) => string;
}
