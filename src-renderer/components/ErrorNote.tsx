import { useT } from '../stores/ui-store.ts';

/** A clear, inline failure message with an optional retry (never a silent empty view). */
export function ErrorNote(props: { title: string; message: string; onRetry?: () => void }) {
  const t = useT();
  return (
    <div className="error-note" role="alert">
      <strong>{props.title}</strong>
      <span>{props.message}</span>
      {props.onRetry && (
        <button type="button" className="button small" onClick={props.onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}
