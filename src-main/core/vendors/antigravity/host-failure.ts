// Which failures belong to one Cloud Code host (another host may well serve the same request) and which belong to
// the account or the request (every host would answer the same: moving on only burns requests).
//
// Maintained clients differ. NoeFabris/opencode-antigravity-auth src/plugin.ts moves on after a network error,
// 403, 404 or any 5xx and never on a 429 (the account rotates instead); router-for-me/CLIProxyAPI
// (internal/runtime/executor/antigravity_executor_stream.go @a7e3596) moves on after a transport error, a 503
// "No capacity available" and also after a 429. We follow the first on 429s: Code Assist quotas and rate limits
// are per account and project (RESOURCE_EXHAUSTED with QUOTA_EXHAUSTED / RATE_LIMIT_EXCEEDED names the model and
// its reset, not a host), so the tier's own quota and breaker logic should read it at once.
import type { UpstreamError } from '../../common/upstream-error.ts';

/** The error code a thrown HTTP failure carries (undici puts socket codes on the error or on its cause). */
export function codeOf(error: unknown): string | undefined {
  const direct = (error as { code?: unknown } | undefined)?.code;
  if (typeof direct === 'string') return direct;
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

/**
 * A thrown `send`: refused, reset, unknown name, TLS failure, connect timeout → the host. Not an abort (the
 * client left), and not a first-byte or idle timeout: that host accepted the request and went quiet, and trying
 * the others would multiply the client's wait by the number of hosts; the tier fails over instead.
 */
export function hostThrew(error: unknown): boolean {
  if (error instanceof Error && error.name === 'AbortError') return false;
  const code = codeOf(error);
  return !(
    code === 'ABORT_ERR' ||
    code === 'UND_ERR_ABORTED' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  );
}

/**
 * An HTTP error status, read by the Gemini error reader: 5xx, 404 (the host lacks the route or the model) and
 * 403 (a host refusing the account) move on — unless the vendor's words say the credentials or the quota are
 * the problem, which no other host changes. 429, 400, 401 (the router refreshes the token), 413… stay.
 */
export function hostRefused(status: number, error: UpstreamError): boolean {
  if (error.kind === 'http' && error.signInNeeded) return false;
  const verdict = error.kind === 'http' || error.kind === 'stream' ? error.verdict : undefined;
  if (verdict?.kind === 'quota' || verdict?.kind === 'rate-limit') return false;
  return status >= 500 || status === 404 || status === 403;
}

/** A 2xx whose type is neither JSON nor an event stream: not a v1internal answer (the "no longer supported" text). */
export function foreignAnswer(headers: Record<string, string>): boolean {
  const type = (headers['content-type'] ?? '').toLowerCase();
  return !type.includes('json') && !type.includes('text/event-stream');
}

/** Reads at most `limit` bytes of a failing host's body as text (the rest is not read). */
export async function readSome(body: AsyncIterable<Uint8Array>, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    size += chunk.byteLength;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}
