// The typed control contract between the core and every front end (dashboard over HTTP or Electron IPC, CLI).
// One table of commands (request → response) and one union of pushed events. Transports are dumb pipes over it:
// HTTP `POST /api/<command>` with a JSON body (+ `GET /api/events` as server-sent events), Electron `ipcRenderer.invoke`.
import type { VendorConfigInput, VendorKind } from './config-schema.ts';
import type { HealthSummary } from './health.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';
/** `exhausted` comes only from the vendor (a usage-cap answer); the tokens counted here reach `over-threshold`. */
export type QuotaState = 'ok' | 'over-threshold' | 'exhausted';

export interface QuotaStatus {
  windowHours: number;
  usedTokens: number;
  tokenBudget: number;
  percent: number;
  thresholdPercent: number;
  state: QuotaState;
  resetAt?: number;
  nextProbeAt?: number;
}

/** The vendor said the account's quota is used up (issue 14 #10): skipped until `until`, configured guards or not. */
export interface VendorQuotaStatus {
  /** Epoch ms of the vendor's reset time, or of the next probe when it named none. */
  until: number;
  /** The vendor's verdict in a few words ("quota or balance used up", "daily quota used up"). */
  reason: string;
  reportedAt: number;
}

export interface TierStatus {
  name: string;
  kind: VendorKind;
  enabled: boolean;
  circuit: { state: CircuitState; failures: number; retryAt?: number; recoveryMs: number };
  quota: QuotaStatus[];
  lastError?: { message: string; at: number };
  /** Set when the tier cannot work until the user signs in again / fixes its key (the core's words, for the CLI). */
  signInNeeded?: string;
  /** Beside `signInNeeded` when a browser sign-in fixes it: who and why, for front ends that say it themselves. */
  signIn?: SignInNeed;
  /** The latest prompt too big for the tier's context window: `context window (N > M)` (issue 15). */
  contextSkip?: { reason: string; at: number };
  /** The vendor reported its quota exhausted: no request goes there until `until` (then one probes). */
  vendorQuota?: VendorQuotaStatus;
}

export interface StatusResponse {
  tiers: TierStatus[];
  /** Whether the chain can serve now and through which tier (src-shared/health.ts): what the UI should show. */
  health: HealthSummary;
  /** The tier that served the most recent request, if any (history, not health: it may be blocked now). */
  activeTier: string | null;
  version: string;
  baseUrl: string;
  /** The ledger cannot record (corrupt/locked file); requests still work. */
  ledgerProblem?: string;
}

export interface ResetRequest {
  /** Put these tiers first, in this order; the others keep their relative order after them. */
  tiers?: string[];
}

export interface UsageRange {
  range: '24h' | '7d' | '30d' | 'all';
}

export interface UsageSeriesPoint {
  /** Local date `YYYY-MM-DD`, or hour `YYYY-MM-DDTHH` for the 24h range. */
  bucket: string;
  key: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  failovers: number;
  /** Attempts at this vendor/model that failed (a request that failed over counts once per failed tier). */
  failedAttempts: number;
  cost: Array<{ amount: number; currency: string }>;
}

export interface UsageSummaryResponse {
  range: UsageRange['range'];
  /** Every bucket of the range, oldest first, with or without traffic: the charts' continuous time axis. */
  buckets: string[];
  byVendor: UsageSeriesPoint[];
  byModel: UsageSeriesPoint[];
  /** Split by client category (`cc` = Claude Code, `api` = other clients); see `categories`. */
  byCategory: UsageSeriesPoint[];
  /** The client categories present in the range (the split is worth drawing when there are two or more). */
  categories: string[];
  /** Client requests per bucket, as the clients saw them: every request, including those no tier could take. */
  traffic: TrafficPoint[];
  /** Tokens whose served model has no price, per vendor: their cost is missing from every cost figure. */
  unpriced: Array<{ vendor: string; tokens: number }>;
  /** Since local midnight, whatever the range: the board's and the tray's "today". */
  today: TodayUsage;
  totals: {
    /** Client requests (served or not). */
    requests: number;
    /** Client requests that got an error (no tier available, every tier failed, a stream broken mid-way). */
    errors: number;
    inputTokens: number;
    outputTokens: number;
    cacheCreationTokens: number;
    cacheReadTokens: number;
    failovers: number;
    avgDurationMs: number | null;
    avgTtfbMs: number | null;
    cost: Array<{ amount: number; currency: string }>;
  };
}

