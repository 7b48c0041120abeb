// Google's error body `{"error":{"code","message","status","details"}}` → our UpstreamError, with the body
// rewritten as Anthropic error JSON for Claude Code (upstream wording kept, as the gateway protocol asks).
import { errorTypeForStatus } from '../error-types.ts';
import { errorBody } from '../../../../src-shared/anthropic.ts';
import type { UpstreamError, VendorVerdict } from '../../common/upstream-error.ts';
import { parseRetryAfterMs } from '../../resilience/retry-after.ts';
import type { GeminiErrorObject } from './gemini-types.ts';
import { unwrapGeminiBody } from './gemini-types.ts';
import { verdict as makeVerdict, verdictFromWords } from '../vendor-verdict.ts';
import { resourceExhaustedVerdict } from './quota-signals.ts';

type HttpError = Extract<UpstreamError, { kind: 'http' }>;

const BY_STATUS: Record<string, { status: number; type: string }> = {
  RESOURCE_EXHAUSTED: { status: 429, type: 'rate_limit_error' },
  UNAVAILABLE: { status: 503, type: 'overloaded_error' },
  UNAUTHENTICATED: { status: 401, type: 'authentication_error' },
  PERMISSION_DENIED: { status: 403, type: 'permission_error' },
  INVALID_ARGUMENT: { status: 400, type: 'invalid_request_error' },
  FAILED_PRECONDITION: { status: 400, type: 'invalid_request_error' },
  OUT_OF_RANGE: { status: 400, type: 'invalid_request_error' },
  NOT_FOUND: { status: 404, type: 'not_found_error' },
  DEADLINE_EXCEEDED: { status: 504, type: 'timeout_error' },
  INTERNAL: { status: 500, type: 'api_error' },
  UNKNOWN: { status: 500, type: 'api_error' },
};

/** ErrorInfo reasons that mean "these credentials will not work until the user acts". */
const CREDENTIAL_REASONS = new Set([
  'API_KEY_INVALID',
  'API_KEY_EXPIRED',
  'ACCESS_TOKEN_EXPIRED',
  'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
  'CREDENTIALS_MISSING',
  'ACCESS_TOKEN_TYPE_UNSUPPORTED',
]);

function detailsOf(error: GeminiErrorObject): Array<Record<string, unknown>> {
  return (Array.isArray(error.details) ? error.details : []).filter(
    (detail): detail is Record<string, unknown> => typeof detail === 'object' && detail !== null,
  );
}

/** Google's Duration JSON: "12s", "1.5s", "0.250s". */
function parseDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match?.[1] ? Math.round(Number(match[1]) * 1000) : undefined;
}

function retryAfterFromDetails(error: GeminiErrorObject): number | undefined {
  for (const detail of detailsOf(error)) {
    if (String(detail['@type']).endsWith('google.rpc.RetryInfo')) {
      const ms = parseDurationMs(detail.retryDelay);
      if (ms !== undefined) return ms;
    }
  }
  return undefined;
}

function errorInfoReasons(error: GeminiErrorObject): string[] {
  return detailsOf(error)
    .filter((detail) => String(detail['@type']).endsWith('google.rpc.ErrorInfo'))
    .map((detail) => String(detail.reason ?? ''));
}

export function readGeminiErrorObject(
  error: GeminiErrorObject,
  httpStatus: number,
  headers: Record<string, string>,
  now: number = Date.now(),
): HttpError {
  const mapped = typeof error.status === 'string' ? BY_STATUS[error.status] : undefined;
  const fallbackStatus = httpStatus >= 400 ? httpStatus : typeof error.code === 'number' ? error.code : 500;
  let status = mapped?.status ?? fallbackStatus;
  let type = mapped?.type ?? errorTypeForStatus(status);
  let message = typeof error.message === 'string' && error.message !== '' ? error.message : `HTTP ${status}`;
  const reasons = errorInfoReasons(error);
  const credentialReason = reasons.some((reason) => CREDENTIAL_REASONS.has(reason));
  let signInNeeded = status === 401 || credentialReason;
  if (credentialReason && status === 400) {
    // An invalid API key arrives as 400 INVALID_ARGUMENT; it is an authentication problem, not a bad request.
    status = 401;
    type = 'authentication_error';
  }
  if (status === 403 && !signInNeeded) {
    signInNeeded = /api key|credential|scope|access token/i.test(message) && !/quota|billing/i.test(message);
  }
  let retryAfterMs =
    status === 429 || status === 503
      ? (retryAfterFromDetails(error) ?? parseRetryAfterMs(headers))
      : undefined;
  let verdict: VendorVerdict | undefined;
  if (status === 429) ({ verdict, retryAfterMs } = resourceExhaustedVerdict(error, retryAfterMs, now));
  else if (error.status === 'NOT_FOUND' || status === 404)
    verdict = makeVerdict('cannot-serve', 'model not found');
  else if (!signInNeeded) verdict = verdictFromWords(status, `${error.status ?? ''} ${message}`);
  if (verdict?.promptTooLong && !/^prompt is too long/i.test(message)) {
    // Claude Code compacts the conversation when it reads Anthropic's "prompt is too long" wording.
    message = `prompt is too long: ${message}`;
  }
  const forwarded: Record<string, string> = {};
  if (retryAfterMs !== undefined) forwarded['retry-after'] = String(Math.ceil(retryAfterMs / 1000));
  const result: HttpError = {
    kind: 'http',
    status,
    type,
    message,
    retryAfterMs,
    body: JSON.stringify(errorBody(type, message)),
    headers: forwarded,
  };
  if (signInNeeded) result.signInNeeded = true;
  if (verdict) result.verdict = verdict;
  return result;
}

export function readGeminiError(
  status: number,
  bodyText: string,
  headers: Record<string, string>,
  now: number = Date.now(),
): UpstreamError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  const unwrapped = unwrapGeminiBody(parsed);
  if (unwrapped.kind === 'error') return readGeminiErrorObject(unwrapped.error, status, headers, now);
  const text = bodyText.trim().slice(0, 500);
  return readGeminiErrorObject({ code: status, message: text || `HTTP ${status}` }, status, headers, now);
}
