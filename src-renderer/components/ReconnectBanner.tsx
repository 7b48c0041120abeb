import { refreshAll } from '../data/query.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useT } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';

/**
 * Shown only while the event stream is down; it goes away by itself when the connection is back. A page the proxy
 * refuses (opened without the token link) is told how to get in instead of waiting for a reconnection.
 */
export function ReconnectBanner() {
  const t = useT();
  const connection = useTiers((state) => state.connection);
  if (connection === 'unauthorized') {
    return (
      <div className="reconnect-banner" role="alert" data-testid="unauthorized-banner">
        <span>{t('conn.unauthorizedHelp')}</span>
      </div>
    );
  }
  if (connection !== 'reconnecting') return null;
  return (
    <div className="reconnect-banner" role="status" data-testid="reconnect-banner">
      <span>{t('conn.lost')}</span>
      <button
        type="button"
        className="button small"
        onClick={() => {
          transport().reconnectNow?.();
          refreshAll();
        }}
      >
        {t('error.retry')}
      </button>
    </div>
  );
}
