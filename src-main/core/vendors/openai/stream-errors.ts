// An error a Chat Completions or Responses vendor sends inside a 200 stream (`{"error":{…}}` as the first data,
// `response.failed`, an `error` event) gets the verdict the same error object gets on an HTTP status: its type
// stands for the status there is not (`insufficient_quota` → 429 → quota, `model_not_supported` → 400 → cannot
// serve), the same reader judges it, and the delay it states in words ("try again in 20s") is the retry-after.
import { retryDelayInWords } from '../../resilience/retry-after.ts';
import { vendorErrorFrame, type VendorErrorFrame } from '../error-shapes.ts';
import { statusForErrorType } from '../error-types.ts';
import { verdictInStream } from '../vendor-verdict.ts';
import { anthropicErrorTypeForDetails, readOpenAIError, vendorErrorDetails } from './errors.ts';

/** `value`: the vendor's error container (`{error:{message,type,code}}`, or the error object itself). */
export function openAIStreamErrorFrame(value: unknown, fallbackMessage: string): VendorErrorFrame {
  const details = vendorErrorDetails(value);
  const type = anthropicErrorTypeForDetails(details);
  const numeric = typeof details.code === 'number' && details.code >= 400 && details.code < 600;
  const status = numeric ? Number(details.code) : statusForErrorType(type);
  // The HTTP reader's wording too: a context overflow reads "prompt is too long", which Claude Code compacts on.
  const message = details.message
    ? readOpenAIError(status, JSON.stringify(value), {}).message
    : fallbackMessage;
  const verdict = verdictInStream(status, `${details.type ?? ''} ${details.code ?? ''} ${message}`);
  const retryAfterMs = retryDelayInWords(message);
  return vendorErrorFrame({
    type,
    message,
    ...(verdict ? { verdict } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}
