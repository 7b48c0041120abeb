// The log file from the dashboard (issue 15): where it is, its level, its last lines (already redacted when
// written). `coding-proxy logs -f` follows it from a terminal.
import { useCallback, useEffect, useState } from 'react';
import type { LogTail } from '../../src-shared/contract.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { transport } from '../transport/current-transport.ts';
import { useT } from '../stores/ui-store.ts';

export function LogsView() {
  const t = useT();
  const [tail, setTail] = useState<LogTail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    transport()
      .call('readLogs', { lines: 300 })
      .then(
        (result) => {
          setTail(result);
          setError(null);
        },
        (failure: Error) => setError(failure.message),
      );
  }, []);
  useEffect(load, [load]);
  return (
    <section className="view" data-testid="logs-view">
      <header className="view-head">
        <h2>{t('logs.heading')}</h2>
        <button type="button" className="button small" onClick={load}>
          {t('logs.refresh')}
        </button>
      </header>
      {error && <ErrorNote title={t('logs.unavailable')} message={error} onRetry={load} />}
      {tail && (
        <>
          <p className="muted">
            {t('logs.where', { path: tail.path, level: tail.level })} <code>coding-proxy logs -f</code>
          </p>
          {tail.lines.length === 0 ? (
            <p className="muted">{t('logs.empty')}</p>
          ) : (
            <pre className="log-tail" data-testid="log-lines">
              {tail.lines.join('\n')}
            </pre>
          )}
        </>
      )}
    </section>
  );
}
