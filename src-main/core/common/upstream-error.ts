// Upstream failures as data. The failover predicate, the breaker, the ledger and the UI all read this union;
// nobody else compares error message strings.

export type UpstreamError =
  | {
      kind: 'http';
      status: number;
      /** Anthropic-style error type when the vendor gave one (or we mapped one). */
      type: string | undefined;
      message: string;
      /** Milliseconds until the vendor says it will accept requests again (retry-after / reset headers). */
      retryAfterMs: number | undefined;
      /** The vendor's body, already in Anthropic error shape, to hand to the client unchanged. */
      body: string;
      /** Headers worth forwarding to the client (retry-after, x-should-retry, anthropic-ratelimit-*). */
      headers: Record<string, string>;
      /** The vendor's credentials were rejected (or need a new sign-in): surfaced on the tier, not retried. */
      signInNeeded?: boolean;
    }
  | { kind: 'network'; code: string; message: string }
  | { kind: 'timeout'; phase: 'connect' | 'first-byte' | 'idle'; message: string }
  | { kind: 'stream'; afterContent: boolean; type: string | undefined; message: string }
  | { kind: 'auth'; message: string; signInNeeded: boolean };

export function describeUpstreamError(error: UpstreamError): string {
  switch (error.kind) {
    case 'http':
      return `HTTP ${error.status}${error.type ? ` ${error.type}` : ''}: ${error.message}`;
    case 'network':
      return `network error ${error.code}: ${error.message}`;
    case 'timeout':
      return `timeout (${error.phase}): ${error.message}`;
    case 'stream':
      return `stream ${error.afterContent ? 'broke after content' : 'failed before content'}: ${error.message}`;
    case 'auth':
      return `credentials: ${error.message}`;
  }
}

/** Short class name stored in the ledger's `error` column. */
export function errorClass(error: UpstreamError): string {
  switch (error.kind) {
    case 'http':
      return error.type ? `http_${error.status}:${error.type}` : `http_${error.status}`;
    case 'network':
      return `network:${error.code}`;
    case 'timeout':
      return `timeout:${error.phase}`;
    case 'stream':
      return error.type ? `stream:${error.type}` : 'stream';
    case 'auth':
      return error.signInNeeded ? 'auth:sign_in_needed' : 'auth';
  }
}

/** Vendors and credential helpers throw `UpstreamError` data; anything else thrown is an exception. */
export function isUpstreamError(value: unknown): value is UpstreamError {
  return typeof value === 'object' && value !== null && 'kind' in value && typeof value.kind === 'string';
}
