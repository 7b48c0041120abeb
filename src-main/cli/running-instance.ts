import { existsSync } from 'node:fs';
import { ConfigError, defaultConfigPath, parseConfigText } from '../core/config/load-config.ts';
import { readFileSync } from 'node:fs';
import { parsePort } from './start-command.ts';

/** The URL of the proxy this machine runs: `-p` wins, else the port from the config in the data dir. */
export function runningUrl(
  options: { port?: string; dataDir?: string },
  resolveDataDir: (flag?: string) => string,
): string {
  const port = parsePort(options.port);
  if (port !== undefined) return `http://127.0.0.1:${port}`;
  const path = defaultConfigPath(resolveDataDir(options.dataDir));
  if (existsSync(path)) {
    try {
      return `http://127.0.0.1:${parseConfigText(readFileSync(path, 'utf8'), path).config.server.port}`;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
    }
  }
  return 'http://127.0.0.1:8046';
}
