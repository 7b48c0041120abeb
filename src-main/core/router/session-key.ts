import type { IncomingHttpHeaders } from 'node:http';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';

const SESSION_HEADERS = ['x-claude-code-session-id', 'x-claude-session-id', 'x-session-id', 'session-id'];

/** Claude Code's session id from its headers, else from `metadata.user_id` (which embeds `session_<uuid>` or JSON). */
export function sessionKeyOf(headers: IncomingHttpHeaders, body: MessagesRequest): string {
  for (const name of SESSION_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value) return value.slice(0, 200);
  }
  const userId = body.metadata?.user_id;
  if (typeof userId !== 'string' || !userId) return '';
  const embedded = /session_([0-9a-f-]{8,})/i.exec(userId);
  if (embedded?.[1]) return embedded[1];
  try {
    const parsed: unknown = JSON.parse(userId);
    const sessionId = (parsed as { session_id?: unknown }).session_id;
    if (typeof sessionId === 'string' && sessionId) return sessionId;
  } catch {
    // not JSON: use the whole value
  }
  return userId.slice(0, 200);
}

/** Which vendor last served each session, to know whose thinking signatures the history carries. */
export class SessionMemory {
  readonly #limit: number;
  readonly #lastVendor = new Map<string, string>();

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  lastVendor(sessionKey: string): string | undefined {
    return sessionKey ? this.#lastVendor.get(sessionKey) : undefined;
  }

  remember(sessionKey: string, vendor: string): void {
    if (!sessionKey) return;
    this.#lastVendor.delete(sessionKey);
    this.#lastVendor.set(sessionKey, vendor);
    if (this.#lastVendor.size > this.#limit) {
      const oldest = this.#lastVendor.keys().next().value;
      if (oldest !== undefined) this.#lastVendor.delete(oldest);
    }
  }
}
