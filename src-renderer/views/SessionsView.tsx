// Sessions (issue 15): every Claude Code session with its title, traffic and who served it, a tier picker per
// row that binds the session live (its tiers are tried first; the others still follow), and the session's
// requests in the request log's own list and drawer.
import { Fragment, useEffect, useRef, useState } from 'react';
import type { SessionView } from '../../src-shared/contract.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { QueryStatus } from '../components/QueryStatus.tsx';
import { RequestList } from '../components/RequestList.tsx';
import { useRequestLog } from '../data/request-log.ts';
import {
  bindSession,
  SESSION_RANGES,
  type SessionList,
  type SessionRange,
  useSessionList,
  useSessionRange,
} from '../data/sessions.ts';
import { useNow } from '../hooks/use-now.ts';
import { NO_FILTER } from '../stores/request-filter.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useFormats, usePlural, useT } from '../stores/ui-store.ts';

/** The picker's value for "no binding" (the policy's or the global order). */
const DEFAULT = '';

const bindingValue = (session: SessionView): string => session.binding?.tiers.join(',') ?? DEFAULT;

function tokens(session: SessionView): number {
  return session.inputTokens + session.outputTokens + session.cacheCreationTokens + session.cacheReadTokens;
}

/**
 * What each picker shows while its change is on the way: the chosen value until a list read after the core
 * accepted it arrives (then the list says it), or nothing when the core refused it.
 */
function usePendingBindings(list: SessionList, reload: () => void) {
  const [pending, setPending] = useState<Record<string, { value: string; savedWith?: SessionList }>>({});
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(list);
  latest.current = list;
  useEffect(() => {
    setPending((current) => {
      const open = Object.entries(current).filter(
        ([, entry]) => entry.savedWith === undefined || entry.savedWith === list,
      );
      return open.length === Object.keys(current).length ? current : Object.fromEntries(open);
    });
  }, [list]);
  const choose = (sessionKey: string, value: string) => {
    setError(null);
    setPending((current) => ({ ...current, [sessionKey]: { value } }));
    bindSession(sessionKey, value === DEFAULT ? null : value.split(',')).then(
      () => {
        setPending((current) => ({ ...current, [sessionKey]: { value, savedWith: latest.current } }));
        reload();
      },
      (failure: Error) => {
        setPending(({ [sessionKey]: _refused, ...rest }) => rest);
        setError(failure.message);
      },
    );
  };
  return { pending, error, choose };
}

function TierPicker(props: {
  session: SessionView;
  value: string;
  saving: boolean;
  onChoose(value: string): void;
}) {
  const t = useT();
  const order = useTiers((state) => state.order);
  const byName = useTiers((state) => state.byName);
  const { session, value } = props;
  const single = new Set(order);
  // A disabled tier put first would be skipped by every request of the session: it cannot be picked.
  const disabled = (tier: string) => byName[tier]?.enabled === false;
  const boundFirst = value === DEFAULT ? undefined : value.split(',')[0];
  return (
    <>
      <select
        aria-label={t('sessions.bindFor', { session: session.sessionKey })}
        data-testid={`bind-${session.sessionKey}`}
        value={value}
        disabled={props.saving}
        onChange={(event) => props.onChoose(event.target.value)}
      >
        <option value={DEFAULT}>
          {session.policy ? t('sessions.policy', { name: session.policy }) : t('sessions.default')}
        </option>
        {value.includes(',') || (value !== DEFAULT && !single.has(value)) ? (
          <option value={value}>
            {value.split(',')[0]} (+{value.split(',').length - 1})
          </option>
        ) : null}
        {order.map((tier) => (
          <option key={tier} value={tier} disabled={disabled(tier) && tier !== value}>
            {t(disabled(tier) ? 'sessions.firstDisabled' : 'sessions.first', { tier })}
          </option>
        ))}
      </select>
      {boundFirst !== undefined && disabled(boundFirst) && (
        <p className="field-error small" data-testid={`bound-disabled-${session.sessionKey}`}>
          {t('sessions.boundDisabled', { tier: boundFirst })}
        </p>
      )}
    </>
  );
}

