// The data dir holds the usage ledger (session ids, models, error text), the control token, config and secrets:
// only its owner may read it. Modes apply on POSIX systems; Windows keeps its per-user ACLs on the profile folder.
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MODES_APPLY = process.platform !== 'win32';

/** Files the proxy itself writes in its data dir (fixed to 0600 at start when looser). */
export const PRIVATE_FILES = [
  'config.yaml',
  'secrets.json',
  'control.token',
  'desktop.json',
  'usage.db',
  'usage.db-wal',
  'usage.db-shm',
];

function isOurs(path: string): boolean {
  const getuid = process.getuid;
  if (!getuid) return true;
  try {
    return statSync(path).uid === getuid();
  } catch {
    return false;
  }
}

/** Tightens one file to 0600 when it exists, belongs to this user and is readable by others. */
export function makePrivateFile(path: string): void {
  if (!MODES_APPLY || !existsSync(path) || !isOurs(path)) return;
  const stat = statSync(path);
  if (stat.isFile() && (stat.mode & 0o077) !== 0) chmodSync(path, 0o600);
}

/**
 * Creates the data dir with 0700, or tightens an existing one — carefully: only a directory this user owns, that
 * is not shared by design (sticky bit, as /tmp) and that is recognisably ours (it holds one of our files or was
 * just created). Then tightens our own files in it.
 */
export function makePrivateDataDir(dataDir: string): void {
  const existed = existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!MODES_APPLY) return;
  const stat = statSync(dataDir);
  const entries = new Set(readdirSync(dataDir));
  const recognisable = !existed || PRIVATE_FILES.some((name) => entries.has(name));
  if (stat.isDirectory() && isOurs(dataDir) && (stat.mode & 0o1000) === 0 && recognisable) {
    if ((stat.mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
  }
  for (const name of PRIVATE_FILES) if (entries.has(name)) makePrivateFile(join(dataDir, name));
}
