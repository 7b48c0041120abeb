// Vendors sometimes quote the credential they were sent ("invalid api key sk-…"). Every secret the proxy holds —
// configured keys and tokens, the control token, tokens from the secret store, credentials it sent upstream — is
// registered here, and any text bound for a client, the log, the ledger or the status is passed through `redact`.

/** Shorter values are not secrets worth the false positives (and would mangle ordinary words). */
export const MIN_SECRET_LENGTH = 8;
/** Rotating tokens (Copilot, Google access tokens) are added as they are minted; the oldest are forgotten. */
const MAX_SECRETS = 512;

export class Redactor {
  #secrets = new Map<string, string>();
  #ordered: string[] | undefined;

  /** Registers a secret (ignored when empty or shorter than MIN_SECRET_LENGTH). */
  add(secret: string | undefined | null): void {
    if (typeof secret !== 'string') return;
    const value = secret.trim();
    if (value.length < MIN_SECRET_LENGTH || this.#secrets.has(value)) return;
    this.#secrets.set(value, `…${value.slice(-4)}`);
    if (this.#secrets.size > MAX_SECRETS) {
      const oldest = this.#secrets.keys().next().value;
      if (oldest !== undefined) this.#secrets.delete(oldest);
    }
    this.#ordered = undefined;
  }

  /** Registers the credential in an `Authorization: Bearer x` / `token x` value or a bare key header. */
  addHeaderValue(value: string | undefined): void {
    if (!value) return;
    const match = /^(?:bearer|token|basic)\s+(.+)$/i.exec(value.trim());
    this.add(match ? match[1] : value);
  }

  get size(): number {
    return this.#secrets.size;
  }

  /** `text` with every registered secret replaced by `…` and its last four characters. */
  redact(text: string): string;
  redact(text: string | null): string | null;
  redact(text: string | undefined): string | undefined;
  redact(text: string | null | undefined): string | null | undefined {
    if (!text || this.#secrets.size === 0) return text;
    // Longest first, so a secret that contains another is replaced whole.
    this.#ordered ??= [...this.#secrets.keys()].sort((a, b) => b.length - a.length);
    let out = text;
    for (const secret of this.#ordered) {
      if (out.includes(secret)) out = out.split(secret).join(this.#secrets.get(secret) ?? '…');
    }
    return out;
  }
}
