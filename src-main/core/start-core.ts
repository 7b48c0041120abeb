import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ProxyConfig, VendorConfig } from '../../src-shared/config-schema.ts';
import { createFileSecretStore } from './auth/secret-store-file.ts';
import type { ConfigStore } from './config/config-store.ts';
import { resolveVendorSecrets, type SecretResolver } from './config/secret-refs.ts';
import { createControlHandlers, type ControlHandlers } from './control/handlers.ts';
import type { CoreContext, UsageReader } from './core-context.ts';
import type { AttemptSink } from './router/attempt-record.ts';
import { Router } from './router/router.ts';
import { Tier } from './router/tier.ts';
import { TierChain } from './router/tier-chain.ts';
import { dashboardCookieValue, loadOrCreateControlToken } from './security/control-token.ts';
import { makePrivateDataDir } from './security/private-files.ts';
import { RedactingEmitter } from './security/redact-events.ts';
import { Redactor } from './security/redactor.ts';
import { createProxyServer, type ProxyServer } from './server/http-server.ts';
import { createVendorAdapter } from './vendors/registry.ts';
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
  /** How `${VAR}` / `keychain:` references in secret fields are resolved for the forwarders (default: env only). */
  secretResolver?: SecretResolver;
  /** The control API's bearer token; default: `<dataDir>/control.token`, created on first start. */
  controlToken?: string;
  /** Shared with whoever else reports upstream text (the ledger); default: a new one. */
  redactor?: Redactor;
}

export interface RunningCore {
  url: string;
  port: number;
  context: CoreContext;
  handlers: ControlHandlers;
  server: ProxyServer;
  /** Bearer token for `/api/*` over HTTP. */
  controlToken: string;
  /** The dashboard URL that logs the browser in (`#token=…`, turned into a cookie and removed from the bar). */
  dashboardUrl: string;
  /** Drains in-flight requests (bounded by `server.drainTimeoutMs`), closes pools and the ledger. */
  close(): Promise<void>;
}

/** Builds and starts the whole headless core: tiers, router, control handlers, HTTP listener. */
export async function startCore(options: CoreOptions): Promise<RunningCore> {
  const { config } = options;
  const now = options.now ?? Date.now;
  makePrivateDataDir(options.dataDir);
  const redactor = options.redactor ?? new Redactor();
  const controlToken = options.controlToken ?? loadOrCreateControlToken(options.dataDir);
  redactor.add(controlToken);
  redactor.add(dashboardCookieValue(controlToken));
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
  const tiers = config.vendors.map((vendor) => {
    const resolved = forwarderConfig(vendor);
    return new Tier(resolved, createVendorAdapter(resolved, services), now);
  });
  const chain = new TierChain(tiers, config.tiers ?? config.vendors.map((vendor) => vendor.name));
  const events = new RedactingEmitter(redactor);
  const routerOptions: ConstructorParameters<typeof Router>[0] = {
    chain,
    failover: config.failover,
    events,
    now,
  };
  if (options.sink) routerOptions.sink = redactingSink(options.sink, redactor);
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
    redactor,
    resolveVendor: forwarderConfig,
    baseUrl: () => url,
    applyVendors(next) {
      const previous = new Set(chain.ordered());
      const rebuilt = next.vendors.map((vendor) => {
        const current = chain.get(vendor.name);
        const resolved = forwarderConfig(vendor);
        if (current && isDeepStrictEqual(current.adapter.config, resolved)) return current;
        return new Tier(resolved, createVendorAdapter(resolved, services), now);
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
  if (options.usage) context.usage = options.usage;
  const handlers = createControlHandlers(context);
  const serverOptions: Parameters<typeof createProxyServer>[0] = { core: context, handlers, controlToken };
  if (options.dashboardDir) serverOptions.dashboardDir = options.dashboardDir;
  const server = createProxyServer(serverOptions);
  const address = await server.listen(options.port ?? config.server.port, host);
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${shownHost}:${address.port}`;
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
        await Promise.all(tiers.map((tier) => tier.adapter.close?.()));
        await options.sink?.close?.();
      })();
      return closing;
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

/** The ledger (or a test's sink) never stores a secret an upstream error quoted. */
function redactingSink<S extends AttemptSink>(sink: S, redactor: Redactor): AttemptSink {
  return {
    record: (attempt) =>
      sink.record(
        attempt.errorMessage ? { ...attempt, errorMessage: redactor.redact(attempt.errorMessage) } : attempt,
      ),
  };
}
