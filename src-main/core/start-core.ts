import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ProxyConfig } from '../../src-shared/config-schema.ts';
import type { CoreEvent } from '../../src-shared/contract.ts';
import { createFileSecretStore } from './auth/secret-store-file.ts';
import type { ConfigStore } from './config/config-store.ts';
import { createControlHandlers, type ControlHandlers } from './control/handlers.ts';
import type { CoreContext, UsageReader } from './core-context.ts';
import { TypedEmitter } from './events.ts';
import type { AttemptSink } from './router/attempt-record.ts';
import { Router } from './router/router.ts';
import { Tier } from './router/tier.ts';
import { TierChain } from './router/tier-chain.ts';
import { createProxyServer, type ProxyServer } from './server/http-server.ts';
import { createVendorAdapter } from './vendors/registry.ts';
import { describeAttempt, logEvents, tapConsole } from './logging/core-log.ts';
import { LogFile, logFilePath } from './logging/log-file.ts';
import { NativePassthrough } from './passthrough/native-passthrough.ts';
import { BINDINGS_FILE, SessionBindings } from './sessions/binding-store.ts';
import { policyWarnings } from './sessions/session-policy.ts';
import { SessionRouting } from './sessions/session-routing.ts';
import type { SecretStore } from './vendors/vendor-adapter.ts';

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
  /** Where attempts are recorded; the ledger in production, a test sink in tests. */
  sink?: AttemptSink & { problem?: string | undefined; close?(): void | Promise<void> };
  usage?: UsageReader;
  now?: () => number;
  /** Ping interval for quiet streams (tests shorten it). */
  keepAliveMs?: number;
  /** The log file when the caller opened it earlier (the CLI, to log config warnings); else opened here. */
  logFile?: LogFile;
}

export interface RunningCore {
  url: string;
  port: number;
  context: CoreContext;
  handlers: ControlHandlers;
  server: ProxyServer;
  /** Drains in-flight requests (bounded by `server.drainTimeoutMs`), closes pools and the ledger. */
  close(): Promise<void>;
}

/** Builds and starts the whole headless core: tiers, router, control handlers, HTTP listener. */
export async function startCore(options: CoreOptions): Promise<RunningCore> {
  const { config } = options;
  const now = options.now ?? Date.now;
  // ---- issue 15: log file, session routing, native API passthrough ----
  const logs = options.logFile ?? openCoreLog(config, options.dataDir, now);
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
  const sink: CoreOptions['sink'] = options.sink && {
    ...options.sink,
    problem: options.sink.problem,
    record(attempt) {
      if (logs.enabled('debug')) logs.write('debug', describeAttempt(attempt));
      options.sink?.record(attempt);
    },
  };
  const passthrough = new NativePassthrough({
    config: () => config.nativeApi,
    ...(sink ? { sink } : {}),
    now,
    log: (level, message) => logs.write(level, message),
  });
  const secrets = options.secrets ?? createFileSecretStore(join(options.dataDir, 'secrets.json'));
  const services = { now, secrets };
  const tiers = config.vendors.map((vendor) => new Tier(vendor, createVendorAdapter(vendor, services), now));
  const chain = new TierChain(tiers, config.tiers ?? config.vendors.map((vendor) => vendor.name));
  const events = new TypedEmitter<CoreEvent>();
  const routerOptions: ConstructorParameters<typeof Router>[0] = {
    chain,
    failover: config.failover,
    events,
    now,
  };
  if (sink) routerOptions.sink = sink;
  if (options.keepAliveMs) routerOptions.keepAliveMs = options.keepAliveMs;
  const router = new Router(routerOptions);
  const host = options.host ?? config.server.host;
  let url = '';
  const context: CoreContext = {
    version: VERSION,
    config,
    router,
    events,
    configStore: options.configStore,
    secrets,
    passthrough,
    sessions,
    logs,
    baseUrl: () => url,
    applyVendors(next) {
      const previous = new Set(chain.ordered());
      const rebuilt = next.vendors.map((vendor) => {
        const current = chain.get(vendor.name);
        if (current && isDeepStrictEqual(current.adapter.config, vendor)) return current;
        return new Tier(vendor, createVendorAdapter(vendor, services), now);
      });
      chain.replace(rebuilt, next.tiers ?? next.vendors.map((vendor) => vendor.name));
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
  if (options.sink) context.ledger = options.sink;
  const unlogEvents = logEvents(events, logs);
  if (options.usage) context.usage = options.usage;
  const handlers = createControlHandlers(context);
  const serverOptions: Parameters<typeof createProxyServer>[0] = { core: context, handlers };
  if (options.dashboardDir) serverOptions.dashboardDir = options.dashboardDir;
  const server = createProxyServer(serverOptions);
  let address: Awaited<ReturnType<typeof server.listen>>;
  try {
    address = await server.listen(options.port ?? config.server.port, host);
  } catch (error) {
    unlogEvents();
    untapConsole();
    await passthrough.close();
    if (!options.logFile) await logs.close();
    throw error;
  }
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${shownHost}:${address.port}`;
  logs.write('info', `coding-proxy ${VERSION} listening on ${url} (tiers: ${chain.order.join(' → ')})`);
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    context,
    handlers,
    server,
    close() {
      closing ??= (async () => {
        await server.close(config.server.drainTimeoutMs);
        await router.close();
        await passthrough.close();
        await Promise.all(tiers.map((tier) => tier.adapter.close?.()));
        await options.sink?.close?.();
        logs.write('info', 'coding-proxy stopped');
        unlogEvents();
        untapConsole();
        await logs.close();
      })();
      return closing;
    },
  };
}

/** Every configured secret, for the log's redaction (read per line, so edits apply at once). */
export function configSecrets(config: ProxyConfig): string[] {
  return config.vendors.flatMap((vendor) =>
    [vendor.apiKey, vendor.githubToken, vendor.clientSecret, vendor.refreshToken].filter(
      (value): value is string => typeof value === 'string' && value !== '',
    ),
  );
}

export function openCoreLog(config: ProxyConfig, dataDir: string, now: () => number = Date.now): LogFile {
  return new LogFile({
    path: logFilePath(config.logging, dataDir),
    level: config.logging.level,
    maxBytes: config.logging.maxBytes,
    backups: config.logging.backups,
    secrets: () => configSecrets(config),
    now,
    onError: (message) => process.stderr.write(`coding-proxy log: ${message}\n`),
  });
}