/** The session's requests: the request log's list and drawer, filtered by session. */
function SessionRequests(props: { sessionKey: string }) {
  const t = useT();
  const log = useRequestLog({ ...NO_FILTER, sessionKey: props.sessionKey });
  return <RequestList log={log} emptyText={t('sessions.noRequests')} testId="session-requests" />;
}

function ClientSplit(props: { list: SessionList }) {
  const t = useT();
  const tn = usePlural();
  const f = useFormats();
  const { categories } = props.list;
  return (
    <p className="muted" data-testid="client-split">
      {categories.length === 0
        ? t('sessions.noTraffic')
        : categories
            .map((category) =>
              t(category.clientCategory === 'api' ? 'sessions.api' : 'sessions.cc', {
                requests: tn('today.requests', category.requests),
                tokens: f.tokens(category.tokens),
              }),
            )
            .join(' · ')}
    </p>
  );
}

function SessionTable(props: { list: SessionList; reload(): void }) {
  const t = useT();
  const f = useFormats();
  const now = useNow(false);
  const [open, setOpen] = useState<string | null>(null);
  const { pending, error, choose } = usePendingBindings(props.list, props.reload);
  const anyDisabled = useTiers((state) => Object.values(state.byName).some((tier) => !tier.enabled));
  const { sessions } = props.list;
  return (
    <>
      <ClientSplit list={props.list} />
      {anyDisabled && sessions.length > 0 && (
        <p className="muted small" data-testid="disabled-tiers-note">
          {t('sessions.disabledNote')}
        </p>
      )}
      {error && <ErrorNote title={t('sessions.bindFailed')} message={error} />}
      {sessions.length === 0 ? (
        <p className="muted" data-testid="sessions-empty">
          {t('sessions.empty')}
        </p>
      ) : (
        <table className="grid responsive sessions" data-testid="sessions-table">
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
            {sessions.map((session) => {
              const key = session.sessionKey;
              const isOpen = open === key;
              return (
                <Fragment key={key}>
                  <tr className={`session-row${isOpen ? ' open' : ''}`} data-testid={`session-${key}`}>
                    <td>
                      <button
                        type="button"
                        className="session-title"
                        aria-expanded={isOpen}
                        title={session.title}
                        onClick={() => setOpen(isOpen ? null : key)}
                      >
                        <span className="session-title-text">{session.title || t('sessions.untitled')}</span>
                      </button>
                      <div className="muted session-key" title={key}>
                        {key.slice(0, 24)}
                        {session.models.length > 0 && ` · ${session.models.slice(0, 3).join(', ')}`}
                      </div>
                    </td>
                    <td data-label={t('sessions.lastActive')}>
                      {f.clock(Date.parse(session.lastSeen), now)}
                    </td>
                    <td className="num" data-label={t('sessions.requests')}>
                      {f.count(session.requests)}
                    </td>
                    <td className="num" data-label={t('sessions.tokens')}>
                      {f.tokens(tokens(session))}
                    </td>
                    <td data-label={t('sessions.servedBy')}>{session.vendors.join(', ') || '-'}</td>
                    <td className="num" data-label={t('sessions.avg')}>
                      {f.duration(session.avgDurationMs)}
                    </td>
                    <td className="num" data-label={t('sessions.success')}>
                      {session.successRate === null ? '-' : f.percent(session.successRate / 100)}
                    </td>
                    <td data-label={t('sessions.tiersFirst')}>
                      <TierPicker
                        session={session}
                        value={pending[key]?.value ?? bindingValue(session)}
                        saving={pending[key] !== undefined && pending[key]?.savedWith === undefined}
                        onChoose={(value) => choose(key, value)}
                      />
                    </td>
                  </tr>
                  {isOpen && (
                    <tr className="session-detail">
                      <td colSpan={8}>
                        <SessionRequests sessionKey={key} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

export function SessionsView() {
  const t = useT();
  const { hours, setHours } = useSessionRange();
  const list = useSessionList(hours);
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
            data-testid="sessions-range"
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
      <QueryStatus query={list} errorTitle={t('sessions.unavailable')}>
        {(data) => <SessionTable list={data} reload={list.reload} />}
      </QueryStatus>
    </section>
  );
}
