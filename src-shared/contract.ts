// The typed control contract between the core and every front end (dashboard over HTTP or Electron IPC, CLI).
// One table of commands (request → response) and one union of pushed events. Transports are dumb pipes over it:
// HTTP `POST /api/<command>` with a JSON body (+ `GET /api/events` as server-sent events), Electron `ipcRenderer.invoke`.
import type { VendorConfigInput, VendorKind } from './config-schema.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';
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

export interface TierStatus {
  name: string;
  kind: VendorKind;
  enabled: boolean;
  circuit: { state: CircuitState; failures: number; retryAt?: number; recoveryMs: number };
  quota: QuotaStatus[];
  lastError?: { message: string; at: number };
  /** Set when the tier cannot work until the user signs in again / fixes its key. */
  signInNeeded?: string;
}

export interface StatusResponse {
  tiers: TierStatus[];
  /** The tier that served the most recent request, if any. */
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
  cost: Array<{ amount: number; currency: string }>;
}

export interface UsageSummaryResponse {
  range: UsageRange['range'];
  byVendor: UsageSeriesPoint[];
  byModel: UsageSeriesPoint[];
  totals: {
    requests: number;
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
}

export interface RequestView {
  requestKey: string;
  ts: string;
  modelRequested: string;
  stream: boolean;
  success: boolean;
  servedBy: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  durationMs: number;
  attempts: AttemptView[];
  skipped: Array<{ tier: string; reason: string }>;
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

export interface ContractCommands extends DashboardCommands, SignInCommands {
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
}

export type CoreEvent =
  | { type: 'tier-changed'; tier: TierStatus }
  | { type: 'order-changed'; order: string[] }
  | { type: 'request-finished'; request: RequestFinished }
  | { type: 'failover'; from: string; to: string | null; reason: string }
  | { type: 'quota-crossed'; tier: string; windowHours: number; percent: number; state: QuotaState }
  | { type: 'sign-in-changed'; signIn: SignInState };

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
}

export interface SignInCommands {
  /** `vendor` names the copilot / antigravity vendor whose settings (URLs, client id) to use. */
  signInStart: { request: { provider: SignInProvider; vendor?: string }; response: SignInState };
  signInStatus: { request: { id: string }; response: SignInState };
  signInCancel: { request: { id: string }; response: SignInState };
}
