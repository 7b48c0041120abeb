// Thinking produced by Claude on Copilot's own Messages endpoint carries a signature Copilot's backend minted.
// Another vendor (Anthropic itself included) has no reason to accept it, and Copilot has none to accept theirs.
// Anthropic's format has one field a client stores and sends back verbatim — a thinking block's `signature`
// (a redacted block's `data`) — so the proxy marks Copilot's with a prefix on the way out and removes it on the
// way back in. The mark makes Copilot a distinct producer for the request hygiene (`ownsSignature`): a
// conversation that moves to another tier loses these blocks, one that stays on Copilot keeps them intact.

export const COPILOT_SIGNATURE_PREFIX = 'copilot-messages:v1:';

/** Copilot's signature as the client will store it (an empty one stays empty: there is nothing to vouch for). */
export function markCopilotSignature(signature: string): string {
  return signature === '' ? signature : `${COPILOT_SIGNATURE_PREFIX}${signature}`;
}

export function isCopilotSignature(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > COPILOT_SIGNATURE_PREFIX.length &&
    value.startsWith(COPILOT_SIGNATURE_PREFIX)
  );
}

/** The signature Copilot minted, or undefined for one it did not (another vendor's, or none). */
export function copilotSignatureOf(value: unknown): string | undefined {
  return isCopilotSignature(value) ? value.slice(COPILOT_SIGNATURE_PREFIX.length) : undefined;
}

type Block = { type?: unknown; signature?: unknown; data?: unknown; [extra: string]: unknown };

/** A content block of Copilot's answer as the client should see it: thinking signatures marked as Copilot's. */
export function markBlock<T extends Block>(block: T): T {
  if (block.type === 'thinking' && typeof block.signature === 'string' && block.signature !== '')
    return { ...block, signature: markCopilotSignature(block.signature) };
  if (block.type === 'redacted_thinking' && typeof block.data === 'string' && block.data !== '')
    return { ...block, data: markCopilotSignature(block.data) };
  return block;
}

/**
 * A content block of the history as Copilot should see it: Copilot's own thinking with its original signature;
 * undefined for thinking minted elsewhere (or unsigned, as translating vendors leave it), which Copilot would
 * refuse with a 400 (caozhiyuan/copilot-api src/routes/messages/preprocess.ts drops the same blocks).
 */
export function unmarkBlock<T extends Block>(block: T): T | undefined {
  if (block.type === 'thinking') {
    const signature = copilotSignatureOf(block.signature);
    return signature === undefined ? undefined : { ...block, signature };
  }
  if (block.type === 'redacted_thinking') {
    const data = copilotSignatureOf(block.data);
    return data === undefined ? undefined : { ...block, data };
  }
  return block;
}
