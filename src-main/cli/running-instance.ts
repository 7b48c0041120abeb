// Finding the proxy this machine runs, and saying who holds a busy port. A running `start` leaves a record in its
// data dir (`running.json`, removed when it stops; a record whose process is gone is ignored).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, defaultConfigPath, parseConfigText } from '../core/config/load-config.ts';

export interface InstanceRecord {
  pid: number;
  /** The URL `start` printed (a name the Host guard accepts). */
  url: string;
  port: number;
  version: string;
  config: string;
  startedAt: string;
}

export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid port "${value}": use 0–65535`);
  return port;
}

const recordPath = (dataDir: string) => join(dataDir, 'running.json');

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live instance recorded in `dataDir`, if its process still runs. */
export function readInstanceRecord(dataDir: string): InstanceRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(recordPath(dataDir), 'utf8')) as InstanceRecord;
    return Number.isInteger(record.pid) && processAlive(record.pid) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Records this process as the running instance; the returned function removes the record if it is still ours. */
export function writeInstanceRecord(
  dataDir: string,
  record: Omit<InstanceRecord, 'pid' | 'startedAt'>,
): () => void {
  const full: InstanceRecord = { pid: process.pid, ...record, startedAt: new Date().toISOString() };
  writeFileSync(recordPath(dataDir), `${JSON.stringify(full, null, 2)}\n`, { mode: 0o600 });
  return () => {
    try {
      const current = JSON.parse(readFileSync(recordPath(dataDir), 'utf8')) as InstanceRecord;
      if (current.pid === process.pid) rmSync(recordPath(dataDir), { force: true });
    } catch {
      // Already gone.
    }
  };
}

/**
 * The URL of the proxy this machine runs: `-p` wins, then the instance recorded in the data dir, else the port
 * from the config there.
 */
export function runningUrl(
  options: { port?: string; dataDir?: string },
  resolveDataDir: (flag?: string) => string,
): string {
  const port = parsePort(options.port);
  if (port !== undefined) return `http://127.0.0.1:${port}`;
  const dataDir = resolveDataDir(options.dataDir);
  const record = readInstanceRecord(dataDir);
  if (record) return record.url;
  const path = defaultConfigPath(dataDir);
  if (existsSync(path)) {
    try {
      return `http://127.0.0.1:${parseConfigText(readFileSync(path, 'utf8'), path).config.server.port}`;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
    }
  }
  return 'http://127.0.0.1:8046';
}

interface HealthAnswer {
  service?: string;
  version?: string;
  pid?: number;
}

async function askHealth(port: number): Promise<HealthAnswer | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1500) });
    return (await response.json()) as HealthAnswer;
  } catch {
    return undefined;
  }
}

/** Why `start` could not listen on `port`: which coding-proxy holds it (pid, data dir), or that something else does. */
export async function describePortHolder(port: number, dataDir: string): Promise<string> {
  const other = '— stop it first, or start this one on another port with -p <port>';
  const record = readInstanceRecord(dataDir);
  if (record?.port === port) {
    return `coding-proxy ${record.version} is already running on port ${port} (pid ${record.pid}, since ${record.startedAt}, same data dir ${dataDir}; \`kill ${record.pid}\` stops it) ${other}`;
  }
  const health = await askHealth(port);
  if (health?.service === 'coding-proxy') {
    const version = health.version ? ` ${health.version}` : '';
    const pid = health.pid ? `pid ${health.pid}, ` : '';
    return `coding-proxy${version} is already running on port ${port} (${pid}with another data dir than ${dataDir}) ${other}`;
  }
  return `port ${port} is in use by another program (not coding-proxy) — start on another port with -p <port> or set server.port in the config`;
}
