// Gemini hands out a `thoughtSignature` with thought parts and with function calls, and Gemini 3 answers 400
// "Function call is missing a thought_signature" when a call comes back without its own. Anthropic's format has
// exactly one field Claude Code stores and sends back verbatim: the `signature` of a `thinking` block. So:
// - a signature on a thought part becomes that thinking block's signature (kind `thought`);
// - a signature on a function call becomes an empty thinking block placed right before the tool_use
//   (kind `call`): "the signature belongs to the next tool_use of this message".
// The prefix marks signatures as ours, so thinking blocks from other vendors are recognised and dropped, and a
// conversation that fails over to Anthropic can strip them (Anthropic rejects foreign signatures).

export const GEMINI_SIGNATURE_PREFIX = 'gemini-thought-signature:v1:';

export type SignatureKind = 'thought' | 'call';

export function encodeThoughtSignature(kind: SignatureKind, signature: string): string {
  return `${GEMINI_SIGNATURE_PREFIX}${kind}:${signature}`;
}

export function decodeThoughtSignature(
  value: unknown,
): { kind: SignatureKind; signature: string } | undefined {
  if (typeof value !== 'string' || !value.startsWith(GEMINI_SIGNATURE_PREFIX)) return undefined;
  const rest = value.slice(GEMINI_SIGNATURE_PREFIX.length);
  const colon = rest.indexOf(':');
  const kind = rest.slice(0, colon);
  const signature = rest.slice(colon + 1);
  if ((kind !== 'thought' && kind !== 'call') || signature === '') return undefined;
  return { kind, signature };
}

export function isGeminiThoughtSignature(value: unknown): boolean {
  return decodeThoughtSignature(value) !== undefined;
}

/**
 * Accepted by Gemini 3 in place of a real signature when the history came from another vendor (CPA
 * `translator/gemini/claude/gemini_claude_request.go`); a signature minted elsewhere would be rejected outright.
 */
export const SKIP_SIGNATURE_SENTINEL = 'skip_thought_signature_validator';
