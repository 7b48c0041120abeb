// Checks the vendor form as the user types, in the UI's language, each problem on the field it belongs to — the
// same rules as the config schema, said in words instead of config paths. Whatever the core still refuses comes
// back as `{path, message}` and is placed on its field by `placeServerProblem`.
import { presetChoiceProblem } from '../../src-shared/vendor-presets.ts';
import type { MessageKey } from '../i18n/strings.ts';
import { type DraftHeader, numberOf, type VendorDraft } from './draft.ts';

/** `name`, `baseUrl`…, a row (`rule:<id>`, `quota:<id>`, `header:<id>`), `breaker`, or `form` for the rest. */
export type FieldId = string;

export interface FormProblem {
  field: FieldId;
  key: MessageKey;
  params?: Record<string, string | number>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Kinds without a preset host: the user must say where the server is. */
export const NEEDS_BASE_URL: ReadonlySet<string> = new Set(['anthropic-compatible', 'openai-compatible']);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

type NumberRule = 'positive' | 'positiveInt' | 'wholeNumber' | 'percent' | 'retries' | 'waitSeconds';

function numberProblem(value: string, rule: NumberRule, required: boolean): MessageKey | undefined {
  const number = numberOf(value);
  if (number === undefined) return required ? 'vform.err.required' : undefined;
  if (Number.isNaN(number)) return 'vform.err.number';
  switch (rule) {
    case 'positive':
      return number > 0 ? undefined : 'vform.err.positive';
    case 'positiveInt':
      return Number.isInteger(number) && number > 0 ? undefined : 'vform.err.positiveInt';
    case 'wholeNumber':
      return Number.isInteger(number) && number >= 0 ? undefined : 'vform.err.wholeNumber';
    case 'percent':
      return number > 0 && number <= 100 ? undefined : 'vform.err.percent';
    case 'retries':
      return Number.isInteger(number) && number >= 0 && number <= 10 ? undefined : 'vform.err.retries';
    case 'waitSeconds':
      return number >= 0 && number <= 300 ? undefined : 'vform.err.waitSeconds';
  }
}

function headerProblems(headers: DraftHeader[]): FormProblem[] {
  const problems: FormProblem[] = [];
  const seen = new Set<string>();
  for (const header of headers) {
    const name = header.name.trim();
    if (name === '' && header.value === '') continue;
    const field = `header:${header.id}`;
    if (!HEADER_NAME.test(name)) problems.push({ field, key: 'vform.err.headerName' });
    else if (seen.has(name.toLowerCase()))
      problems.push({ field, key: 'vform.err.headerTwice', params: { name } });
    else if (header.value === '' && !header.stored) problems.push({ field, key: 'vform.err.headerValue' });
    seen.add(name.toLowerCase());
  }
  return problems;
}

/** Every problem of the draft; `otherNames` are the other vendors' names (a name must be unique). */
export function validateDraft(draft: VendorDraft, otherNames: readonly string[]): FormProblem[] {
  const problems: FormProblem[] = [];
  const name = draft.name.trim();
  if (name === '') problems.push({ field: 'name', key: 'vform.err.required' });
  else if (!NAME.test(name)) problems.push({ field: 'name', key: 'vform.err.nameChars' });
  else if (otherNames.includes(name))
    problems.push({ field: 'name', key: 'vform.err.nameTaken', params: { name } });

  const baseUrl = draft.baseUrl.trim();
  if (baseUrl !== '' && !isHttpUrl(baseUrl)) problems.push({ field: 'baseUrl', key: 'vform.err.url' });
  if (baseUrl === '' && NEEDS_BASE_URL.has(draft.kind))
    problems.push({ field: 'baseUrl', key: 'vform.err.urlRequired' });

  const choice = presetChoiceProblem(draft.kind, {
    ...(draft.plan ? { plan: draft.plan } : {}),
    ...(draft.region ? { region: draft.region } : {}),
  });
  if (choice) problems.push({ field: choice.field, key: 'vform.err.choice' });

  for (const rule of draft.modelMap) {
    const match = rule.match.trim();
    const to = rule.to.trim();
    if ((match === '') !== (to === '')) {
      problems.push({ field: `rule:${rule.id}`, key: 'vform.err.ruleHalf' });
      continue;
    }
    const window = numberProblem(rule.contextWindow, 'positiveInt', false);
    if (window) problems.push({ field: `rule:${rule.id}`, key: window });
  }
  for (const quota of draft.quotaGuards) {
    const field = `quota:${quota.id}`;
    const key =
      numberProblem(quota.windowHours, 'positive', true) ??
      numberProblem(quota.tokenBudget, 'wholeNumber', true) ??
      numberProblem(quota.thresholdPercent, 'percent', false) ??
      numberProblem(quota.probeIntervalSeconds, 'positive', false);
    if (key) problems.push({ field, key });
  }
  const breaker = draft.breaker;
  const breakerKey =
    numberProblem(breaker.failureThreshold, 'positiveInt', false) ??
    numberProblem(breaker.successThreshold, 'positiveInt', false) ??
    numberProblem(breaker.recoveryTimeoutSeconds, 'positive', false) ??
    numberProblem(breaker.maxRecoveryTimeoutSeconds, 'positive', false);
  if (breakerKey) problems.push({ field: 'breaker', key: breakerKey });
  problems.push(...headerProblems(draft.headers));
  const window = numberProblem(draft.contextWindow, 'positiveInt', false);
  if (window) problems.push({ field: 'contextWindow', key: window });
  const retryKey =
    numberProblem(draft.retry.maxAttempts, 'retries', false) ??
    numberProblem(draft.retry.maxWaitSeconds, 'waitSeconds', false);
  if (retryKey) problems.push({ field: 'retry', key: retryKey });
  return problems;
}

/** The form field a problem from the core belongs to (`modelMap[1].to` → that rule's row), else `form`. */
export function placeServerProblem(path: string, draft: VendorDraft): FieldId {
  const row = /^(modelMap|quotaGuards)\[(\d+)\]/.exec(path);
  if (row) {
    const index = Number(row[2]);
    if (row[1] === 'modelMap') {
      const rules = draft.modelMap.filter((rule) => rule.match.trim() !== '' || rule.to.trim() !== '');
      const rule = rules[index];
      return rule ? `rule:${rule.id}` : 'form';
    }
    const quota = draft.quotaGuards[index];
    return quota ? `quota:${quota.id}` : 'form';
  }
  const header = /^headers\.(.+)$/.exec(path);
  if (header) {
    const found = draft.headers.find((candidate) => candidate.name.trim() === header[1]);
    return found ? `header:${found.id}` : 'form';
  }
  const top = path.split(/[.[]/)[0] ?? '';
  if (top === 'circuitBreaker') return 'breaker';
  const fields = [
    'name',
    'kind',
    'region',
    'plan',
    'baseUrl',
    'apiKey',
    'authStyle',
    'contextWindow',
    'retry',
  ];
  if (fields.includes(top)) return top;
  return 'form';
}
