// A list of requests as the request log shows them: one row per client request with its path through the tiers,
// loading / error / empty told apart, older pages on demand, and the detail drawer on click. The Requests view
// shows it under its filters; the Sessions view shows one session's requests with it.
import { useCallback, useState } from 'react';
import type { RequestView } from '../../src-shared/contract.ts';
import type { RequestLog } from '../data/request-log.ts';
import { endingKey, requestEnding } from '../format/request-outcome.ts';
import { useNow } from '../hooks/use-now.ts';
import { useFormats, usePlural, useT } from '../stores/ui-store.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { RequestDrawer } from './RequestDrawer.tsx';
import { StatusPill } from './StatusPill.tsx';
import { Timeline } from './Timeline.tsx';

function RequestRow(props: { request: RequestView; now: number; onOpen(): void }) {
  const t = useT();
  const f = useFormats();
  const { request } = props;
  const ending = requestEnding(request);
  return (
    <li className="request">
      <button type="button" className="request-open" data-testid="request-row" onClick={props.onOpen}>
        <span className="request-head">
          <span className="request-time">{f.clock(Date.parse(request.ts), props.now)}</span>
          <StatusPill request={request} />
          <strong className="request-model">{request.modelRequested}</strong>
          <span className={request.success ? 'ok-text' : 'error-text'} data-testid="request-ending">
            {ending.kind === 'served' ? `→ ${ending.tier}` : t(endingKey(ending)!)}
          </span>
          <span className="muted">
            {t('requests.tokensInOut', {
              input: f.tokens(request.inputTokens + request.cacheReadTokens + request.cacheCreationTokens),
              output: f.tokens(request.outputTokens),
            })}
          </span>
          <span className="muted push-right">{f.duration(request.durationMs)}</span>
        </span>
        <Timeline request={request} />
      </button>
    </li>
  );
}

export function RequestList(props: { log: RequestLog; emptyText: string; testId?: string }) {
  const t = useT();
  const tn = usePlural();
  const { log } = props;
  const [open, setOpen] = useState<RequestView | null>(null);
  const close = useCallback(() => setOpen(null), []);
  const now = useNow(false);
  return (
    <div className="request-log" data-testid={props.testId}>
      {log.status === 'loading' && (
        <p className="muted loading" data-testid="loading">
          <span className="spinner" aria-hidden="true" />
          {t('state.loading')}
        </p>
      )}
      {log.error && <ErrorNote title={t('requests.unavailable')} message={log.error} onRetry={log.reload} />}
      {log.status === 'ready' && log.requests.length === 0 && (
        <p className="muted" data-testid="requests-empty">
          {props.emptyText}
        </p>
      )}
      <ul className="request-list">
        {log.requests.map((request) => (
          <RequestRow key={request.requestKey} request={request} now={now} onOpen={() => setOpen(request)} />
        ))}
      </ul>
      {log.moreError && (
        <ErrorNote title={t('requests.unavailable')} message={log.moreError} onRetry={log.loadMore} />
      )}
      {log.hasMore && (
        <button
          type="button"
          className="button load-more"
          data-testid="load-more"
          disabled={log.loadingMore}
          onClick={log.loadMore}
        >
          {log.loadingMore ? t('state.loading') : tn('requests.loadMore', 100)}
        </button>
      )}
      {open && <RequestDrawer request={open} onClose={close} />}
    </div>
  );
}
