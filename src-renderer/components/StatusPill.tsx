import type { RequestView } from '../../src-shared/contract.ts';
import { CLIENT_CLOSED, endingKey, requestEnding } from '../format/request-outcome.ts';
import { useT } from '../stores/ui-store.ts';

/** The status the client got: green when served, red for errors, grey when the client itself left. */
export function StatusPill(props: { request: RequestView }) {
  const t = useT();
  const { request } = props;
  const ending = endingKey(requestEnding(request));
  const aborted = request.status === CLIENT_CLOSED;
  const text =
    request.status === null ? (request.success ? 'ok' : t('requests.failed')) : String(request.status);
  const tone = request.success ? 'pill-ok' : aborted ? 'pill-wait' : 'pill-bad';
  return (
    <span className={`pill ${tone}`} data-testid="status-pill" title={ending ? t(ending) : undefined}>
      {text}
    </span>
  );
}
