// Which proxies run on this machine, for the CLI commands that talk to one: each `coding-proxy start` writes
// `<default-data-dir>/instances/<port>.json` ({pid, url, dataDir}) and removes it when it stops. The registry sits
// in the default data dir whatever `--data-dir` a proxy was started with, so `coding-proxy status` finds a proxy
// started elsewhere (and its data dir, where the control token is) without being told. Entries whose process is
// gone (a kill -9) are ignored and cleaned up. Only this user can read it (0700 dir, 0600 files).
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunningInstance {
  pid: number;
  port: number;
  url: string;
  dataDir: string;
}

export function registryDir(defaultDataDir: string): string {
  return join(defaultDataDir, 'instances');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parse(text: string): RunningInstance | undefined {
  try {
    const value = JSON.parse(text) as Partial<RunningInstance>;
    if (
      typeof value.pid === 'number' &&
      typeof value.port === 'number' &&
      typeof value.url === 'string' &&
      typeof value.dataDir === 'string'
    )
      return value as RunningInstance;
  } catch {
    // A torn or foreign file: not an instance.
  }
  return undefined;
}

/** Records a running proxy; returns the function that removes the entry (only if it is still ours). */
export function registerInstance(defaultDataDir: string, instance: RunningInstance): () => void {
  const dir = registryDir(defaultDataDir);
  const file = join(dir, `${instance.port}.json`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(instance)}\n`, { mode: 0o600 });
    if (process.platform !== 'win32') chmodSync(file, 0o600);
  } catch {
    // Without the registry the CLI still finds the proxy through -p / --data-dir.
    return () => {};
  }
  return () => {
    try {
      if (parse(readFileSync(file, 'utf8'))?.pid === instance.pid) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}

/** The live instances, oldest port first; stale entries are removed on the way. */
export function listInstances(defaultDataDir: string): RunningInstance[] {
  const dir = registryDir(defaultDataDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  const live: RunningInstance[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let instance: RunningInstance | undefined;
    try {
      instance = parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (instance && isAlive(instance.pid)) live.push(instance);
    else rmSync(file, { force: true });
  }
  return live.sort((a, b) => a.port - b.port);
}