export interface TrafficPoint {
  bucket: string;
  /** Client requests that ended in this bucket. */
  requests: number;
  /** Of which got an error. */
  errors: number;
  /** Of which the client abandoned before the answer was complete (neither served nor an error). */
  aborted: number;
  /** Of which no tier even tried (every tier skipped: breaker open, quota, sign-in, disabled). */
  noTier: number;
}

export interface TodayUsage {
  requests: number;
  errors: number;
  tokens: number;
  cost: Array<{ amount: number; currency: string }>;
  unpricedTokens: number;
}

export interface AttemptView {
  vendor: string;
  attempt: number;
  success: boolean;
  status: number | null;
  errorClass: string | null;
  errorMessage: string | null;
  durationMs: number;
  ttfbMs: number | null;
  modelServed: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}

/** One step of a request's path through the chain, in the order it happened. */
export type TimelineStep =
  | { kind: 'skipped'; tier: string; reason: string }
  /** `attempt` indexes `RequestView.attempts`. */
  | { kind: 'attempt'; attempt: number };

export interface RequestView {
  requestKey: string;
  /** When the request ended (ISO UTC). */
  ts: string;
  /** When it started (ISO UTC), when known. */
  startedAt: string | null;
  modelRequested: string;
  /** The model that answered, when a tier served it. */
  modelServed: string | null;
  stream: boolean;
  success: boolean;
  /** The HTTP status the client got; null for requests recorded before the status was kept. */
  status: number | null;
  /** The Anthropic error type and message the client got, when it got an error. */
  errorType: string | null;
  errorMessage: string | null;
  servedBy: string | null;
  failedOver: boolean;
  sessionKey: string;
  clientCategory: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  /** Priced per attempt; empty when nothing was priced. */
  cost: Array<{ amount: number; currency: string }>;
  /** Tokens of attempts whose model has no price (their cost is missing from `cost`). */
  unpricedTokens: number;
  /** Wall-clock time the client waited. */
  durationMs: number;
  /** Time until the client got its first byte, when known. */
  ttfbMs: number | null;
  attempts: AttemptView[];
  /** Tiers passed over, each once. */
  skipped: Array<{ tier: string; reason: string }>;
  /** Skips and attempts in the order they happened, each once. */
  timeline: TimelineStep[];
}

/**
 * A secret as a front end sees it: whether one is set, and the last four characters of a value written literally,
 * or the environment variable it comes from, or that the OS keychain holds it — never the value.
 */
export interface SecretHint {
  set: boolean;
  hint?: string;
  env?: string;
  stored?: 'keychain';
}

export interface VendorView
  extends Omit<VendorConfigInput, 'apiKey' | 'githubToken' | 'clientSecret' | 'refreshToken' | 'headers'> {
  /** Secrets are never sent to a front end. */
  apiKey?: SecretHint;
  githubToken?: SecretHint;
  /** Header values can be credentials (`Authorization`), so they are masked like keys. Sending a header back as
   *  this hint (unchanged) keeps its stored value in `saveVendor`. */
  headers?: Record<string, SecretHint>;
}

