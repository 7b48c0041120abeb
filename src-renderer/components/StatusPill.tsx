import type { RequestView } from '../../src-shared/contract.ts';
import { useT } from '../stores/ui-store.ts';

/** The status the client got: green when served, red otherwise; "no tier" when nothing was even tried. */
export function StatusPill(props: { request: RequestView }) {
  const t = useT();
  const { request } = props;
  const noTier = !request.success && request.attempts.length === 0;
  const text =
    request.status === null ? (request.success ? 'ok' : t('requests.failed')) : String(request.status);
  return (
    <span
      className={`pill ${request.success ? 'pill-ok' : 'pill-bad'}`}
      data-testid="status-pill"
      title={noTier ? t('requests.noTierTried') : undefined}
    >
      {text}
    </span>
  );
}
