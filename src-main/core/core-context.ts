import type { ProxyConfig, VendorConfig } from '../../src-shared/config-schema.ts';
import type {
  CoreEvent,
  InFlightRequest,
  RequestPage,
  RequestQuery,
  RequestView,
  UsageSummaryResponse,
} from '../../src-shared/contract.ts';
import type { ConfigStore } from './config/config-store.ts';
import type { TypedEmitter } from './events.ts';
import type { NativePassthrough } from './passthrough/native-passthrough.ts';
import type { Router } from './router/router.ts';
import type { SessionRouting } from './sessions/session-routing.ts';
import type { LogFile } from './logging/log-file.ts';
import type { SessionReader } from './ledger/session-reader.ts';
import type { SecretStore } from './common/secret-store.ts';
import type { SignInAccounts } from './auth/sign-in-accounts.ts';
import type { Redactor } from './security/redactor.ts';

/** Read side of the ledger as the control handlers need it. */
export interface UsageReader {
  summary(range: '24h' | '7d' | '30d' | 'all'): UsageSummaryResponse;
  recent(options: { limit?: number; vendor?: string; onlyFailovers?: boolean }): RequestView[];
  /** Newest first; throws RangeError for a cursor it did not hand out. */
  requests(query: RequestQuery & { limit?: number; cursor?: string }): RequestPage;
  request(requestKey: string): RequestView | undefined;
  exportCsv(query: RequestQuery & { limit?: number }): { csv: string; rows: number; truncated: boolean };
  facets(): { vendors: string[]; models: string[] };
  /** Sessions and the Claude Code / API split (issue 15). */
  sessions?: SessionReader;
}

/** Everything a running core holds; handed to control handlers and transports. */
export interface CoreContext {
  version: string;
  config: ProxyConfig;
  router: Router;
  events: TypedEmitter<CoreEvent>;
  configStore: ConfigStore;
  /** Where sign-ins put the GitHub token and Google refresh token; the vendors read them from here. */
  secrets: SecretStore;
  /** Which account each stored sign-in belongs to (not secret: kept apart from `secrets`). */
  accounts?: SignInAccounts;
  /** Knows every secret the core holds; text bound for a client, log, ledger or status goes through it. */
  redactor: Redactor;
  /**
   * A vendor's config with its `${VAR}` / `keychain:` references resolved, for a forwarder or a token exchange
   * only — `config` itself keeps the references, so no control answer can carry a resolved secret.
   */
  resolveVendor(vendor: VendorConfig): VendorConfig;
  ledger?: { problem?: string | undefined };
  usage?: UsageReader;
  baseUrl(): string;
  /** The core's clock (tests move it); health and countdowns are computed against it. */
  now?: () => number;
  /** Requests being served right now (the dashboard's in-flight panel). */
  inFlight?: { list(): InFlightRequest[] };
  /**
   * Rebuilds the tier chain from an edited config: unchanged vendors keep their breaker and quota state, except
   * those named in `rebuild`, which get a fresh adapter (e.g. after a sign-out, so no cached token survives).
   */
  applyVendors(config: ProxyConfig, options?: { rebuild?: readonly string[] }): void;
  // ---- issue 15: API passthrough, session routing, log file ----
  passthrough?: NativePassthrough;
  sessions?: SessionRouting;
  logs?: LogFile;
}
