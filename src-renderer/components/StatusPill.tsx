import type { RequestView } from '../../src-shared/contract.ts';
import { useT } from '../stores/ui-store.ts';

/** Recorded when the client left before its answer was complete (see the ledger's request log). */
const CLIENT_CLOSED = 499;

/** The status the client got: green when served, red for errors, grey when the client itself left. */
export function StatusPill(props: { request: RequestView }) {
  const t = useT();
  const { request } = props;
  const noTier = !request.success && request.attempts.length === 0;
  const aborted = request.status === CLIENT_CLOSED;
  const text =
    request.status === null ? (request.success ? 'ok' : t('requests.failed')) : String(request.status);
  const tone = request.success ? 'pill-ok' : aborted ? 'pill-wait' : 'pill-bad';
  return (
    <span
      className={`pill ${tone}`}
      data-testid="status-pill"
      title={aborted ? t('requests.outcome.aborted') : noTier ? t('requests.noTierTried') : undefined}
    >
      {text}
    </span>
  );
}
