// Quota guards (token budgets per rolling window) and the circuit breaker, as plain numbers with their defaults as
// placeholders: a field left empty keeps the default and is not written into the config.
import type { MessageKey } from '../i18n/strings.ts';
import { useT } from '../stores/ui-store.ts';
import {
  BREAKER_DEFAULTS,
  type DraftBreaker,
  type DraftQuota,
  type DraftRetry,
  emptyQuota,
  QUOTA_DEFAULTS,
  RETRY_DEFAULTS,
} from './draft.ts';
import { FieldErrors, type ServerProblem } from './FieldNotes.tsx';
import { AddRowButton, RemoveRowButton } from './RowControls.tsx';
import type { FormProblem } from './validate.ts';

interface Notes {
  problems: FormProblem[];
  server: ServerProblem[];
}

function NumberCell(props: {
  label: string;
  value: string;
  placeholder?: string;
  testId?: string;
  onChange(value: string): void;
}) {
  return (
    <label className="number-cell">
      <span className="muted small">{props.label}</span>
      <input
        type="text"
        inputMode="decimal"
        value={props.value}
        placeholder={props.placeholder}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  );
}

export function QuotaGuardsEditor(props: Notes & { rows: DraftQuota[]; onChange(rows: DraftQuota[]): void }) {
  const t = useT();
  const { rows, onChange } = props;
  const set = (id: number, patch: Partial<DraftQuota>) =>
    onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  return (
    <div className="row-editor" data-testid="quota-editor">
      <p className="muted small">{t('vform.quotaHint')}</p>
      {rows.map((row) => (
        <div key={row.id} className="edit-row number-row" data-testid="quota-row">
          <NumberCell
            label={t('vform.quotaWindow')}
            value={row.windowHours}
            onChange={(windowHours) => set(row.id, { windowHours })}
          />
          <NumberCell
            label={t('vform.quotaBudget')}
            value={row.tokenBudget}
            placeholder="1000000"
            onChange={(tokenBudget) => set(row.id, { tokenBudget })}
          />
          <NumberCell
            label={t('vform.quotaThreshold')}
            value={row.thresholdPercent}
            placeholder={String(QUOTA_DEFAULTS.thresholdPercent)}
            onChange={(thresholdPercent) => set(row.id, { thresholdPercent })}
          />
          <NumberCell
            label={t('vform.quotaProbe')}
            value={row.probeIntervalSeconds}
            placeholder={String(QUOTA_DEFAULTS.probeIntervalSeconds)}
            onChange={(probeIntervalSeconds) => set(row.id, { probeIntervalSeconds })}
          />
          <RemoveRowButton onRemove={() => onChange(rows.filter((candidate) => candidate.id !== row.id))} />
          <FieldErrors field={`quota:${row.id}`} problems={props.problems} server={props.server} />
        </div>
      ))}
      <AddRowButton
        label="vform.addQuota"
        testId="add-quota"
        onAdd={() => onChange([...rows, emptyQuota()])}
      />
    </div>
  );
}

const BREAKER_FIELDS: ReadonlyArray<{ key: keyof DraftBreaker; label: MessageKey }> = [
  { key: 'failureThreshold', label: 'vform.breakerFailures' },
  { key: 'recoveryTimeoutSeconds', label: 'vform.breakerPause' },
  { key: 'successThreshold', label: 'vform.breakerSuccesses' },
  { key: 'maxRecoveryTimeoutSeconds', label: 'vform.breakerMaxPause' },
];

export function BreakerEditor(props: Notes & { value: DraftBreaker; onChange(value: DraftBreaker): void }) {
  const t = useT();
  return (
    <div className="row-editor" data-testid="breaker-editor">
      <p className="muted small">{t('vform.breakerHint')}</p>
      <div className="edit-row number-row">
        {BREAKER_FIELDS.map((field) => (
          <NumberCell
            key={field.key}
            label={t(field.label)}
            value={props.value[field.key]}
            placeholder={String(BREAKER_DEFAULTS[field.key])}
            testId={`breaker-${field.key}`}
            onChange={(value) => props.onChange({ ...props.value, [field.key]: value })}
          />
        ))}
      </div>
      <FieldErrors field="breaker" problems={props.problems} server={props.server} />
    </div>
  );
}

/** How often the last tier left is tried again on a transient error, and how long those retries may wait in all. */
export function RetryEditor(props: Notes & { value: DraftRetry; onChange(value: DraftRetry): void }) {
  const t = useT();
  return (
    <div className="row-editor" data-testid="retry-editor">
      <p className="muted small">{t('vform.retryHint')}</p>
      <div className="edit-row number-row">
        <NumberCell
          label={t('vform.retryAttempts')}
          value={props.value.maxAttempts}
          placeholder={String(RETRY_DEFAULTS.maxAttempts)}
          testId="retry-maxAttempts"
          onChange={(maxAttempts) => props.onChange({ ...props.value, maxAttempts })}
        />
        <NumberCell
          label={t('vform.retryWait')}
          value={props.value.maxWaitSeconds}
          placeholder={String(RETRY_DEFAULTS.maxWaitMs / 1000)}
          testId="retry-maxWait"
          onChange={(maxWaitSeconds) => props.onChange({ ...props.value, maxWaitSeconds })}
        />
      </div>
      <FieldErrors field="retry" problems={props.problems} server={props.server} />
    </div>
  );
}
