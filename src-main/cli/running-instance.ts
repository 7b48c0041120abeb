// Which running proxy a CLI command talks to, and with which control token. In order:
//   --data-dir D       that data dir's token; its live registry entry's URL, else -p, else D's configured port
//   -p P               the registered proxy on port P (its data dir's token), else the default data dir's token
//   neither            the only registered proxy; with several, the one using the default data dir (else an
//                      error naming them); with none, the default data dir's configured port
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, defaultConfigPath, parseConfigText } from '../core/config/load-config.ts';
import { readControlToken } from '../core/security/control-token.ts';
import { listInstances } from './instance-registry.ts';
import { parsePort } from './start-command.ts';

export interface RunningTarget {
  url: string;
  /** The control token of that proxy's data dir, when it could be read. */
  token?: string;
  dataDir: string;
  toString(): string;
}

function configuredPort(dataDir: string): number {
  const path = defaultConfigPath(dataDir);
  if (existsSync(path)) {
    try {
      return parseConfigText(readFileSync(path, 'utf8'), path).config.server.port;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
    }
  }
  return 8046;
}

function target(url: string, dataDir: string): RunningTarget {
  const token = readControlToken(dataDir);
  return { url, dataDir, ...(token ? { token } : {}), toString: () => url };
}

/** The proxy this command should talk to (see the table above). */
export function runningTarget(
  options: { port?: string; dataDir?: string },
  resolveDataDir: (flag?: string) => string,
): RunningTarget {
  const port = parsePort(options.port);
  const defaultDir = resolveDataDir();
  const instances = listInstances(defaultDir);
  if (options.dataDir) {
    const dataDir = resolve(options.dataDir);
    const registered = instances.find(
      (instance) => resolve(instance.dataDir) === dataDir && (port === undefined || instance.port === port),
    );
    const url = registered?.url ?? `http://127.0.0.1:${port ?? configuredPort(dataDir)}`;
    return target(url, dataDir);
  }
  if (port !== undefined) {
    const registered = instances.find((instance) => instance.port === port);
    return target(`http://127.0.0.1:${port}`, registered?.dataDir ?? defaultDir);
  }
  if (instances.length === 1) return target(instances[0]!.url, instances[0]!.dataDir);
  if (instances.length > 1) {
    const usingDefault = instances.find((instance) => resolve(instance.dataDir) === resolve(defaultDir));
    if (usingDefault) return target(usingDefault.url, usingDefault.dataDir);
    throw new Error(
      `several proxies are running (${instances.map((i) => `${i.url} with --data-dir ${i.dataDir}`).join('; ')}): choose one with -p or --data-dir`,
    );
  }
  return target(`http://127.0.0.1:${configuredPort(defaultDir)}`, defaultDir);
}

/** The URL of that proxy (kept for callers that only need where it is). */
export function runningUrl(
  options: { port?: string; dataDir?: string },
  resolveDataDir: (flag?: string) => string,
): RunningTarget {
  return runningTarget(options, resolveDataDir);
}
