// The vendor form's state as the user types it (strings, rows with ids), and its translation back into a vendor for
// `saveVendor`. Two rules keep the user's config file minimal:
// - an existing vendor is sent whole, as `listVendors` showed it, with the user's changes applied: the core writes
//   only what differs from what the file already meant (minimal-edit.ts), so untouched defaults stay unwritten;
// - a new vendor is sent with only what the user set: a value equal to its default is left out.
// Secrets never come back from the core: an empty key field or a header sent back as its masked hint keeps the
// stored value (while the destination stays the same; the core decides).
import {
  type AuthStyle,
  circuitBreakerSchema,
  quotaGuardSchema,
  retrySchema,
  type VendorConfigInput,
  type VendorKind,
} from '../../src-shared/config-schema.ts';
import type { SecretHint, VendorView } from '../../src-shared/contract.ts';

export interface DraftRule {
  id: number;
  match: string;
  to: string;
  /** Input tokens of the model this rule maps to; '' = as the vendor says. */
  contextWindow: string;
}

export interface DraftQuota {
  id: number;
  windowHours: string;
  tokenBudget: string;
  thresholdPercent: string;
  probeIntervalSeconds: string;
}

export interface DraftHeader {
  id: number;
  name: string;
  /** Typed by the user; '' keeps the stored value when there is one. */
  value: string;
  /** The stored value's mask, for a header the vendor already has. */
  stored?: SecretHint;
}

export interface DraftBreaker {
  failureThreshold: string;
  recoveryTimeoutSeconds: string;
  successThreshold: string;
  maxRecoveryTimeoutSeconds: string;
}

/** Last-tier retries; the wait is edited in seconds, stored in milliseconds. */
export interface DraftRetry {
  maxAttempts: string;
  maxWaitSeconds: string;
}

export interface VendorDraft {
  name: string;
  kind: VendorKind;
  enabled: boolean;
  /** '' = the kind's default choice (not written). */
  region: string;
  plan: string;
  /** '' = the preset's host for the region/plan. */
  baseUrl: string;
  /** Typed key; '' keeps the stored one. */
  apiKey: string;
  authStyle: '' | AuthStyle;
  modelMap: DraftRule[];
  quotaGuards: DraftQuota[];
  breaker: DraftBreaker;
  headers: DraftHeader[];
  /** Input tokens this vendor's models accept; '' = from the model list or the vendor's documentation. */
  contextWindow: string;
  retry: DraftRetry;
}

/** Defaults the schema fills in, for placeholders and for leaving defaults out of a new vendor. */
export const BREAKER_DEFAULTS = circuitBreakerSchema.parse({});
export const QUOTA_DEFAULTS = quotaGuardSchema.parse({ windowHours: 1, tokenBudget: 0 });
export const RETRY_DEFAULTS = retrySchema.parse({});

let nextId = 1;
/** Row ids for React keys: stable while rows are added, removed and edited. */
export const rowId = (): number => nextId++;

const text = (value: number | undefined) => (value === undefined ? '' : String(value));

export function emptyRule(): DraftRule {
  return { id: rowId(), match: '', to: '', contextWindow: '' };
}

export function emptyQuota(): DraftQuota {
  return { id: rowId(), windowHours: '5', tokenBudget: '', thresholdPercent: '', probeIntervalSeconds: '' };
}

export function emptyHeader(): DraftHeader {
  return { id: rowId(), name: '', value: '' };
}

export function draftFromView(
  view: VendorView | null,
  kind: VendorKind = 'anthropic-compatible',
): VendorDraft {
  const breaker = view?.circuitBreaker ?? {};
  return {
    name: view?.name ?? '',
    kind: view?.kind ?? kind,
    enabled: view?.enabled ?? true,
    region: view?.region ?? '',
    plan: view?.plan ?? '',
    baseUrl: view?.baseUrl ?? '',
    apiKey: '',
    authStyle: view?.authStyle ?? '',
    modelMap: (view?.modelMap ?? []).map((rule) => ({
      id: rowId(),
      match: rule.match,
      to: rule.to,
      contextWindow: text(rule.contextWindow),
    })),
    quotaGuards: (view?.quotaGuards ?? []).map((guard) => ({
      id: rowId(),
      windowHours: text(guard.windowHours),
      tokenBudget: text(guard.tokenBudget),
      thresholdPercent: text(guard.thresholdPercent),
      probeIntervalSeconds: text(guard.probeIntervalSeconds),
    })),
    breaker: {
      failureThreshold: text(breaker.failureThreshold),
      recoveryTimeoutSeconds: text(breaker.recoveryTimeoutSeconds),
      successThreshold: text(breaker.successThreshold),
      maxRecoveryTimeoutSeconds: text(breaker.maxRecoveryTimeoutSeconds),
    },
    headers: Object.entries(view?.headers ?? {}).map(([name, stored]) => ({
      id: rowId(),
      name,
      value: '',
      stored,
    })),
    contextWindow: text(view?.contextWindow),
    retry: {
      maxAttempts: text(view?.retry?.maxAttempts),
      maxWaitSeconds: view?.retry?.maxWaitMs === undefined ? '' : String(view.retry.maxWaitMs / 1000),
    },
  };
}