export interface ContractCommands
  extends DashboardCommands,
    SignInCommands,
    ActivityCommands,
    SessionCommands,
    VendorModelCommands,
    VendorFormCommands {
  status: { request: Record<string, never>; response: StatusResponse };
  reset: { request: ResetRequest; response: { ok: true; order: string[] } };
  reorderTiers: { request: { order: string[] }; response: { ok: true; order: string[] } };
  setVendorEnabled: { request: { name: string; enabled: boolean }; response: { ok: true } };
  listVendors: { request: Record<string, never>; response: { vendors: VendorView[]; tiers: string[] } };
  saveVendor: {
    request: {
      vendor: VendorConfigInput;
      previousName?: string;
      /** Confirms pointing a tier that uses credentials it does not hold itself (Claude Code's own, or a stored
       *  sign-in) at a new destination; without it such a save is refused with a problem on the changed field. */
      confirmCredentialDestination?: boolean;
    };
    response:
      | {
          ok: true;
          /** Kept secrets dropped because the vendor's destination changed (e.g. `apiKey`, `headers.x-key`). */
          droppedSecrets?: string[];
        }
      | { ok: false; problems: Array<{ path: string; message: string }> };
  };
  removeVendor: { request: { name: string }; response: { ok: true } };
  usageSummary: { request: UsageRange; response: UsageSummaryResponse };
  recentRequests: {
    request: { limit?: number; vendor?: string; onlyFailovers?: boolean };
    response: { requests: RequestView[] };
  };
}

export type CommandName = keyof ContractCommands;
export type CommandRequest<C extends CommandName> = ContractCommands[C]['request'];
export type CommandResponse<C extends CommandName> = ContractCommands[C]['response'];

export interface RequestFinished {
  requestKey: string;
  servedBy: string | null;
  success: boolean;
  failoverFrom: string | null;
  durationMs: number;
  modelRequested: string;
  modelServed: string | null;
  tokens: number;
  // What the client saw; optional so that every producer need not know them (the ledger keeps what it gets).
  /** HTTP status the client got (200 for a served stream, even one that broke after content). */
  status?: number;
  /** The Anthropic error type and message sent to the client. */
  errorType?: string;
  errorMessage?: string;
  stream?: boolean;
  sessionKey?: string;
  clientCategory?: string;
  /** Time until the first byte reached the client. */
  ttfbMs?: number;
  /** Every tier passed over, in order. */
  skipped?: Array<{ tier: string; reason: string }>;
  /** How many attempts were made (a retry of the last tier left counts as one more). */
  attempts?: number;
}

export type CoreEvent =
  | { type: 'tier-changed'; tier: TierStatus }
  | { type: 'order-changed'; order: string[] }
  | { type: 'request-finished'; request: RequestFinished }
  | { type: 'failover'; from: string; to: string | null; reason: string }
  | { type: 'quota-crossed'; tier: string; windowHours: number; percent: number; state: QuotaState }
  | { type: 'sign-in-changed'; signIn: SignInState }
  /** A request started, moved to another tier, or its content started flowing to the client. */
  | { type: 'request-progress'; request: InFlightRequest }
  /** A request left the in-flight set (served, failed or abandoned by its client). */
  | { type: 'request-ended'; requestKey: string }
  | { type: 'session-binding-changed'; sessionKey: string; binding: SessionBinding | null }
  /** Something about a vendor the user should know and fix (e.g. a mapped model the account is not offered). */
  | { type: 'vendor-notice'; tier: string; message: string };

/** Errors come back typed over every transport. */
export interface ContractError {
  error: { type: 'invalid_request' | 'not_found' | 'conflict' | 'internal'; message: string };
}

// ---- Dashboard commands (added for the dashboard; implemented in src-main/core/control/dashboard-handlers.ts) ----
// Kept in their own table so the core's handler map can adopt them in one line:
// `export interface ContractCommands extends DashboardCommands`.

/** What the dashboard knows about `~/.claude/settings.json` (the file Claude Code reads its env from). */
export interface ClaudeSettingsStatus {
  path: string;
  exists: boolean;
  /** `env.ANTHROPIC_BASE_URL` currently in the file, if any. */
  baseUrl: string | null;
  /** True when that URL is this proxy's. */
  connected: boolean;
  /** A backup taken by `connectClaudeCode` that `restoreClaudeCode` can put back. */
  backupPath: string | null;
  /** The file exists but is not a JSON object: we refuse to touch it. */
  problem?: string;
}

