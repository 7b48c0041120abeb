import { Fragment, useEffect } from 'react';
import type { RequestView } from '../../src-shared/contract.ts';
import { formatDuration, formatTokens } from '../../src-shared/format.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { formatClock } from '../format/countdown.ts';
import { useNow } from '../hooks/use-now.ts';
import { followRequests, useRequests } from '../stores/requests-store.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useT } from '../stores/ui-store.ts';

/** The attempt timeline of one request; the Sessions view shows it too. */
export function Timeline(props: { request: RequestView }) {
  const t = useT();
  const steps = [
    ...props.request.skipped.map((skip) => (
      <span key={`skip-${skip.tier}`} className="step step-skipped" title={skip.reason}>
        {t('requests.skipped', { tier: skip.tier, reason: skip.reason })}
      </span>
    )),
    ...props.request.attempts.map((attempt) => (
      <span
        key={`attempt-${attempt.attempt}`}
        className={`step ${attempt.success ? 'step-ok' : 'step-failed'}`}
        title={
          attempt.errorMessage ?? `${t('requests.attempt', { n: attempt.attempt })} · ${attempt.modelServed}`
        }
      >
        {attempt.vendor} ·{' '}
        {attempt.success
          ? (attempt.status ?? 'ok')
          : (attempt.errorClass ?? attempt.status ?? t('requests.failed'))}{' '}
        · {formatDuration(attempt.durationMs)}
      </span>
    )),
  ];
  return (
    <div className="timeline">
      {steps.map((step, index) => (
        <Fragment key={step.key}>
          {index > 0 && <span className="arrow">→</span>}
          {step}
        </Fragment>
      ))}
    </div>
  );
}

export function RequestsView() {
  const t = useT();
  const { filter, requests, error, setFilter, load } = useRequests();
  const vendors = useTiers((state) => state.order);
  const now = useNow(false);
  useEffect(() => followRequests(), []);
  return (
    <section className="view">
      <header className="view-head">
        <h2>{t('requests.heading')}</h2>
        <div className="filters">
          <select
            aria-label="vendor"
            value={filter.vendor ?? ''}
            onChange={(event) => setFilter({ vendor: event.target.value || null })}
          >
            <option value="">{t('requests.allVendors')}</option>
            {vendors.map((vendor) => (
              <option key={vendor} value={vendor}>
                {vendor}
              </option>
            ))}
          </select>
          <label>
            <input
              type="checkbox"
              checked={filter.onlyFailovers}
              onChange={(event) => setFilter({ onlyFailovers: event.target.checked })}
            />{' '}
            {t('requests.onlyFailovers')}
          </label>
        </div>
      </header>
      {error && <ErrorNote title={t('requests.unavailable')} message={error} onRetry={() => void load()} />}
      {!error && requests.length === 0 && <p className="muted">{t('requests.empty')}</p>}
      <ul className="request-list">
        {requests.map((request) => (
          <li key={request.requestKey} className="request" data-testid="request-row">
            <div className="request-head">
              <span className="request-time">{formatClock(Date.parse(request.ts), now)}</span>
              <strong>{request.modelRequested}</strong>
              <span className={request.success ? 'ok-text' : 'error-text'}>
                {request.success ? `→ ${request.servedBy ?? '-'}` : t('requests.failed')}
              </span>
              <span className="muted">
                {formatTokens(request.inputTokens + request.cacheReadTokens + request.cacheCreationTokens)} in
                · {formatTokens(request.outputTokens)} out
              </span>
              <span className="muted push-right">{formatDuration(request.durationMs)}</span>
            </div>
            <Timeline request={request} />
          </li>
        ))}
      </ul>
    </section>
  );
}
