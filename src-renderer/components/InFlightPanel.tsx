// Requests running now, per tier, with their elapsed time and whether content has reached the client yet
// (before that a failure is still replaced invisibly by the next tier; after it, it no longer can be).
import { useNow } from '../hooks/use-now.ts';
import { inFlightByTier } from '../stores/in-flight-reducer.ts';
import { useInFlight } from '../stores/in-flight-store.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useFormats, usePlural, useT } from '../stores/ui-store.ts';

export function InFlightPanel() {
  const t = useT();
  const tn = usePlural();
  const f = useFormats();
  const requests = useInFlight((state) => state.requests);
  const order = useTiers((state) => state.order);
  const groups = inFlightByTier(requests, order);
  const count = Object.keys(requests).length;
  const now = useNow(count > 0);
  return (
    <section className="panel in-flight" data-testid="in-flight" data-count={count} aria-live="polite">
      <h3>
        {t('inFlight.heading')}{' '}
        <span className="muted small">{count > 0 ? tn('inFlight.count', count) : ''}</span>
      </h3>
      {count === 0 ? (
        <p className="muted small">{t('inFlight.idle')}</p>
      ) : (
        <ul className="in-flight-groups">
          {groups.map((group) => (
            <li key={group.tier ?? '-'} className="in-flight-group">
              <strong className="in-flight-tier">{group.tier ?? t('inFlight.noTierYet')}</strong>
              <ul className="in-flight-list">
                {group.requests.map((request) => (
                  <li key={request.requestKey} className="in-flight-request" data-testid="in-flight-request">
                    <span className="in-flight-model">{request.modelRequested}</span>
                    <span className="tabular">{f.duration(Math.max(0, now - request.startedAt))}</span>
                    <span className={request.contentStarted ? 'pill pill-ok' : 'pill pill-wait'}>
                      {request.contentStarted
                        ? t('inFlight.streaming')
                        : request.stream
                          ? t('inFlight.waitingFirstToken')
                          : t('inFlight.waitingAnswer')}
                    </span>
                    {request.retries > 0 && (
                      <span className="pill pill-wait" data-testid="in-flight-retry">
                        {t('inFlight.retry', { n: request.retries })}
                      </span>
                    )}
                    {request.failedTiers.length > 0 && (
                      <span className="muted small">
                        {t('inFlight.after', { tiers: request.failedTiers.join(', ') })}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
