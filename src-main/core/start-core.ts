import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ProxyConfig, VendorConfig } from '../../src-shared/config-schema.ts';
import type { RequestFinished } from '../../src-shared/contract.ts';
import { createFileSecretStore } from './auth/secret-store-file.ts';
import type { ConfigStore } from './config/config-store.ts';
import { acceptedHostNames, hostBindingProblem, urlHost } from './config/host-binding.ts';
import { resolveVendorSecrets, type SecretResolver } from './config/secret-refs.ts';
import { createControlHandlers, type ControlHandlers } from './control/handlers.ts';
import type { CoreContext, UsageReader } from './core-context.ts';
import { openLedger } from './ledger/ledger-writer.ts';
import { createPricingTable } from './ledger/pricing.ts';
import { createLedgerUsageReader } from './ledger/usage-reader.ts';
import { createInFlightRegistry } from './monitor/in-flight-registry.ts';
import { seedQuotaBaselines } from './router/quota-baseline.ts';
import type { AttemptSink } from './common/attempt-record.ts';
import { Router } from './router/router.ts';
import { Tier } from './router/tier.ts';
import { TierChain } from './router/tier-chain.ts';
import { loadOrCreateControlToken } from './security/control-token.ts';
import { makePrivateDataDir } from './security/private-files.ts';
import { RedactingEmitter } from './security/redact-events.ts';
import { Redactor } from './security/redactor.ts';
import { createProxyServer, type ProxyServer } from './server/http-server.ts';
import { checkOfferedModels } from './vendors/model-check.ts';
import { createVendorAdapter } from './vendors/registry.ts';
import { describeAttempt, logEvents, tapConsole } from './logging/core-log.ts';
import { LogFile, logFilePath } from './logging/log-file.ts';
import { NativePassthrough } from './passthrough/native-passthrough.ts';
import { BINDINGS_FILE, SessionBindings } from './sessions/binding-store.ts';
import { policyWarnings } from './sessions/session-policy.ts';
import { SessionRouting } from './sessions/session-routing.ts';
import type { SecretStore } from './common/secret-store.ts';

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
  sink?: AttemptSink & {
    recordRequest?(request: RequestFinished): void;
    problem?: string | undefined;
    close?(): void | Promise<void>;
  };
  /** Read side for a `sink` given by the caller. */
  usage?: UsageReader;
  /** Where the core's own messages go (ledger trouble). Default: stderr. */
  log?: (line: string) => void;
  now?: () => number;
  /** Ping interval for quiet streams (tests shorten it). */
  keepAliveMs?: number;
  /** How `${VAR}` / `keychain:` references in secret fields are resolved for the forwarders (default: env only). */
  secretResolver?: SecretResolver;
  /** The control API's bearer token; default: `<dataDir>/control.token`, created on first start. */
  controlToken?: string;
  /** Knows every secret the core holds (default: a new one); the CLI shares it with its log. */
  redactor?: Redactor;
  /** The log file when the caller opened it first (the CLI, to log config warnings); else opened here. */
  logFile?: LogFile;
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
  const redactor = options.redactor ?? new Redactor();
  const log = options.log ?? ((line: string) => console.error(line));
  const controlToken = options.controlToken ?? loadOrCreateControlToken(options.dataDir);
  redactor.add(controlToken);
  const secrets = registeringSecrets(
    options.secrets ?? createFileSecretStore(join(options.dataDir, 'secrets.json')),
    redactor,
  );
  const resolver = options.secretResolver ?? { env: process.env };
  // The only place references become secrets: a copy for the vendor's forwarder, registered for redaction.
  const forwarderConfig = (vendor: VendorConfig): VendorConfig => {
    const resolved = resolveVendorSecrets(vendor, resolver);
    for (const field of ['apiKey', 'githubToken', 'clientSecret', 'refreshToken'] as const)
      redactor.add(resolved[field]);
    for (const value of Object.values(resolved.headers)) redactor.addHeaderValue(value);
    return resolved;
  };
  const services = { now, secrets };
  const redact = (text: string) => redactor.redact(text);
  const tiers = config.vendors.map((vendor) => {
    const resolved = forwarderConfig(vendor);
    return new Tier(resolved, createVendorAdapter(resolved, services), now, redact);
  });
  const chain = new TierChain(tiers, config.tiers ?? config.vendors.map((vendor) => vendor.name));
  // ---- issue 15: log file, session routing, native API passthrough ----
  const logs = options.logFile ?? openCoreLog(config, options.dataDir, redactor, now);
  const untapConsole = tapConsole(logs);
  const sessions = new SessionRouting({
    bindings: new SessionBindings({
      path: join(options.dataDir, BINDINGS_FILE),
      idleMs: config.sessionBindings.idleHours * 3_600_000,
      now,
      onError: (message) => logs.write('warn', message),
    }),
    policies: () => config.sessionPolicies,
  });
  for (const warning of policyWarnings(
    config.sessionPolicies,
    config.vendors.map((vendor) => vendor.name),
  ))
    logs.write('warn', warning);
  const logged = (line: string) => {
    log(line);
    if (!options.logFile) logs.write('warn', line);
  };
  const usage = withAttemptLog(
    options.sink ? callerUsage(options) : openUsage(options, logged, redactor),
    logs,
  );
  if (usage.seed) usage.seed(chain);
  // Every pushed event (dashboard, IPC, the CLI's log, notifications) is redacted once, before any subscriber.
  const events = new RedactingEmitter(redactor);
  const noticeUnofferedModels = (list: readonly Tier[]) =>
    checkOfferedModels(list, (tier, message) => events.emit({ type: 'vendor-notice', tier, message }));
  const inFlight = createInFlightRegistry(events, now);
  const sink = usage.sink;
  if (sink?.recordRequest) {
    events.on(
      (event) => {
        if (event.type === 'request-finished') sink.recordRequest?.(event.request);
      },
      ['request-finished'],
    );
  }
  const passthrough = new NativePassthrough({
    config: () => config.nativeApi,
    ...(usage.sink ? { sink: redactingSink(usage.sink, redactor) } : {}),
    finished: (request) => events.emit({ type: 'request-finished', request }),
    now,
    log: (level, message) => logs.write(level, message),
    redactor,
  });
  const routerOptions: ConstructorParameters<typeof Router>[0] = {
    chain,
    failover: config.failover,
    events,
    now,
    redactor,
  };
  if (usage.sink) routerOptions.sink = redactingSink(usage.sink, redactor);
  routerOptions.monitor = inFlight;
  if (options.keepAliveMs) routerOptions.keepAliveMs = options.keepAliveMs;
  routerOptions.sessions = sessions;
  const router = new Router(routerOptions);
  let url = '';
  const context: CoreContext = {
    version: VERSION,
    config,
    router,
    events,
    configStore: options.configStore,
    secrets,
    redactor,
    resolveVendor: forwarderConfig,
    passthrough,
    sessions,
    logs,
    baseUrl: () => url,
    now,
    inFlight,
    applyVendors(next, options = {}) {
      const previous = new Set(chain.ordered());
      const fresh = new Set(options.rebuild ?? []);
      const rebuilt = next.vendors.map((vendor) => {
        const current = chain.get(vendor.name);
        const resolved = forwarderConfig(vendor);
        if (current && !fresh.has(vendor.name) && isDeepStrictEqual(current.adapter.config, resolved))
          return current;
        return new Tier(resolved, createVendorAdapter(resolved, services), now, redact);
      });
      chain.replace(rebuilt, next.tiers ?? next.vendors.map((vendor) => vendor.name));
      noticeUnofferedModels(rebuilt.filter((tier) => !previous.has(tier)));
      for (const tier of previous) {
        if (!rebuilt.includes(tier)) {
          router.forgetTier(tier.name);
          void tier.adapter.close?.();
        }
      }
      events.emit({ type: 'order-changed', order: [...chain.order] });
      for (const tier of chain.ordered())
        events.emit({ type: 'tier-changed', tier: chain.status(tier.name) });
    },
  };
  if (usage.sink) context.ledger = usage.sink;
  if (usage.reader) context.usage = usage.reader;
  const unlogEvents = logEvents(events, logs);
  const handlers = createControlHandlers(context);
  const serverOptions: Parameters<typeof createProxyServer>[0] = {
    core: context,
    handlers,
    controlToken,
    acceptedHosts: acceptedHostNames(host, allowedHosts),
  };
  if (options.dashboardDir) serverOptions.dashboardDir = options.dashboardDir;
  const server = createProxyServer(serverOptions);
  const port = options.port ?? config.server.port;
  let address: Awaited<ReturnType<ProxyServer['listen']>>;
  try {
    address = await server.listen(port, host);
  } catch (error) {
    await router.close();
    await passthrough.close();
    await closeAdapters(chain);
    await usage.close();
    unlogEvents();
    untapConsole();
    if (!options.logFile) await logs.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') throw new PortInUseError(host, port);
    throw error;
  }
  url = `http://${urlHost(host, allowedHosts, address.address)}:${address.port}`;
  logs.write('info', `coding-proxy ${VERSION} listening on ${url} (tiers: ${chain.order.join(' → ')})`);
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
        await router.close();
        // The live chain: tiers added by dashboard edits since the start too (removed ones closed on removal).
        await passthrough.close();
        await closeAdapters(chain);
        await usage.close();
        logs.write('info', 'coding-proxy stopped');
        unlogEvents();
        untapConsole();
        await logs.close();
      })();
      return closing;
    },
  };
}

