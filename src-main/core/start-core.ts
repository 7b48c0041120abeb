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
import { checkOfferedModels } from './vendors/model-check.ts';
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
  const secrets = options.secrets ?? createFileSecretStore(join(options.dataDir, 'secrets.json'));
  const services = { now, secrets };
  const tiers = config.vendors.map((vendor) => new Tier(vendor, createVendorAdapter(vendor, services), now));
  const chain = new TierChain(tiers, config.tiers ?? config.vendors.map((vendor) => vendor.name));
  const events = new TypedEmitter<CoreEvent>();
  const noticeUnofferedModels = (list: readonly Tier[]) =>
    checkOfferedModels(list, (tier, message) => events.emit({ type: 'vendor-notice', tier, message }));
  const routerOptions: ConstructorParameters<typeof Router>[0] = {
    chain,
    failover: config.failover,
    events,
    now,
  };
  if (options.sink) routerOptions.sink = options.sink;
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
    baseUrl: () => url,
    applyVendors(next) {
      const previous = new Set(chain.ordered());
      const rebuilt = next.vendors.map((vendor) => {
        const current = chain.get(vendor.name);
        if (current && isDeepStrictEqual(current.adapter.config, vendor)) return current;
        return new Tier(vendor, createVendorAdapter(vendor, services), now);
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
  if (options.sink) context.ledger = options.sink;
  if (options.usage) context.usage = options.usage;
  const handlers = createControlHandlers(context);
  const serverOptions: Parameters<typeof createProxyServer>[0] = { core: context, handlers };
  if (options.dashboardDir) serverOptions.dashboardDir = options.dashboardDir;
  const server = createProxyServer(serverOptions);
  const address = await server.listen(options.port ?? config.server.port, host);
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${shownHost}:${address.port}`;
  // In the background: a mapped model the account is not offered becomes one line in the event log.
  noticeUnofferedModels(tiers);
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
        await Promise.all(tiers.map((tier) => tier.adapter.close?.()));
        await options.sink?.close?.();
      })();
      return closing;
    },
  };
}
