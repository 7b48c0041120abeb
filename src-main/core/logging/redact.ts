// Nothing secret reaches the log file: every line is passed through here before it is written. The configured
// secrets are replaced wherever they appear, and so is anything shaped like a credential (API keys, bearer
// tokens, OAuth tokens, `?key=` in URLs), since a vendor's error body or a URL can echo one back.
// (A small local redactor: the project had no shared one when logging was written.)

const MASK = '[redacted]';

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(sk-ant-[A-Za-z0-9_-]{4})[A-Za-z0-9_-]{8,}/g, `$1${MASK}`],
  [/\b(sk-[A-Za-z0-9]{2})[A-Za-z0-9_-]{18,}/g, `$1${MASK}`],
  [/\b(gh[opsur]_)[A-Za-z0-9]{20,}/g, `$1${MASK}`],
  [/\b(github_pat_)[A-Za-z0-9_]{20,}/g, `$1${MASK}`],
  [/\bAIza[0-9A-Za-z_-]{30,}/g, MASK],
  [/\bya29\.[0-9A-Za-z._-]+/g, MASK],
  [/\b1\/\/[0-9A-Za-z_-]{20,}/g, MASK],
  [/\b(bearer\s+)[A-Za-z0-9._~+/-]{8,}=*/gi, `$1${MASK}`],
  [/\b((?:x-api-key|api-key|x-goog-api-key|authorization)["']?\s*[:=]\s*["']?)[^\s"',;]{8,}/gi, `$1${MASK}`],
  [/([?&](?:key|api_key|access_token|token)=)[^&\s"']+/gi, `$1${MASK}`],
];

/**
 * Text no pattern above can match lacks all of these (each pattern's fixed part, case aside): one search instead of
 * ten replacements for an ordinary line (the request log writes one per request).
 */
const MAY_MATCH =
  /sk-|gh[opsur]_|github_pat_|AIza|ya29\.|1\/\/|bearer|api-key|authorization|[?&](?:key|api_key|access_token|token)=/i;

/** Secrets shorter than this are not searched for (they would mask ordinary words). */
const MIN_SECRET_LENGTH = 6;

export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  if (!MAY_MATCH.test(out)) return out;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
