// One request in full: what the client got, how long it waited, what it cost, and every tier on the way.
import { useEffect, useRef } from 'react';
import type { RequestView } from '../../src-shared/contract.ts';
import { useQuery } from '../data/query.ts';
import { endingKey, requestEnding } from '../format/request-outcome.ts';
import { useFormats, useT } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';
import { StatusPill } from './StatusPill.tsx';
import { Timeline } from './Timeline.tsx';

function Row(props: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.value}</dd>
    </>
  );
}

export function RequestDrawer(props: { request: RequestView; onClose(): void }) {
  const t = useT();
  const f = useFormats();
  const closeButton = useRef<HTMLButtonElement>(null);
  const key = props.request.requestKey;
  const detail = useQuery(
    `requestDetail:${key}`,
    () => transport().call('requestDetail', { requestKey: key }),
    {
      refreshOn: (event) => event.type === 'request-finished' && event.request.requestKey === key,
    },
  );
  // The row already has everything; the detail query keeps it current if the request changes.
  const request = detail.status === 'ready' ? detail.data : props.request;
  const onClose = props.onClose;

  useEffect(() => {
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const cost = request.cost.filter((entry) => entry.amount > 0);
  const started = request.startedAt ? Date.parse(request.startedAt) : null;
  const ending = requestEnding(request);
  const servedBy = ending.kind === 'served' ? ending.tier : t(endingKey(ending)!);
  return (
    <>
      <button type="button" className="drawer-backdrop" aria-label={t('drawer.close')} onClick={onClose} />
      <aside
        className="drawer"
        role="dialog"
        aria-modal="true"
        aria-label={t('drawer.title')}
        data-testid="request-drawer"
      >
        <header className="drawer-head">
          <StatusPill request={request} />
          <h3 className="drawer-title">
            {request.modelRequested}
            {request.modelServed && request.modelServed !== request.modelRequested && (
              <span className="muted"> → {request.modelServed}</span>
            )}
          </h3>
          <button
            ref={closeButton}
            type="button"
            className="button small ghost push-right"
            data-testid="drawer-close"
            onClick={onClose}
          >
            {t('drawer.close')}
          </button>
        </header>
        {(request.errorType || request.errorMessage) && (
          <div className="error-note" data-testid="drawer-error">
            {request.errorType && <strong>{request.errorType}</strong>}
            {request.errorMessage && <span className="wrap-anywhere">{request.errorMessage}</span>}
          </div>
        )}
        <dl className="details">
          <Row
            label={t('drawer.status')}
            testId="drawer-status"
            value={request.status === null ? t('drawer.unknown') : String(request.status)}
          />
          <Row label={t('drawer.servedBy')} value={servedBy} testId="drawer-served-by" />
          <Row label={t('drawer.started')} value={started === null ? '-' : f.dateTime(started)} />
          <Row label={t('drawer.ended')} value={f.dateTime(Date.parse(request.ts))} />
          <Row
            label={t('drawer.stream')}
            testId="drawer-stream"
            value={request.stream ? t('drawer.yes') : t('drawer.no')}
          />
          <Row label={t('drawer.ttfb')} value={f.duration(request.ttfbMs)} />
          <Row label={t('drawer.duration')} value={f.duration(request.durationMs)} />
          <Row
            label={t('drawer.tokens')}
            testId="drawer-tokens"
            value={t('drawer.tokenBreakdown', {
              input: f.tokens(request.inputTokens),
              output: f.tokens(request.outputTokens),
              cacheRead: f.tokens(request.cacheReadTokens),
              cacheWrite: f.tokens(request.cacheCreationTokens),
            })}
          />
          <Row
            label={t('drawer.cost')}
            value={
              <>
                {cost.length ? cost.map((entry) => f.money(entry.amount, entry.currency)).join(' + ') : '-'}
                {request.unpricedTokens > 0 && (
                  <span className="muted">
                    {' '}
                    · {t('today.unpriced', { tokens: f.tokens(request.unpricedTokens) })}
                  </span>
                )}
              </>
            }
          />
          <Row
            label={t('drawer.session')}
            value={<code className="wrap-anywhere">{request.sessionKey || '-'}</code>}
          />
          <Row
            label={t('drawer.client')}
            testId="drawer-client"
            value={
              request.clientCategory === 'api'
                ? t('client.api')
                : request.clientCategory === 'cc'
                  ? t('client.cc')
                  : request.clientCategory || '-'
            }
          />
          <Row
            label={t('drawer.requestKey')}
            value={<code className="wrap-anywhere">{request.requestKey}</code>}
          />
        </dl>
        <h4>{t('drawer.path')}</h4>
        <Timeline request={request} />
        {request.skipped.length > 0 && (
          <ul className="drawer-list" data-testid="drawer-skipped">
            {request.skipped.map((skip) => (
              <li key={skip.tier}>
                <strong>{skip.tier}</strong> <span className="muted">{skip.reason}</span>
              </li>
            ))}
          </ul>
        )}
        {request.attempts.length > 0 && (
          <>
            <h4>{t('drawer.attempts')}</h4>
            <ol className="drawer-list attempts" data-testid="drawer-attempts">
              {request.attempts.map((attempt) => (
                <li key={attempt.attempt} className={attempt.success ? 'ok-border' : 'bad-border'}>
                  <div>
                    <strong>{attempt.vendor}</strong> · {attempt.modelServed} ·{' '}
                    <span className={attempt.success ? 'ok-text' : 'error-text'}>
                      {attempt.status ?? '-'}
                      {attempt.errorClass ? ` ${attempt.errorClass}` : ''}
                    </span>
                  </div>
                  <div className="muted small">
                    {t('drawer.attemptTimes', {
                      duration: f.duration(attempt.durationMs),
                      ttfb: f.duration(attempt.ttfbMs),
                      tokens: f.tokens(
                        attempt.inputTokens +
                          attempt.outputTokens +
                          attempt.cacheCreationTokens +
                          attempt.cacheReadTokens,
                      ),
                    })}
                  </div>
                  {attempt.errorMessage && <div className="small wrap-anywhere">{attempt.errorMessage}</div>}
                </li>
              ))}
            </ol>
          </>
        )}
      </aside>
    </>
  );
}
