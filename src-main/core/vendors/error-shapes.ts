// How a vendor failure can hide inside a successful HTTP exchange, read in one place for every vendor kind:
// a 200 whose JSON body is an error object (some gateways answer that way), and an Anthropic `error` event in a
// stream (sent by Anthropic-format vendors, and by our translators when a converted vendor fails mid-stream).
import type { UpstreamError } from '../common/upstream-error.ts';
import type { SseFrame } from '../sse/sse-frame.ts';
import type { StreamErrorInfo } from './vendor-adapter.ts';

/** `{"type":"error",…}` or `{"error":…}` without any `content`: an error dressed as an answer. */
export function isErrorShapedAnswer(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const candidate = body as { type?: unknown; error?: unknown };
  return candidate.type === 'error' || (Boolean(candidate.error) && !('content' in candidate));
}

type ErrorReader = (status: number, bodyText: string, headers: Record<string, string>) => UpstreamError;

/** The `readAnswerError` hook for vendors whose 200 errors look like their non-200 ones: read as a 502. */
export function errorShapedAnswerReader(readError: ErrorReader) {
  return (body: unknown, bodyText: string, headers: Record<string, string>): UpstreamError | undefined =>
    isErrorShapedAnswer(body) ? readError(502, bodyText, headers) : undefined;
}

/**
 * The `error` frame a translator ends a failed stream with, carrying the vendor's reading of the failure for the
 * router (`readErrorEvent`). Only `event` and `data` are ever written to the client.
 */
export interface VendorErrorFrame extends SseFrame {
  readonly failure: StreamErrorInfo;
}

export function vendorErrorFrame(failure: StreamErrorInfo): VendorErrorFrame {
  const error = { type: failure.type ?? 'api_error', message: failure.message };
  return { event: 'error', data: JSON.stringify({ type: 'error', error }), failure };
}

/** The `readEventError` hook for translated streams: our translators end a failed stream with `event: error`. */
export function readErrorEvent(frame: SseFrame): StreamErrorInfo | undefined {
  if (frame.event !== 'error') return undefined;
  return 'failure' in frame ? (frame as VendorErrorFrame).failure : errorEventInfo(frame);
}

/** Type and message of an Anthropic error event (`{"type":"error","error":{type,message}}`), raw text otherwise. */
export function errorEventInfo(frame: SseFrame): StreamErrorInfo {
  let type: string | undefined;
  let message = frame.data.slice(0, 300);
  try {
    const parsed = JSON.parse(frame.data) as { error?: { type?: unknown; message?: unknown } };
    if (typeof parsed.error?.type === 'string') type = parsed.error.type;
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    // keep the raw text as the message
  }
  return { type, message };
}
