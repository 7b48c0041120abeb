// The three states every view distinguishes: loading (not "nothing yet"), an error with a retry, and data.
import type { ReactNode } from 'react';
import type { QueryState } from '../data/query.ts';
import { useT } from '../stores/ui-store.ts';
import { ErrorNote } from './ErrorNote.tsx';

export function QueryStatus<T>(props: {
  query: QueryState<T> & { reload(): void };
  errorTitle: string;
  children: (data: T) => ReactNode;
}) {
  const t = useT();
  const { query } = props;
  if (query.status === 'loading')
    return (
      <p className="muted loading" data-testid="loading" aria-busy="true">
        <span className="spinner" aria-hidden="true" />
        {t('state.loading')}
      </p>
    );
  if (query.status === 'error')
    return <ErrorNote title={props.errorTitle} message={query.error} onRetry={query.reload} />;
  return (
    <>
      {query.staleError && (
        <ErrorNote title={t('state.stale')} message={query.staleError} onRetry={query.reload} />
      )}
      {props.children(query.data)}
    </>
  );
}
