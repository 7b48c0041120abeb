// OpenAI-style error answers → our UpstreamError data, with the body re-written in Anthropic's error shape so the
// router can hand it to Claude Code unchanged. Vendors disagree on the shape: OpenAI `{error:{message,type,code}}`,
// OpenRouter `{error:{code:429,message}}`, Ollama `{error:"text"}`, Gemini's compat layer `[{error:{…}}]`,
// FastAPI servers `{detail}`, proxies in front of them plain text or HTML.
import { errorTypeForStatus } from '../error-types.ts';
import { verdictFromWords } from '../vendor-verdict.ts';
import { type ErrorType, errorBody } from '../../../../src-shared/anthropic.ts';
import type { UpstreamError } from '../../common/upstream-error.ts';
import { parseRetryAfterMs } from '../../resilience/retry-after.ts';

/** Vendor messages are shown in Claude Code and stored in the ledger: keep an HTML error page from flooding both. */
const MAX_MESSAGE_CHARS = 1000;

export interface VendorErrorDetails {
  message: string | undefined;
  type: string | undefined;
  code: string | number | undefined;
}

/** Pulls message/type/code out of whatever error object a vendor sent (body or stream chunk). */
export function vendorErrorDetails(value: unknown): VendorErrorDetails {
  const root = Array.isArray(value) ? value[0] : value;
  if (typeof root === 'string') return { message: root, type: undefined, code: undefined };
  if (!isRecord(root)) return { message: undefined, type: undefined, code: undefined };
  const error = root.error ?? root;
  if (typeof error === 'string') return { message: error, type: undefined, code: undefined };
  if (!isRecord(error)) return { message: undefined, type: undefined, code: undefined };
  const message = firstString(error.message, error.detail, error.msg, error.error_msg);
  const code = typeof error.code === 'string' || typeof error.code === 'number' ? error.code : undefined;
  const type = firstString(error.type, error.status);
  return { message, type, code };
}

/**
 * An Anthropic error type for a vendor error seen inside a 200 stream, where there is no HTTP status to go by.
 * Anthropic type names pass through (some gateways already speak them); OpenAI names are translated.
 */
export function anthropicErrorTypeForDetails(details: VendorErrorDetails): ErrorType | string {
  if (typeof details.code === 'number' && details.code >= 400 && details.code < 600) {
    return errorTypeForStatus(details.code);
  }
  const words = `${details.type ?? ''} ${details.code ?? ''}`.toLowerCase();
  if (/rate_limit|insufficient_quota|quota_exceeded|resource_exhausted|too_many_requests/.test(words))
    return 'rate_limit_error';
  if (/overloaded|unavailable/.test(words)) return 'overloaded_error';
  if (/model_not_found/.test(words)) return 'not_found_error';
  if (/invalid_request|context_length|bad_request|model_not_supported|unsupported_api_for_model/.test(words))
    return 'invalid_request_error';
  if (/authentication|invalid_api_key|unauthorized/.test(words)) return 'authentication_error';
  if (/permission|forbidden/.test(words)) return 'permission_error';
  return 'api_error';
}

export function readOpenAIError(
  status: number,
  bodyText: string,
  headers: Record<string, string>,
  now: number = Date.now(),
): UpstreamError {
  const json = parseJson(bodyText);
  const details = vendorErrorDetails(json ?? bodyText.trim());
  const type = errorTypeForStatus(status);
  const raw = bodyText.trim();
  const fallback = json === undefined ? raw : `HTTP ${status} from the vendor: ${raw}`;
  let message = truncate(details.message?.trim() || fallback || `HTTP ${status} from the vendor`);
  if (isContextOverflow(details, message) && !/^prompt is too long/i.test(message)) {
    // Claude Code compacts the conversation when it reads Anthropic's "prompt is too long" wording.
    message = `prompt is too long: ${message}`;
  }
  const retryAfterMs = parseRetryAfterMs(headers, now);
  const retryAfterHeader = header(headers, 'retry-after');
  const error: UpstreamError = {
    kind: 'http',
    status,
    type,
    message,
    retryAfterMs,
    body: JSON.stringify(errorBody(type, message)),
    headers: retryAfterHeader === undefined ? {} : { 'retry-after': retryAfterHeader },
  };
  if (status === 401) error.signInNeeded = true;
  // insufficient_quota vs rate_limit_exceeded, 402 quota_exceeded, 404 / model_not_supported / too long…
  const verdict = verdictFromWords(status, `${details.type ?? ''} ${details.code ?? ''} ${message}`);
  if (verdict) error.verdict = verdict;
  return error;
}

function isContextOverflow(details: VendorErrorDetails, message: string): boolean {
  if (details.code === 'context_length_exceeded') return true;
  return /maximum context length|context length exceeded|context window|too many tokens/i.test(message);
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value.length > 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