async function closeAdapters(chain: TierChain): Promise<void> {
  await Promise.all(chain.ordered().map((tier) => tier.adapter.close?.().catch(() => undefined)));
}

interface UsageWiring {
  sink?: CoreOptions['sink'];
  reader?: UsageReader;
  seed?(chain: TierChain): void;
  close(): Promise<void>;
}

function callerUsage(options: CoreOptions): UsageWiring {
  const { sink } = options;
  return {
    ...(sink ? { sink } : {}),
    ...(options.usage ? { reader: options.usage } : {}),
    async close() {
      await sink?.close?.();
    },
  };
}

/** The SQLite ledger with the same pricing and quota seeding in every host. */
function openUsage(options: CoreOptions, log: (line: string) => void, redactor: Redactor): UsageWiring {
  const { config } = options;
  if (!config.ledger.enabled) return { close: async () => undefined };
  const ledger = openLedger({
    dataDir: options.dataDir,
    retentionDays: config.ledger.retentionDays,
    onError: (message) => log(`usage ledger: ${redactor.redact(message)}`),
    redact: (text) => redactor.redact(text),
  });
  if (ledger.problem) log(`warning: ${ledger.problem}`);
  const pricing = createPricingTable(config.pricing);
  const reader = createLedgerUsageReader(ledger, {
    pricing: () => pricing,
    vendorKind: (name) => config.vendors.find((vendor) => vendor.name === name)?.kind,
  });
  return {
    sink: ledger,
    reader,
    seed(chain) {
      if (!ledger.problem) seedQuotaBaselines(chain, ledger);
    },
    async close() {
      ledger.close();
    },
  };
}