export interface DashboardCommands {
  /** Resets one tier's breaker, quota guards, last error and sign-in flag (the contract's `reset` resets all). */
  resetTier: { request: { name: string }; response: { ok: true } };
  claudeSettingsStatus: { request: Record<string, never>; response: ClaudeSettingsStatus };
  /** Writes `env.ANTHROPIC_BASE_URL` = this proxy's URL, after backing the file up. */
  connectClaudeCode: { request: Record<string, never>; response: ClaudeSettingsStatus };
  /** Puts the backup taken by `connectClaudeCode` back (or removes the key when there was no file). */
  restoreClaudeCode: { request: Record<string, never>; response: ClaudeSettingsStatus };
}

// ---- Sign-in commands (implemented in src-main/core/control/sign-in-handlers.ts) ----

export type SignInProvider = 'github' | 'google';
/** `missing`: never signed in; `expired`/`revoked`: the provider no longer takes the sign-in; `no-access`: the
 *  account has no access to the vendor (Copilot without chat). */
export type SignInReason = 'missing' | 'expired' | 'revoked' | 'no-access';
export interface SignInNeed {
  provider: SignInProvider;
  reason: SignInReason;
}
export type SignInPhase = 'waiting' | 'done' | 'failed' | 'cancelled' | 'expired';

/** One sign-in session as the dashboard sees it; pushed again as `sign-in-changed` whenever it moves. */
export interface SignInState {
  id: string;
  provider: SignInProvider;
  state: SignInPhase;
  /** GitHub device flow: the code the user types at `verificationUri`. */
  userCode?: string;
  verificationUri?: string;
  /** Google: the consent page to open; the browser comes back to the core's loopback listener. */
  authUrl?: string;
  /** Epoch milliseconds after which the session is dead. */
  expiresAt?: number;
  /** Why it failed (denied, network…), in a sentence. */
  message?: string;
  /** A finished sign-in: the account it belongs to (GitHub login, Google email), when the provider said. */
  account?: string;
}

export interface SignInCommands {
  /** `vendor` names the copilot / antigravity vendor whose settings (URLs, client id) to use. */
  signInStart: { request: { provider: SignInProvider; vendor?: string }; response: SignInState };
  signInStatus: { request: { id: string }; response: SignInState };
  signInCancel: { request: { id: string }; response: SignInState };
}

// ---- Vendor model commands (implemented in src-main/core/control/vendor-model-handlers.ts) ----

/** One model a vendor offers this account, from the vendor's own list. */
export interface OfferedModelView {
  id: string;
  /** Input tokens the model accepts, when the vendor's list (or its documentation) says. */
  contextWindow?: number;
  /** API paths the vendor serves it on (Copilot: `/chat/completions`, `/responses`, `/v1/messages`). */
  endpoints?: string[];
}

export interface VendorModelsResponse {
  models: OfferedModelView[];
  /** When the list was read (epoch ms); absent when it never could be. */
  fetchedAt?: number;
  /** Why the list could not be read (no sign-in yet, HTTP error…), in a sentence. */
  problem?: string;
  /** What each Claude family is sent to on this vendor right now. */
  mapped?: { opus: string; sonnet: string; haiku: string };
}

export interface VendorModelCommands {
  /** The models a vendor offers (for the vendor form); reads the list when it was never read or `refresh`. */
  vendorModels: { request: { name: string; refresh?: boolean }; response: VendorModelsResponse };
}

// ---- Activity commands: the request log, its detail and export, requests in flight ----
// Implemented in src-main/core/control/activity-handlers.ts.

/** `aborted`: the client left before its answer was complete (recorded with status 499, not an error). */
export type RequestOutcome = 'ok' | 'error' | 'failover' | 'no-tier' | 'aborted';

export interface RequestQuery {
  /** Requests that this vendor served or that tried it. */
  vendor?: string;
  /** Requested or served model. */
  model?: string;
  outcome?: RequestOutcome;
  /** Exact HTTP status the client got. */
  status?: number;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  /** Only the requests of this Claude Code session (the Sessions view's detail). */
  sessionKey?: string;
}

