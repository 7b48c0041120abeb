// How a CLI makes sure the program on the port is the proxy it means before it sends the control token: it asks
// `GET /api/_proof?nonce=<random>` (open, no side effect) and checks the answer against the token it holds. Only a
// server that knows the token can answer, and the answer reveals nothing about it (HMAC-SHA256 is a PRF), so a
// program squatting on the port learns nothing and gets nothing. The proof is bound to the port the server was
// reached on: a squatter that relays the challenge to the real proxy on another port gets an answer for that port,
// which the CLI refuses.
import { createHmac, randomBytes } from 'node:crypto';
import { sameSecret } from './control-token.ts';

export const PROOF_PATH = '/api/_proof';
/** What a nonce may look like: enough entropy to never repeat, short enough to cost nothing. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export function newNonce(): string {
  return randomBytes(24).toString('base64url');
}

/** The answer to `nonce` from a server that holds `token` and was reached on `port`. */
export function controlProof(token: string, port: number, nonce: string): string {
  return createHmac('sha256', token)
    .update(`coding-proxy control proof v1\n${port}\n${nonce}`)
    .digest('base64url');
}

/** True when `proof` is the answer of a server holding `token` on `port` (constant-time comparison). */
export function isValidProof(proof: string, token: string, port: number, nonce: string): boolean {
  return sameSecret(proof, controlProof(token, port, nonce));
}
