import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ownAppPaths } from '../core/app-paths.ts';
import { createFileConfigStore } from '../core/config/config-store.ts';
import { ConfigError, loadConfig } from '../core/config/load-config.ts';
import { openLedger } from '../core/ledger/ledger-writer.ts';
import { createPricingTable } from '../core/ledger/pricing.ts';
import { createLedgerUsageReader } from '../core/ledger/usage-reader.ts';
import { seedQuotaBaselines } from '../core/router/quota-baseline.ts';
import { type RunningCore, startCore } from '../core/start-core.ts';
import { createEventLogger } from './event-log.ts';
import { startedByNpm, watchParent } from './parent-watch.ts';
import { describePortHolder, parsePort, writeInstanceRecord } from './running-instance.ts';
import { allDisabledWarning, formatTierOrder } from './status-format.ts';

export interface StartOptions {
  config?: string;
  port?: string;
  host?: string;
  dataDir?: string;
}

export { parsePort };

/** Starts the headless proxy; returns the running core (the caller owns signals). */
export async function runStart(
  options: StartOptions,
  deps: { resolveDataDir: (flag?: string) => string; print: (line: string) => void },
): Promise<RunningCore> {
  const dataDir = deps.resolveDataDir(options.dataDir);
  const loaded = loadConfig({ dataDir, ...(options.config ? { path: resolve(options.config) } : {}) });
  if (loaded.created) deps.print(`Created ${loaded.path} with commented defaults — edit it to add vendors.`);
  for (const warning of loaded.warnings) deps.print(`warning: ${warning}`);
  const ledger = loaded.config.ledger.enabled
    ? openLedger({
        dataDir,
        retentionDays: loaded.config.ledger.retentionDays,
        onError: (m) => deps.print(`usage ledger: ${m}`),
      })
    : undefined;
  if (ledger?.problem) deps.print(`warning: ${ledger.problem}`);
  const pricing = createPricingTable(loaded.config.pricing);
  const { dashboardDir } = ownAppPaths();
  const port = parsePort(options.port);
  try {
    const core = await startCore({
      config: loaded.config,
      configStore: createFileConfigStore(loaded.path),
      dataDir,
      ...(port !== undefined ? { port } : {}),
      ...(options.host ? { host: options.host } : {}),
      ...(ledger
        ? {
            sink: ledger,
            usage: createLedgerUsageReader(ledger, {
              pricing: () => pricing,
              vendorKind: (name) => loaded.config.vendors.find((vendor) => vendor.name === name)?.kind,
            }),
          }
        : {}),
      ...(dashboardDir ? { dashboardDir } : {}),
    });
    if (ledger && !ledger.problem) seedQuotaBaselines(core.context.router.chain, ledger);
    core.context.events.on(createEventLogger(deps.print));
    return core;
  } catch (error) {
    ledger?.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE')
      throw new Error(await describePortHolder(port ?? loaded.config.server.port, dataDir));
    throw error;
  }
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
      print(`dashboard: ${core.url}/`);
      print(`Point Claude Code at it:  export ANTHROPIC_BASE_URL=${core.url}`);
      const forget = writeInstanceRecord(deps.resolveDataDir(options.dataDir), {
        url: core.url,
        port: core.port,
        version: core.context.version,
        config: options.config ? resolve(options.config) : 'config.yaml in the data dir',
      });
      process.on('exit', forget);
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
