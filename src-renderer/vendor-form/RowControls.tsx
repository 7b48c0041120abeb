// The two buttons every row editor has: remove this row, add a row.
import type { MessageKey } from '../i18n/strings.ts';
import { useT } from '../stores/ui-store.ts';

export function RemoveRowButton(props: { onRemove(): void }) {
  const t = useT();
  return (
    <button
      type="button"
      className="button small ghost"
      aria-label={t('vform.removeRow')}
      onClick={props.onRemove}
    >
      ✕
    </button>
  );
}

export function AddRowButton(props: { label: MessageKey; testId: string; onAdd(): void }) {
  const t = useT();
  return (
    <button type="button" className="button small" data-testid={props.testId} onClick={props.onAdd}>
      {t(props.label)}
    </button>
  );
}
