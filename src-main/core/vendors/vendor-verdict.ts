// Words vendors use for "this tier cannot take this request", "your quota is gone", "slow down" and "your client
// is too old", for the error readers of every kind. Each reader first uses its vendor's structured codes (Google
// ErrorInfo reasons, OpenAI `code`, Anthropic headers) and falls back to these only for the words in a message.
// Sources per phrase: docs/vendors.md ("Quota and 'cannot serve' signals").
import type { VendorVerdict } from '../common/upstream-error.ts';

/** Copilot 466 / "model … not supported in this VS Code version" (ericc-ch/copilot-api#116, #189–191). */
const OUTDATED_CLIENT =
  /no longer supported|update (your )?client to a newer version|not supported in this vs ?code version|model_not_supported_in_version/i;

/** The model is not available on this endpoint or to this account (OpenAI, Copilot, Zhipu 1211, Gemini, Qwen). */
const MODEL_UNAVAILABLE =
  /model_not_found|model_not_supported|unsupported_api_for_model|\bmodel\b[^.\n]{0,100}\b(not found|does ?n[o']t exist|not exist|not supported|unsupported|not available|is not accessible|not accessible)|(unknown|invalid|unsupported) model|no such model|模型不存在|模型不支持/i;

/** The prompt does not fit this model's window (OpenAI, Copilot, Gemini, Anthropic wording). */
const PROMPT_TOO_LONG =
  /prompt is too long|maximum context length|context length exceeded|context_length_exceeded|model_max_prompt_tokens_exceeded|prompt token count of \d+ exceeds|input token count.{0,40}exceeds|exceeds the maximum number of tokens|too many (input )?tokens|input is too long|超过.{0,10}(上下文|最大长度)/i;

/** Quota or balance used up, not a short throttle (OpenAI insufficient_quota, Copilot quota_exceeded, Zhipu 1113). */
const QUOTA_GONE =
  /insufficient_quota|quota_exceeded|you have no quota|quota (has been |is )?exhausted|quota_exhausted|exceeded your [^.\n]{0,40}quota|usage (cap|limit) (reached|exceeded)|limit will reset at|spend(ing)? limit|credit balance is too low|insufficient (balance|credits)|余额不足|额度已用(完|尽)/i;

export const verdict = (kind: VendorVerdict['kind'], reason: string): VendorVerdict => ({ kind, reason });

/** The prompt does not fit this tier's window: another tier may take it, and the router knows it was the size. */
export const PROMPT_TOO_LONG_VERDICT: VendorVerdict = {
  kind: 'cannot-serve',
  reason: 'prompt too long for this tier',
  promptTooLong: true,
};

/** What a vendor's words say about the failure, when they say something the status does not. */
export function verdictFromWords(status: number, words: string): VendorVerdict | undefined {
  if (status === 466 || OUTDATED_CLIENT.test(words))
    return verdict('outdated-client', 'client version refused');
  if (status === 404) return verdict('cannot-serve', 'model or path not found');
  if (status === 400 || status === 422 || status === 413) {
    if (PROMPT_TOO_LONG.test(words)) return PROMPT_TOO_LONG_VERDICT;
    if (MODEL_UNAVAILABLE.test(words)) return verdict('cannot-serve', 'model not offered');
  }
  if (status === 402) return verdict('quota', 'quota or balance used up');
  if (status === 429 || status === 403) {
    if (QUOTA_GONE.test(words)) return verdict('quota', 'quota used up');
    if (status === 429) return verdict('rate-limit', 'rate limited');
  }
  return undefined;
}

/**
 * An error inside a 200 stream has no status: the caller passes the one its error type stands for
 * (`statusForErrorType`), and words of a spent quota mean a quota whatever that type says — MiniMax reports
 * "insufficient balance (1008)" as an `api_error`, Zhipu its 1113 under a type of its own.
 */
export function verdictInStream(status: number, words: string): VendorVerdict | undefined {
  return (
    verdictFromWords(status, words) ??
    (QUOTA_GONE.test(words) ? verdict('quota', 'quota used up') : undefined)
  );
}
