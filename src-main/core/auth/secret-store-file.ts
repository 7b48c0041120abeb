// Secrets (GitHub token, Google refresh token) for the headless CLI: one JSON object in a file only the user can
// read. The desktop app uses safeStorage instead; both satisfy the same `SecretStore` interface.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretStore } from '../common/secret-store.ts';

export interface FileSecretStore extends SecretStore {
  readonly path: string;
  /** Keys currently stored (for `auth status`, which must not print the values). */
  keys(): Promise<string[]>;
}

/**
 * Writes to one path are queued process-wide, so two stores on the same file (the proxy and an in-process CLI
 * command, or two concurrent `set` calls) never read-modify-write over each other and lose a key.
 */
const writeQueues = new Map<string, Promise<unknown>>();

function enqueue<T>(path: string, task: () => Promise<T>): Promise<T> {
  const previous = writeQueues.get(path) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.catch(() => undefined);
  writeQueues.set(path, settled);
  void settled.then(() => {
    if (writeQueues.get(path) === settled) writeQueues.delete(path);
  });
  return next;
}

async function readAll(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`secret store ${path} is not valid JSON; fix or delete it and sign in again`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`secret store ${path} does not hold a JSON object; fix or delete it and sign in again`);
  }
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') secrets[key] = value;
  return secrets;
}

async function writeAll(path: string, secrets: Record<string, string>): Promise<void> {
  const directory = dirname(path);
  // mkdir's mode applies only to directories it creates: an existing directory keeps the user's choice.
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    // `wx` + mode 0600: the file never exists, even briefly, with wider permissions.
    await writeFile(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    // writeFile's mode passes through the umask, which may strip bits the owner needs; chmod makes it exactly 0600.
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export function createFileSecretStore(path: string): FileSecretStore {
  return {
    path,
    async get(key) {
      return (await readAll(path))[key];
    },
    async keys() {
      return Object.keys(await readAll(path));
    },
    set(key, value) {
      return enqueue(path, async () => {
        const secrets = await readAll(path);
        secrets[key] = value;
        await writeAll(path, secrets);
      });
    },
    delete(key) {
      return enqueue(path, async () => {
        const secrets = await readAll(path);
        if (!(key in secrets)) return;
        delete secrets[key];
        await writeAll(path, secrets);
      });
    },
  };
}
