// Extra headers sent to the vendor. Values can be credentials, so they are masked like keys: a stored value is
// never shown, only whether it is set (and its last four characters); leaving the field empty keeps it.
import type { SecretHint } from '../../src-shared/contract.ts';
import { useT } from '../stores/ui-store.ts';
import { type DraftHeader, emptyHeader } from './draft.ts';
import { FieldErrors, type ServerProblem } from './FieldNotes.tsx';
import { AddRowButton, RemoveRowButton } from './RowControls.tsx';
import type { FormProblem } from './validate.ts';

export function HeadersEditor(props: {
  rows: DraftHeader[];
  onChange(rows: DraftHeader[]): void;
  problems: FormProblem[];
  server: ServerProblem[];
}) {
  const t = useT();
  const { rows, onChange } = props;
  const set = (id: number, patch: Partial<DraftHeader>) =>
    onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  const storedText = (stored: SecretHint) =>
    stored.hint
      ? t('vform.keepValue', { current: t('vendors.secretSet', { hint: stored.hint }) })
      : stored.env
        ? t('vform.keepValue', { current: t('vform.keyFromEnv', { name: stored.env }) })
        : t('vform.keepValue', { current: t('vendors.secretSetNoHint') });
  return (
    <div className="row-editor" data-testid="headers-editor">
      <p className="muted small">{t('vform.headersHint')}</p>
      {rows.map((row, index) => (
        <div key={row.id} className="edit-row header-row" data-testid="header-row">
          <input
            type="text"
            aria-label={t('vform.headerName', { n: index + 1 })}
            spellCheck={false}
            placeholder="x-custom-header"
            value={row.name}
            onChange={(event) => set(row.id, { name: event.target.value })}
          />
          <input
            aria-label={t('vform.headerValue', { n: index + 1 })}
            type="password"
            autoComplete="off"
            value={row.value}
            placeholder={row.stored?.set ? storedText(row.stored) : ''}
            onChange={(event) => set(row.id, { value: event.target.value })}
          />
          <RemoveRowButton onRemove={() => onChange(rows.filter((candidate) => candidate.id !== row.id))} />
          <FieldErrors field={`header:${row.id}`} problems={props.problems} server={props.server} />
        </div>
      ))}
      <AddRowButton
        label="vform.addHeader"
        testId="add-header"
        onAdd={() => onChange([...rows, emptyHeader()])}
      />
    </div>
  );
}
