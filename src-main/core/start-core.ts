import { join } from 'node:path';
import type { ProxyConfig } from '../../src-shared/config-schema.ts';
import { createFileSecretStore } from './auth/secret-store-file.ts';
import { ACCOUNTS_FILE, createSignInAccounts } from './auth/sign-in-accounts.ts';
import type { SecretStore } from './common/secret-store.ts';
import type { ConfigStore } from './config/config-store.ts';
import { acceptedHostNames, hostBindingProblem, urlHost } from './config/host-binding.ts';
import type { SecretResolver } from './config/secret-refs.ts';
import { createControlHandlers, type ControlHandlers } from './control/handlers.ts';
import type { CoreContext, UsageReader } from './core-context.ts';
import { logEvents, openCoreLog, tapConsole } from './logging/core-log.ts';
import { allDisabledWarning, formatTierOrder } from './logging/tier-order.ts';
import { createInFlightRegistry } from './monitor/in-flight-registry.ts';
import { NativePassthrough } from './passthrough/native-passthrough.ts';
import { Router } from './router/router.ts';
import type { Tier } from './router/tier.ts';
import { TierChain } from './router/tier-chain.ts';
import { loadOrCreateControlToken } from './security/control-token.ts';
import { makePrivateDataDir } from './security/private-files.ts';
import { RedactingEmitter } from './security/redact-events.ts';
import { Redactor } from './security/redactor.ts';
import { createProxyServer, type ProxyServer } from './server/http-server.ts';
import { openSessionRouting } from './sessions/session-routing.ts';
import { type CoreSink, callerUsage, openUsage, redactingSink, withAttemptLog } from './usage-wiring.ts';
import { applyVendorEdits, createTierFactory, registeringSecrets } from './vendor-wiring.ts';
import { checkOfferedModels } from './vendors/model-check.ts';

export const VERSION = '0.1.0';

export interface CoreOptions {
  config: ProxyConfig;
  configStore: ConfigStore;
  dataDir: string;
  /** Overrides `config.server` (CLI flags). Port 0 picks a free port (tests). */
  port?: number;
  host?: string;
  secrets?: SecretStore;
  dashboardDir?: string;
  /**
   * Where attempts are recorded. Default: the SQLite usage ledger in `dataDir` (when `config.ledger.enabled`),
   * with its usage reader, pricing and the quota windows seeded from it — opened and closed by the core.
   * `recordRequest` also gets the end of every client request (what the client got), including requests no
   * tier tried.
   */
  sink?: CoreSink;
  /** Read side for a `sink` given by the caller. */
  usage?: UsageReader;
  /** Where the core's own messages go (config warnings, ledger trouble), redacted. Default: stderr. */
  log?: (line: string) => void;
  now?: () => number;
  /** Ping interval for quiet streams (tests shorten it). */
  keepAliveMs?: number;
  /** How `${VAR}` / `keychain:` references in secret fields are resolved for the forwarders (default: env only). */
  secretResolver?: SecretResolver;
  /** The control API's bearer token; default: `<dataDir>/control.token`, created on first start. */
  controlToken?: string;
  /**
   * What loading the config had to say (unknown keys, deprecated fields…): written to the log file and handed to
   * `log`, redacted, before anything else starts.
   */
  warnings?: readonly string[];
}

export interface RunningCore {
  url: string;
  port: number;
  context: CoreContext;
  handlers: ControlHandlers;
  server: ProxyServer;
  /** Bearer token for `/api/*` over HTTP. */
  controlToken: string;
  /** The dashboard URL that logs a browser in (`#token=…`, traded for a cookie and removed from the bar). */
  dashboardUrl: string;
  /** Drains in-flight requests (bounded by `server.drainTimeoutMs`), closes pools and the ledger. */
  close(): Promise<void>;
}

/** The port is taken (another coding-proxy, most likely): one message for every host. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(host: string, port: number) {
    super(
      `port ${port} on ${host} is already in use — is coding-proxy (the CLI or the tray app) already running? ` +
        'Check with `coding-proxy status`, or choose another port (-p <port>, or server.port in the config).',
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Builds and starts the whole headless core: usage ledger, tiers, router, control handlers, HTTP listener. The
 * CLI and the desktop app only pass options and print; `close()` undoes everything in reverse order.
 */