/** A number field: undefined when blank (the default applies), NaN when it is not a number. */
export function numberOf(value: string): number | undefined {
  const trimmed = value.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const isBlankRule = (rule: DraftRule) => rule.match.trim() === '' && rule.to.trim() === '';
const isBlankHeader = (header: DraftHeader) => header.name.trim() === '' && header.value === '';

type Breaker = NonNullable<VendorConfigInput['circuitBreaker']>;
type Quota = NonNullable<VendorConfigInput['quotaGuards']>[number];
type Retry = NonNullable<VendorConfigInput['retry']>;

function retryOf(draft: DraftRetry, onlyChanged: boolean): Retry {
  const out: Retry = {};
  const attempts = numberOf(draft.maxAttempts) ?? RETRY_DEFAULTS.maxAttempts;
  const seconds = numberOf(draft.maxWaitSeconds);
  const waitMs = seconds === undefined ? RETRY_DEFAULTS.maxWaitMs : Math.round(seconds * 1000);
  if (!onlyChanged || attempts !== RETRY_DEFAULTS.maxAttempts) out.maxAttempts = attempts;
  if (!onlyChanged || waitMs !== RETRY_DEFAULTS.maxWaitMs) out.maxWaitMs = waitMs;
  return out;
}

function breakerOf(draft: DraftBreaker, onlyChanged: boolean): Breaker {
  const out: Record<string, number> = {};
  for (const key of Object.keys(BREAKER_DEFAULTS) as Array<keyof DraftBreaker>) {
    const value = numberOf(draft[key]) ?? BREAKER_DEFAULTS[key];
    if (!onlyChanged || value !== BREAKER_DEFAULTS[key]) out[key] = value;
  }
  return out as Breaker;
}

function quotaOf(row: DraftQuota, original: Quota | undefined): Quota {
  const windowHours = numberOf(row.windowHours) ?? Number.NaN;
  const tokenBudget = numberOf(row.tokenBudget) ?? Number.NaN;
  const out: Quota = { windowHours, tokenBudget };
  const threshold = numberOf(row.thresholdPercent);
  const probe = numberOf(row.probeIntervalSeconds);
  // A row read from the vendor keeps its (filled-in) values so the core sees it unchanged; a new row gets only
  // what differs from the defaults.
  if (threshold !== undefined && (original || threshold !== QUOTA_DEFAULTS.thresholdPercent))
    out.thresholdPercent = threshold;
  if (probe !== undefined && (original || probe !== QUOTA_DEFAULTS.probeIntervalSeconds))
    out.probeIntervalSeconds = probe;
  return out;
}

function headersOf(rows: DraftHeader[]): Record<string, string | SecretHint> {
  const out: Record<string, string | SecretHint> = {};
  for (const row of rows) {
    if (isBlankHeader(row)) continue;
    const name = row.name.trim();
    // Untouched stored value: its hint means "keep" to the core.
    out[name] = row.value === '' && row.stored ? row.stored : row.value;
  }
  return out;
}

/**
 * The vendor to send. `original` is the vendor as listed (null for a new one); `originalDraft` is the draft it
 * produced, to tell which quota rows the user left alone.
 */
export function draftToVendor(draft: VendorDraft, original: VendorView | null): VendorConfigInput {
  const { apiKey: _key, githubToken: _token, headers: _headers, ...kept } = original ?? {};
  const vendor: Record<string, unknown> = original ? { ...kept } : {};
  vendor.name = draft.name.trim();
  vendor.kind = draft.kind;
  if (original || !draft.enabled) vendor.enabled = draft.enabled;
  const optional = { region: draft.region, plan: draft.plan, baseUrl: draft.baseUrl.trim() };
  for (const [key, value] of Object.entries(optional)) {
    if (value) vendor[key] = value;
    else delete vendor[key];
  }
  if (draft.apiKey) vendor.apiKey = draft.apiKey;
  if (draft.authStyle) vendor.authStyle = draft.authStyle;
  else delete vendor.authStyle;

  const rules = draft.modelMap
    .filter((rule) => !isBlankRule(rule))
    .map((rule) => {
      const window = numberOf(rule.contextWindow);
      return {
        match: rule.match.trim(),
        to: rule.to.trim(),
        ...(window === undefined ? {} : { contextWindow: window }),
      };
    });
  if (original || rules.length) vendor.modelMap = rules;

  const originalQuotas = original?.quotaGuards ?? [];
  const quotas = draft.quotaGuards.map((row, index) => quotaOf(row, originalQuotas[index]));
  if (original || quotas.length) vendor.quotaGuards = quotas;

  const breaker = breakerOf(draft.breaker, !original);
  if (original || Object.keys(breaker).length) vendor.circuitBreaker = breaker;

  const headers = headersOf(draft.headers);
  if (original || Object.keys(headers).length) vendor.headers = headers;

  const window = numberOf(draft.contextWindow);
  if (window === undefined) delete vendor.contextWindow;
  else vendor.contextWindow = window;
  const retry = retryOf(draft.retry, !original);
  if (original || Object.keys(retry).length) vendor.retry = retry;
  return vendor as VendorConfigInput;
}

/** Whether the form still says what the vendor already is (then Test uses the live tier). */
export function isUnchanged(draft: VendorDraft, original: VendorView | null, initial: VendorDraft): boolean {
  if (!original) return false;
  return JSON.stringify(draftToVendor(draft, original)) === JSON.stringify(draftToVendor(initial, original));
}
