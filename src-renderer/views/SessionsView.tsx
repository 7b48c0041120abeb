// Sessions (issue 15): every Claude Code session with its title, traffic and who served it, a tier picker per
// row that binds the session live (its tier is tried first; the others still follow), and the session's requests
// with their attempt timeline.
import { Fragment, useEffect } from 'react';
import type { SessionView } from '../../src-shared/contract.ts';
import { formatDuration, formatTokens } from '../../src-shared/format.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { formatClock } from '../format/countdown.ts';
import { useNow } from '../hooks/use-now.ts';
import { followSessions, SESSION_RANGES, type SessionRange, useSessions } from '../stores/sessions-store.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useT } from '../stores/ui-store.ts';
import { Timeline } from './RequestsView.tsx';

const DEFAULT = '';

function tokens(session: SessionView): number {
  return session.inputTokens + session.outputTokens + session.cacheCreationTokens + session.cacheReadTokens;
}

function TierPicker(props: { session: SessionView }) {
  const t = useT();
  const order = useTiers((state) => state.order);
  const { bind, saving } = useSessions();
  const binding = props.session.binding;
  const value = binding ? binding.tiers.join(',') : DEFAULT;
  const single = new Set(order);
  return (
    <select
      aria-label={t('sessions.bindFor', { session: props.session.sessionKey })}
      data-testid={`bind-${props.session.sessionKey}`}
      value={value}
      disabled={saving.includes(props.session.sessionKey)}
      onClick={(event) => event.stopPropagation()}
      onChange={(event) => {
        const next = event.target.value;
        void bind(props.session.sessionKey, next === DEFAULT ? null : next.split(','));
      }}
    >
      <option value={DEFAULT}>
        {props.session.policy ? t('sessions.policy', { name: props.session.policy }) : t('sessions.default')}
      </option>
      {binding && (binding.tiers.length > 1 || !single.has(binding.tiers[0] ?? '')) && (
        <option value={value}>
          {binding.tiers[0]} (+{binding.tiers.length - 1})
        </option>
      )}
      {order.map((tier) => (
        <option key={tier} value={tier}>
          {t('sessions.first', { tier })}
        </option>
      ))}
    </select>
  );
}

function Detail(props: { sessionKey: string }) {
  const t = useT();
  const open = useSessions((state) => state.open);
  const now = useNow(false);
  if (!open || open.sessionKey !== props.sessionKey) return null;
  if (open.error) return <ErrorNote title={t('sessions.requestsUnavailable')} message={open.error} />;
  if (!open.requests) return <p className="muted">{t('sessions.loading')}</p>;
  if (open.requests.length === 0) return <p className="muted">{t('sessions.noRequests')}</p>;
  return (
    <ul className="request-list" data-testid="session-requests">
      {open.requests.map((request) => (
        <li key={request.requestKey} className="request">
          <div className="request-head">
            <span className="request-time">{formatClock(Date.parse(request.ts), now)}</span>
            <strong>{request.modelRequested}</strong>
            <span className={request.success ? 'ok-text' : 'error-text'}>
              {request.success ? `→ ${request.servedBy ?? '-'}` : t('requests.failed')}
            </span>
            <span className="muted push-right">{formatDuration(request.durationMs)}</span>
          </div>
          <Timeline request={request} />
        </li>
      ))}
    </ul>
  );
}

export function SessionsView() {
  const t = useT();
  const { hours, sessions, categories, error, bindError, open, setHours, load, toggle } = useSessions();
  const now = useNow(false);
  useEffect(() => followSessions(), []);
  const rangeLabel = (range: SessionRange) =>
    range === 1
      ? t('sessions.lastHour')
      : range <= 24
        ? t('sessions.lastHours', { hours: range })
        : t('sessions.lastDays', { days: range / 24 });
  return (
    <section className="view" data-testid="sessions-view">
      <header className="view-head">
        <h2>{t('sessions.heading')}</h2>
        <div className="filters">
          <select
            aria-label={t('sessions.range')}
            value={hours}
            onChange={(event) => setHours(Number(event.target.value) as SessionRange)}
          >
            {SESSION_RANGES.map((range) => (
              <option key={range} value={range}>
                {rangeLabel(range)}
              </option>
            ))}
          </select>
        </div>
      </header>
      <p className="muted" data-testid="client-split">
        {categories.length === 0
          ? t('sessions.noTraffic')
          : categories
              .map((category) =>
                t(category.clientCategory === 'api' ? 'sessions.api' : 'sessions.cc', {
                  requests: category.requests,
                  tokens: formatTokens(category.tokens),
                }),
              )
              .join(' · ')}
      </p>
      {error && <ErrorNote title={t('sessions.unavailable')} message={error} onRetry={() => void load()} />}
      {bindError && <ErrorNote title={t('sessions.bindFailed')} message={bindError} />}
      {!error && sessions.length === 0 && <p className="muted">{t('sessions.empty')}</p>}
      {sessions.length > 0 && (
        <table className="grid sessions">
          <thead>
            <tr>
              <th>{t('sessions.session')}</th>
              <th>{t('sessions.lastActive')}</th>
              <th className="num">{t('sessions.requests')}</th>
              <th className="num">{t('sessions.tokens')}</th>
              <th>{t('sessions.servedBy')}</th>
              <th className="num">{t('sessions.avg')}</th>
              <th className="num">{t('sessions.success')}</th>
              <th>{t('sessions.tiersFirst')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <Fragment key={session.sessionKey}>
                <tr
                  className={`session-row${open?.sessionKey === session.sessionKey ? ' open' : ''}`}
                  data-testid={`session-${session.sessionKey}`}
                  onClick={() => toggle(session.sessionKey)}
                >
                  <td>
                    <div className="session-title">{session.title || t('sessions.untitled')}</div>
                    <div className="muted session-key" title={session.sessionKey}>
                      {session.sessionKey.slice(0, 24)}
                      {session.models.length > 0 && ` · ${session.models.slice(0, 3).join(', ')}`}
                    </div>
                  </td>
                  <td>{formatClock(Date.parse(session.lastSeen), now)}</td>
                  <td className="num">{session.requests}</td>
                  <td className="num">{formatTokens(tokens(session))}</td>
                  <td>{session.vendors.join(', ') || '-'}</td>
                  <td className="num">{formatDuration(session.avgDurationMs)}</td>
                  <td className="num">{session.successRate === null ? '-' : `${session.successRate}%`}</td>
                  <td>
                    <TierPicker session={session} />
                  </td>
                </tr>
                {open?.sessionKey === session.sessionKey && (
                  <tr className="session-detail">
                    <td colSpan={8}>
                      <Detail sessionKey={session.sessionKey} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
