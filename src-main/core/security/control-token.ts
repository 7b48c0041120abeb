// The per-install control token: whoever holds it may drive the control API over HTTP (`/api/*`). It lives in
// `<data-dir>/control.token` (0600), so the user's own CLI can read it and other users or web pages cannot.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateFile } from './private-files.ts';

export const CONTROL_TOKEN_FILE = 'control.token';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,}$/;

export function controlTokenPath(dataDir: string): string {
  return join(dataDir, CONTROL_TOKEN_FILE);
}

/** The token in `dataDir`, or undefined when there is none (yet) or it cannot be read. */
export function readControlToken(dataDir: string): string | undefined {
  try {
    const text = readFileSync(controlTokenPath(dataDir), 'utf8').trim();
    return TOKEN_PATTERN.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the data dir's token, creating it (0600, written atomically) on first start or when unusable. */
export function loadOrCreateControlToken(dataDir: string): string {
  const path = controlTokenPath(dataDir);
  const existing = readControlToken(dataDir);
  if (existing) {
    makePrivateFile(path);
    return existing;
  }
  const token = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${token}\n`, { mode: 0o600, flag: 'w' });
  if (process.platform !== 'win32') chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return token;
}

/** Constant-time comparison, so response timing says nothing about how much of a guess was right. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
