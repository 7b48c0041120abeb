// Points Claude Code at the proxy by writing `env.ANTHROPIC_BASE_URL` into `~/.claude/settings.json`, and undoes
// it. The backup keeps the whole original file (for a manual rescue), but restoring only puts back the one key
// we changed: the user may have edited other settings meanwhile, and rewinding those is the bug CCR users hit
// (peers.md §5, CCR #1768).
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClaudeSettingsStatus } from '../../../src-shared/contract.ts';

export interface ClaudeSettingsOptions {
  /** The user's home directory (tests pass a temp dir). */
  home: string;
  /** This proxy's base URL, e.g. `http://127.0.0.1:8046`. */
  proxyUrl: string;
  now?: () => number;
}

interface Backup {
  version: 1;
  takenAt: string;
  existed: boolean;
  /** `env.ANTHROPIC_BASE_URL` before we wrote ours (null: the key was absent). */
  previousBaseUrl: string | null;
  /** Whether the original file had an `env` object at all. */
  hadEnv: boolean;
  /** The original file's text, verbatim. */
  content: string | null;
}

const KEY = 'ANTHROPIC_BASE_URL';

export const claudeSettingsPath = (home: string): string => join(home, '.claude', 'settings.json');
const backupPathOf = (home: string): string => `${claudeSettingsPath(home)}.coding-proxy-backup.json`;

type Read =
  | { exists: false }
  | { exists: true; text: string; settings: Record<string, unknown> }
  | { problem: string };

function readSettings(path: string): Read {
  if (!existsSync(path)) return { exists: false };
  const text = readFileSync(path, 'utf8');
  if (!text.trim()) return { exists: true, text, settings: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { problem: `${path} is not a JSON object; not touching it` };
    return { exists: true, text, settings: value as Record<string, unknown> };
  } catch (error) {
    return { problem: `${path} is not valid JSON (${(error as Error).message}); not touching it` };
  }
}

function envOf(settings: Record<string, unknown>): Record<string, unknown> {
  const env = settings.env;
  return env && typeof env === 'object' && !Array.isArray(env) ? (env as Record<string, unknown>) : {};
}

const sameUrl = (a: string, b: string): boolean => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** Writes through a temp file and a rename, keeping the file's mode, so Claude Code never reads half a file. */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o600;
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text, { mode });
  renameSync(temp, path);
}

export function claudeSettingsStatus(options: ClaudeSettingsOptions): ClaudeSettingsStatus {
  const path = claudeSettingsPath(options.home);
  const backupPath = backupPathOf(options.home);
  const status: ClaudeSettingsStatus = {
    path,
    exists: false,
    baseUrl: null,
    connected: false,
    backupPath: existsSync(backupPath) ? backupPath : null,
  };
  const read = readSettings(path);
  if ('problem' in read) return { ...status, exists: true, problem: read.problem };
  if (!read.exists) return status;
  const value = envOf(read.settings)[KEY];
  const baseUrl = typeof value === 'string' ? value : null;
  return {
    ...status,
    exists: true,
    baseUrl,
    connected: baseUrl !== null && sameUrl(baseUrl, options.proxyUrl),
  };
}

/** Sets `env.ANTHROPIC_BASE_URL` to the proxy. The first connect takes the backup; later ones keep it. */
export function connectClaudeCode(options: ClaudeSettingsOptions): ClaudeSettingsStatus {
  const path = claudeSettingsPath(options.home);
  const read = readSettings(path);
  if ('problem' in read) throw new Error(read.problem);
  const settings = read.exists ? read.settings : {};
  const env = envOf(settings);
  const backupPath = backupPathOf(options.home);
  if (!existsSync(backupPath)) {
    const previous = env[KEY];
    const backup: Backup = {
      version: 1,
      takenAt: new Date((options.now ?? Date.now)()).toISOString(),
      existed: read.exists,
      previousBaseUrl: typeof previous === 'string' ? previous : null,
      hadEnv: 'env' in settings,
      content: read.exists ? read.text : null,
    };
    writeAtomically(backupPath, `${JSON.stringify(backup, null, 2)}\n`);
  }
  const next = { ...settings, env: { ...env, [KEY]: options.proxyUrl } };
  writeAtomically(path, `${JSON.stringify(next, null, 2)}\n`);
  return claudeSettingsStatus(options);
}

/**
 * Puts back the `ANTHROPIC_BASE_URL` that was there before `connectClaudeCode` (or removes it), keeping every
 * other change made since, then drops the backup. Without a backup there is nothing to restore: a no-op.
 */
export function restoreClaudeCode(options: ClaudeSettingsOptions): ClaudeSettingsStatus {
  const path = claudeSettingsPath(options.home);
  const backupPath = backupPathOf(options.home);
  if (!existsSync(backupPath)) return claudeSettingsStatus(options);
  const backup = JSON.parse(readFileSync(backupPath, 'utf8')) as Backup;
  const read = readSettings(path);
  if ('problem' in read) throw new Error(read.problem);
  if (!read.exists) {
    // The user deleted the file meanwhile: the original (if any) is the best thing to put back.
    if (backup.existed && backup.content !== null) writeAtomically(path, backup.content);
  } else {
    const env = { ...envOf(read.settings) };
    if (backup.previousBaseUrl === null) delete env[KEY];
    else env[KEY] = backup.previousBaseUrl;
    const next: Record<string, unknown> = { ...read.settings, env };
    // We created `env` only to hold our key: leave no empty object behind.
    if (Object.keys(env).length === 0 && !backup.hadEnv) delete next.env;
    if (!backup.existed && Object.keys(next).length === 0) rmSync(path);
    else writeAtomically(path, `${JSON.stringify(next, null, 2)}\n`);
  }
  rmSync(backupPath);
  return claudeSettingsStatus(options);
}