/** Every token read from or written to the secret store (sign-ins) is known to the redactor from then on. */
function registeringSecrets(store: SecretStore, redactor: Redactor): SecretStore {
  return {
    async get(key) {
      const value = await store.get(key);
      redactor.add(value);
      return value;
    },
    set(key, value) {
      redactor.add(value);
      return store.set(key, value);
    },
    delete: (key) => store.delete(key),
  };
}

/** The ledger (or a caller's sink) never stores a secret an upstream error quoted. */
function redactingSink(sink: AttemptSink, redactor: Redactor): AttemptSink {
  return {
    record: (attempt) =>
      sink.record(
        attempt.errorMessage ? { ...attempt, errorMessage: redactor.redact(attempt.errorMessage) } : attempt,
      ),
  };
}

/** Every attempt also becomes one debug line of the log (which tier, outcome, tiers skipped and why). */
function withAttemptLog(usage: UsageWiring, logs: LogFile): UsageWiring {
  const { sink } = usage;
  if (!sink) return usage;
  return {
    ...usage,
    sink: {
      get problem() {
        return sink.problem;
      },
      record(attempt) {
        if (logs.enabled('debug')) logs.write('debug', describeAttempt(attempt));
        sink.record(attempt);
      },
      // The request log's half: without it, requests no tier took (and what every client got) were never kept.
      ...(sink.recordRequest ? { recordRequest: (request) => sink.recordRequest?.(request) } : {}),
      ...(sink.close ? { close: () => sink.close?.() } : {}),
    },
  };
}

/**
 * The log file of `config.logging` (default `<data-dir>/logs/coding-proxy.log`). Every line passes the core's
 * redactor (every secret it holds) and then a pattern pass for anything credential-shaped it has never seen.
 */
export function openCoreLog(
  config: ProxyConfig,
  dataDir: string,
  redactor: Pick<Redactor, 'redact'>,
  now: () => number = Date.now,
): LogFile {
  return new LogFile({
    path: logFilePath(config.logging, dataDir),
    level: config.logging.level,
    maxBytes: config.logging.maxBytes,
    backups: config.logging.backups,
    redact: (text) => redactor.redact(text),
    now,
    onError: (message) => process.stderr.write(`coding-proxy log: ${message}\n`),
  });
}
