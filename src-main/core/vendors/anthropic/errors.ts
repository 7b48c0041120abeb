import type { UpstreamError } from '../../common/upstream-error.ts';
import { parseRetryAfterMs } from '../../resilience/retry-after.ts';
import { errorTypeForStatus } from '../error-types.ts';
import { clientVisibleHeaders } from '../http-headers.ts';
import { errorEventInfo } from '../error-shapes.ts';
import type { SseFrame } from '../../sse/sse-frame.ts';
import type { StreamErrorInfo } from '../vendor-adapter.ts';

interface LooseErrorBody {
  type?: unknown;
  message?: unknown;
  error?: { type?: unknown; message?: unknown; code?: unknown } | string;
}

/**
 * Reads an error answer from an Anthropic-format vendor. A well-formed Anthropic error body is forwarded to the
 * client unchanged (Claude Code matches the wording to auto-recover); anything else (Zhipu's `{error:{code}}`,
 * plain text, HTML from a gateway) is wrapped into the Anthropic shape with the vendor's words kept.
 */
export function readAnthropicError(
  status: number,
  bodyText: string,
  headers: Record<string, string>,
  vendorName: string,
): UpstreamError {
  let parsed: LooseErrorBody | undefined;
  try {
    const value: unknown = JSON.parse(bodyText);
    if (value && typeof value === 'object') parsed = value as LooseErrorBody;
  } catch {
    parsed = undefined;
  }
  const inner = typeof parsed?.error === 'object' ? parsed.error : undefined;
  const vendorType = typeof inner?.type === 'string' ? inner.type : undefined;
  const vendorMessage =
    (typeof inner?.message === 'string' && inner.message) ||
    (typeof parsed?.error === 'string' && parsed.error) ||
    (typeof parsed?.message === 'string' && parsed.message) ||
    bodyText.replace(/\s+/g, ' ').trim().slice(0, 300) ||
    `HTTP ${status} with an empty body`;
  const type = vendorType ?? errorTypeForStatus(status);
  const wellFormed = parsed?.type === 'error' && vendorType !== undefined;
  const body = wellFormed
    ? bodyText
    : JSON.stringify({ type: 'error', error: { type, message: `${vendorName}: ${vendorMessage}` } });
  return {
    kind: 'http',
    status,
    type,
    message: vendorMessage,
    retryAfterMs: parseRetryAfterMs(headers),
    body,
    headers: clientVisibleHeaders(headers),
  };
}

/**
 * An error inside an Anthropic-format stream. Some compatible vendors send it without the `event: error` line,
 * as a bare `data: {"type":"error",…}`.
 */
export function readAnthropicWireEventError(frame: SseFrame): StreamErrorInfo | undefined {
  if (frame.event === 'error' || (frame.event === '' && frame.data.includes('"type":"error"')))
    return errorEventInfo(frame);
  return undefined;
}
