// The log file from the dashboard (issue 15): where it is, its level, its last lines (already redacted when
// written). Read through the one query layer and refreshed as the core reports what it logs; `coding-proxy logs
// -f` follows it from a terminal.
import type { PushedEvent } from '../../src-shared/preload-api.ts';
import { QueryStatus } from '../components/QueryStatus.tsx';
import { useQuery } from '../data/query.ts';
import { useT } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';

const LINES = 300;

/** Every event the core pushes is also a log line, except the in-flight panel's progress steps. */
const logged = (event: PushedEvent) => event.type !== 'request-progress' && event.type !== 'request-ended';

export function LogsView() {
  const t = useT();
  const tail = useQuery('readLogs', () => transport().call('readLogs', { lines: LINES }), {
    refreshOn: logged,
    throttleMs: 2000,
  });
  return (
    <section className="view" data-testid="logs-view">
      <header className="view-head">
        <h2>{t('logs.heading')}</h2>
        <button
          type="button"
          className="button small"
          data-testid="logs-refresh"
          disabled={tail.status === 'ready' && tail.refreshing}
          onClick={tail.reload}
        >
          {t('logs.refresh')}
        </button>
      </header>
      <QueryStatus query={tail} errorTitle={t('logs.unavailable')}>
        {(data) => (
          <>
            <p className="muted wrap-anywhere">
              {t('logs.where', { path: data.path, level: data.level })} <code>coding-proxy logs -f</code>
            </p>
            {data.lines.length === 0 ? (
              <p className="muted" data-testid="logs-empty">
                {t(data.exists ? 'logs.empty' : 'logs.missing')}
              </p>
            ) : (
              <pre className="log-tail" data-testid="log-lines">
                {data.lines.join('\n')}
              </pre>
            )}
          </>
        )}
      </QueryStatus>
    </section>
  );
}
