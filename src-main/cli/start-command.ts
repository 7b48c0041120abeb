import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createFileConfigStore } from '../core/config/config-store.ts';
import { ConfigError, loadConfig } from '../core/config/load-config.ts';
import { openCoreLog, type RunningCore, startCore } from '../core/start-core.ts';
import { createEventLogger } from './event-log.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface StartOptions {
  config?: string;
  port?: string;
  host?: string;
  dataDir?: string;
}

export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid port "${value}": use 0–65535`);
  return port;
}

/** Starts the headless proxy; returns the running core (the caller owns signals). */
export async function runStart(
  options: StartOptions,
  deps: { resolveDataDir: (flag?: string) => string; print: (line: string) => void },
): Promise<RunningCore> {
  const dataDir = deps.resolveDataDir(options.dataDir);
  const loaded = loadConfig({ dataDir, ...(options.config ? { path: resolve(options.config) } : {}) });
  if (loaded.created) deps.print(`Created ${loaded.path} with commented defaults — edit it to add vendors.`);
  // The log file opens first so that config warnings and ledger trouble are in it too.
  const logFile = openCoreLog(loaded.config, dataDir);
  const warn = (line: string) => {
    deps.print(line);
    logFile.write('warn', line);
  };
  for (const warning of loaded.warnings) warn(`warning: ${warning}`);
  const dashboardDir = join(REPO_ROOT, 'dist-renderer');
  const port = parsePort(options.port);
  const core = await startCore({
    config: loaded.config,
    configStore: createFileConfigStore(loaded.path),
    dataDir,
    log: warn,
    logFile,
    ...(port !== undefined ? { port } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(existsSync(join(dashboardDir, 'index.html')) ? { dashboardDir } : {}),
  });
  core.context.events.on(createEventLogger(deps.print));
  return core;
}

export function registerStartCommand(
  program: Command,
  deps: { resolveDataDir: (flag?: string) => string },
): void {
  program
    .command('start')
    .description('start the proxy (and its dashboard) in this terminal')
    .option(
      '-c, --config <file>',
      'configuration file (default: <data-dir>/config.yaml, created on first run)',
    )
    .option('-p, --port <port>', 'port to listen on (default: server.port from the config, 8046)')
    .option('--host <host>', 'address to listen on (default: server.host, 127.0.0.1)')
    .option('--data-dir <dir>', 'where config.yaml, usage.db and secrets live')
    .action(async (options: StartOptions) => {
      const print = (line: string) => console.log(line);
      let core: RunningCore;
      try {
        core = await runStart(options, { ...deps, print });
      } catch (error) {
        console.error(
          error instanceof ConfigError ? error.message : `coding-proxy: ${(error as Error).message}`,
        );
        process.exitCode = 2;
        return;
      }
      const order = core.context.router.chain.order.join(' → ');
      print(`coding-proxy listening on ${core.url}  (tiers: ${order})`);
      print(`dashboard: ${core.url}/`);
      if (core.context.logs) print(`log: ${core.context.logs.path}  (coding-proxy logs -f)`);
      print(`Point Claude Code at it:  export ANTHROPIC_BASE_URL=${core.url}`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          print('forced exit');
          process.exit(1);
        }
        stopping = true;
        print(`${signal}: finishing ${core.server.inFlight()} in-flight request(s)…`);
        core.close().then(
          () => {
            print('coding-proxy stopped');
            process.exit(0);
          },
          (error: unknown) => {
            console.error(`error while stopping: ${(error as Error).message}`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
