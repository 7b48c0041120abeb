// A Responses reasoning item travels through Claude Code as the signature of a thinking block, so the next turn of
// a tool loop can hand the model its own reasoning back (with `store: false` nothing is kept server-side). The
// prefix marks signatures we minted: a signature from Anthropic or Gemini is never sent here as reasoning.
const PREFIX = 'oai-reasoning.';

export function reasoningSignature(id: string, encrypted: string): string {
  return PREFIX + Buffer.from(JSON.stringify({ id, encrypted }), 'utf8').toString('base64url');
}

export function readReasoningSignature(signature: unknown): { id: string; encrypted: string } | undefined {
  if (typeof signature !== 'string' || !signature.startsWith(PREFIX)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(signature.slice(PREFIX.length), 'base64url').toString('utf8')) as {
      id?: unknown;
      encrypted?: unknown;
    };
    if (typeof value.id === 'string' && typeof value.encrypted === 'string' && value.encrypted !== '') {
      return { id: value.id, encrypted: value.encrypted };
    }
  } catch {
    // not one of ours after all
  }
  return undefined;
}