export async function startCore(options: CoreOptions): Promise<RunningCore> {
  const { config } = options;
  const host = options.host ?? config.server.host;
  const { allowedHosts } = config.server;
  const bindingProblem = hostBindingProblem(host, allowedHosts);
  if (bindingProblem) throw new Error(bindingProblem);
  const now = options.now ?? Date.now;
  makePrivateDataDir(options.dataDir);
  const redactor = new Redactor();
  // Straight to stderr, not console.error: the console is tapped into the log file, which gets the line itself.
  const print = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Opened first, so that config warnings and ledger trouble are in the file too (and on the caller's screen).
  const logs = openCoreLog(config, options.dataDir, redactor, now);
  const warn = (line: string) => {
    print(redactor.redact(line));
    logs.write('warn', line);
  };
  for (const warning of options.warnings ?? []) warn(`warning: ${warning}`);
  const controlToken = options.controlToken ?? loadOrCreateControlToken(options.dataDir);
  redactor.add(controlToken);
  const secrets = registeringSecrets(
    options.secrets ?? createFileSecretStore(join(options.dataDir, 'secrets.json')),
    redactor,
  );
  // Every pushed event (dashboard, IPC, the CLI's log, notifications) is redacted once, before any subscriber.
  const events = new RedactingEmitter(redactor);
  const factory = createTierFactory({
    resolver: options.secretResolver ?? { env: process.env },
    redactor,
    secrets,
    now,
    notice: (tier, message) => events.emit({ type: 'vendor-notice', tier, message }),
  });
  const tiers = config.vendors.map((vendor) => factory.build(factory.resolve(vendor)));
  const chain = new TierChain(tiers, config.tiers ?? config.vendors.map((vendor) => vendor.name));
  const untapConsole = tapConsole(logs);
  const sessions = openSessionRouting({
    config,
    dataDir: options.dataDir,
    now,
    warn: (message) => logs.write('warn', message),
  });
  const usage = withAttemptLog(
    options.sink
      ? callerUsage(options.sink, options.usage)
      : openUsage(config, options.dataDir, warn, redactor),
    logs,
  );
  usage.seed?.(chain);
  const noticeUnofferedModels = (list: readonly Tier[]) =>
    checkOfferedModels(list, (tier, message) => events.emit({ type: 'vendor-notice', tier, message }));
  const inFlight = createInFlightRegistry(events, now);
  const sink = usage.sink;
  if (sink?.recordRequest) {
    const recordRequest = sink.recordRequest.bind(sink);
    events.on(
      (event) => {
        if (event.type === 'request-finished') recordRequest(event.request);
      },
      ['request-finished'],
    );
  }
  const ledgerSink = sink ? redactingSink(sink, redactor) : undefined;
  const passthrough = new NativePassthrough({
    config: () => config.nativeApi,
    ...(ledgerSink ? { sink: ledgerSink } : {}),
    finished: (request) => events.emit({ type: 'request-finished', request }),
    now,
    log: (level, message) => logs.write(level, message),
    redactor,
  });
  const router = new Router({
    chain,
    failover: config.failover,
    events,
    now,
    redactor,
    monitor: inFlight,
    sessions,
    ...(ledgerSink ? { sink: ledgerSink } : {}),
    ...(options.keepAliveMs ? { keepAliveMs: options.keepAliveMs } : {}),
  });
  let url = '';
  const context: CoreContext = {
    version: VERSION,
    config,
    router,
    events,
    configStore: options.configStore,
    secrets,
    accounts: createSignInAccounts(join(options.dataDir, ACCOUNTS_FILE), now),
    redactor,
    resolveVendor: (vendor) => factory.resolve(vendor),
    passthrough,
    sessions,
    logs,
    baseUrl: () => url,
    now,
    inFlight,
    applyVendors(next, { rebuild } = {}) {
      applyVendorEdits({ chain, router, events, factory, added: noticeUnofferedModels }, next, rebuild);
    },
  };
  if (sink) context.ledger = sink;
  if (usage.reader) context.usage = usage.reader;
  const unlogEvents = logEvents(events, logs, (name) => chain.get(name)?.enabled ?? false);
  const handlers = createControlHandlers(context);
  const server = createProxyServer({
    core: context,
    handlers,
    controlToken,
    acceptedHosts: acceptedHostNames(host, allowedHosts),
    ...(options.dashboardDir ? { dashboardDir: options.dashboardDir } : {}),
  });
  /** Everything after the listener, in reverse order of opening. */
  const closeParts = async () => {
    await router.close();
    // The live chain: tiers added by dashboard edits since the start too (removed ones closed on removal).
    await passthrough.close();
    await closeAdapters(chain);
    await usage.close();
  };
  const closeLog = async () => {
    unlogEvents();
    untapConsole();
    await logs.close();
  };
  const port = options.port ?? config.server.port;
  let address: Awaited<ReturnType<ProxyServer['listen']>>;
  try {
    address = await server.listen(port, host);
  } catch (error) {
    await closeParts();
    await closeLog();
    if ((error as { code?: string }).code === 'EADDRINUSE') throw new PortInUseError(host, port);
    throw error;
  }
  url = `http://${urlHost(host, allowedHosts, address.address)}:${address.port}`;
  const statuses = chain.statuses();
  logs.write('info', `coding-proxy ${VERSION} listening on ${url} (tiers: ${formatTierOrder(statuses)})`);
  const allOff = allDisabledWarning(statuses);
  if (allOff) logs.write('warn', allOff);
  // In the background: a mapped model the account is not offered becomes one line in the event log.
  noticeUnofferedModels(tiers);
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    context,
    handlers,
    server,
    controlToken,
    dashboardUrl: `${url}/#token=${controlToken}`,
    close() {
      closing ??= (async () => {
        await server.close(config.server.drainTimeoutMs);
        await closeParts();
        logs.write('info', 'coding-proxy stopped');
        await closeLog();
      })();
      return closing;
    },
  };
}

async function closeAdapters(chain: TierChain): Promise<void> {
  await Promise.all(chain.ordered().map((tier) => tier.adapter.close?.().catch(() => undefined)));
}
