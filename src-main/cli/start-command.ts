import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ownAppPaths } from '../core/app-paths.ts';
import { createFileConfigStore } from '../core/config/config-store.ts';
import { ConfigError, loadConfig } from '../core/config/load-config.ts';
import { type RunningCore, startCore } from '../core/start-core.ts';
import { createEventLogger } from './event-log.ts';
import { registerInstance } from './instance-registry.ts';
import { startedByNpm, watchParent } from './parent-watch.ts';
import { describePortHolder } from './port-holder.ts';
import { allDisabledWarning, formatTierOrder } from './status-format.ts';

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
  const dataDir = resolve(deps.resolveDataDir(options.dataDir));
  const loaded = loadConfig({ dataDir, ...(options.config ? { path: resolve(options.config) } : {}) });
  if (loaded.created) deps.print(`Created ${loaded.path} with commented defaults — edit it to add vendors.`);
  // Only ever the app's own dist-renderer/, whatever the layout (sources or dist/cli.js): see app-paths.ts.
  const { dashboardDir } = ownAppPaths();
  const port = parsePort(options.port);
  let core: RunningCore;
  try {
    // The core opens the log file, the ledger and everything else; its warnings come back here, redacted.
    core = await startCore({
      config: loaded.config,
      configStore: createFileConfigStore(loaded.path),
      dataDir,
      warnings: loaded.warnings,
      log: deps.print,
      ...(port !== undefined ? { port } : {}),
      ...(options.host ? { host: options.host } : {}),
      ...(dashboardDir ? { dashboardDir } : {}),
    });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    throw new Error(
      await describePortHolder(port ?? loaded.config.server.port, deps.resolveDataDir(), dataDir),
    );
  }
  const { redactor } = core.context;
  core.context.events.on(createEventLogger((line) => deps.print(redactor.redact(line))));
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
      const tiers = core.context.router.chain.statuses();
      print(`coding-proxy listening on ${core.url}  (tiers: ${formatTierOrder(tiers)})`);
      const allOff = allDisabledWarning(tiers);
      if (allOff) print(`warning: ${allOff}`);
      // The link carries the control token (in the fragment: never sent in a request line or a Referer).
      print(`dashboard: ${core.dashboardUrl}`);
      if (core.context.logs) print(`log: ${core.context.logs.path}  (coding-proxy logs -f)`);
      print(`Point Claude Code at it:  export ANTHROPIC_BASE_URL=${core.url}`);
      const unregister = registerInstance(deps.resolveDataDir(), {
        pid: process.pid,
        port: core.port,
        url: core.url,
        dataDir: resolve(deps.resolveDataDir(options.dataDir)),
      });
      process.on('exit', unregister);
      let stopping = false;
      const stop = (why: string) => {
        if (stopping) {
          print('forced exit');
          process.exit(1);
        }
        stopping = true;
        print(`${why}: finishing ${core.server.inFlight()} in-flight request(s)…`);
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
      if (startedByNpm()) watchParent(() => stop('npm exited'));
    });
}