export interface RequestPage {
  requests: RequestView[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
  /** How many requests match the filter in all (counting stops at 100,000: then `totalCapped`). */
  total: number;
  totalCapped: boolean;
}

/** A request the proxy is working on right now. */
export interface InFlightRequest {
  requestKey: string;
  /** Epoch ms. */
  startedAt: number;
  modelRequested: string;
  stream: boolean;
  sessionKey: string;
  /** The tier being tried now, null before the first attempt. */
  tier: string | null;
  /** 0-based number of the current attempt within the request (retries count too). */
  attempt: number;
  /** Retries of `tier` so far: the last tier left retries a transient error within its budget. */
  retries: number;
  /** Epoch ms when the current attempt started. */
  attemptStartedAt: number | null;
  /** Content has reached the client: from here on the request can no longer fail over. */
  contentStarted: boolean;
  /** Tiers that were tried and failed before the current one. */
  failedTiers: string[];
}

export interface ActivityCommands {
  listRequests: {
    request: RequestQuery & { limit?: number; cursor?: string };
    response: RequestPage;
  };
  requestDetail: { request: { requestKey: string }; response: RequestView };
  /** The matching requests as CSV (newest first), capped at `limit` rows (default and maximum 10,000). */
  exportRequests: {
    request: RequestQuery & { limit?: number };
    response: { csv: string; rows: number; truncated: boolean };
  };
  /** Vendors and models seen in the ledger, for filter menus. */
  requestFacets: { request: Record<string, never>; response: { vendors: string[]; models: string[] } };
  inFlightRequests: { request: Record<string, never>; response: { requests: InFlightRequest[] } };
}

// ---- Sessions, native API passthrough and logs (issue 15; src-main/core/control/session-handlers.ts) ----

/** Tiers a session tries first (set at run time); the other tiers still follow in the global order. */
export interface SessionBinding {
  sessionKey: string;
  tiers: string[];
  /** Epoch ms. */
  boundAt: number;
  lastUsedAt: number;
  /** When the binding is dropped unless a request of the session comes first. */
  expiresAt: number;
}

/** One Claude Code session (or the passthrough traffic, key '') over the asked time range. */
export interface SessionView {
  sessionKey: string;
  /** The session's first real user message, trimmed (empty until one was seen). */
  title: string;
  firstSeen: string;
  lastSeen: string;
  /** Client requests (a request that failed over counts once). */
  requests: number;
  /** Requests that no tier could serve. */
  failedRequests: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  models: string[];
  /** Tiers that served at least one request. */
  vendors: string[];
  avgDurationMs: number | null;
  /** Served requests / requests, in percent. */
  successRate: number | null;
  clientCategory: 'cc' | 'api';
  binding: SessionBinding | null;
  /** The config policy that applies when there is no binding. */
  policy: string | null;
}

export interface ClientCategoryTotals {
  clientCategory: 'cc' | 'api';
  requests: number;
  tokens: number;
}

export interface LogTail {
  path: string;
  exists: boolean;
  level: string;
  lines: string[];
}

export interface SessionCommands {
  listSessions: {
    request: { hours?: number; limit?: number };
    response: {
      hours: number;
      sessions: SessionView[];
      /** Bindings of sessions that have no request in the range too. */
      bindings: SessionBinding[];
      /** Claude Code (`/v1/messages`) against API passthrough traffic over the same hours. */
      categories: ClientCategoryTotals[];
    };
  };
  /** Unknown tier → `invalid_request`, nothing changed. */
  bindSession: {
    request: { sessionKey: string; tiers: string[] };
    response: { ok: true; binding: SessionBinding; order: string[] };
  };
  /** No binding for that key → `not_found`. */
  unbindSession: { request: { sessionKey: string }; response: { ok: true } };
  /** The last lines of the log file (never a secret: lines are redacted when written). */
  readLogs: { request: { lines?: number }; response: LogTail };
}

// ---- Vendor form commands: test a vendor, sign-in state and sign-out, remove with undo ----
// Implemented in src-main/core/control/vendor-form-handlers.ts.

/** Why a vendor test failed, for the form to explain in the UI's language (the vendor's words come in `message`). */
export type VendorTestFailure =
  /** Nothing answered at the address: connection refused, unknown host, connection reset. */
  | 'unreachable'
  | 'timeout'
  /** The vendor refused the key or the sign-in, or the tier has none. */
  | 'credentials'
  /** The vendor answered with an error (see `status`). */
  | 'vendor-error'
  /** The vendor answered something that is not an answer of its kind. */
  | 'unreadable'
  /** The form's values are not a valid vendor (see `message`). */
  | 'invalid'
  /** The tier relays Claude Code's own credentials, which only a request from Claude Code carries. */
  | 'not-testable';

export type VendorTestResult =
  | {
      ok: true;
      /** From sending the request to the whole answer. */
      latencyMs: number;
      /** The model that answered (as the vendor named it). */
      model: string;
    }
  | {
      ok: false;
      reason: VendorTestFailure;
      /** The vendor's HTTP status, when it answered. */
      status?: number;
      /** What went wrong, in the vendor's words where it gave some; secrets are redacted. */
      message: string;
      latencyMs?: number;
    };

export interface VendorTestRequest {
  /** A saved vendor, tested through its live tier (its breaker, quota and the ledger are not touched). */
  name?: string;
  /**
   * Unsaved form values instead. Secret fields left empty use the stored ones of `previousName` only while the
   * destination is the same; a key typed into the form goes only to the form's own destination.
   */
  vendor?: VendorConfigInput;
  previousName?: string;
  /** The Claude model to ask for, mapped by the vendor like a real request (default: a Sonnet model). */
  model?: string;
}

export type BaseUrlCheck =
  | { reachable: true }
  | {
      reachable: false;
      reason: 'refused' | 'unknown-host' | 'timeout' | 'tls' | 'invalid' | 'other';
      /** The network error in a sentence. */
      message: string;
    };

export interface VendorSignInState {
  provider: SignInProvider;
  /** Where the tier's credential comes from: a stored sign-in, the vendor's own config, or nowhere yet. */
  source: 'sign-in' | 'config' | 'none';
  /** Set when the tier cannot work until the user signs in (again). */
  problem?: string;
  /** A stored sign-in's account (GitHub login, Google email); absent until the provider has named it. */
  account?: string;
}

export interface VendorState {
  name: string;
  /** Copilot and Antigravity vendors. */
  signIn?: VendorSignInState;
  /** Things about this vendor the user should fix (`vendor-notice` events since its tier was last built). */
  notices: string[];
}

export interface RemovedVendor {
  /** Hands the removed vendor back with `undoRemoveVendor` (known only to the caller that removed it). */
  undoToken: string;
  name: string;
  /** 0-based place it had in the failover order. */
  position: number;
  /** Epoch ms after which the undo is gone. */
  expiresAt: number;
}

export interface VendorFormCommands {
  /** One minimal real call through a vendor (no streaming); shows latency or the vendor's error. */
  testVendor: { request: VendorTestRequest; response: VendorTestResult };
  /** Whether anything answers at a base URL (a TCP/TLS connection to its host, no request, no credentials). */
  checkBaseUrl: { request: { url: string }; response: BaseUrlCheck };
  /** Sign-in state and open notices of every vendor. */
  vendorStates: { request: Record<string, never>; response: { vendors: VendorState[] } };
  /**
   * Deletes the stored sign-in the named copilot / antigravity vendor uses. The sign-in belongs to the provider,
   * so every tier using it (`tiers`) needs a new sign-in from now on.
   */
  signOut: {
    request: { vendor: string };
    response: { ok: true; provider: SignInProvider; tiers: string[] };
  };
  /**
   * Removes a vendor at once (config file, tier chain, a desktop keychain entry). The removed entry, its secrets
   * included, is held in memory only until `undoRemoveVendor`, `forgetRemovedVendor` or `expiresAt`.
   */
  removeVendorWithUndo: { request: { name: string }; response: { ok: true } & RemovedVendor };
  /** Puts a removed vendor back as it was, at its place in the failover order. */
  undoRemoveVendor: {
    request: { undoToken: string };
    response: { ok: true; name: string; position: number };
  };
  /** Drops a held undo (and the secrets it keeps) before it expires. */
  forgetRemovedVendor: { request: { undoToken: string }; response: { ok: true } };
}
