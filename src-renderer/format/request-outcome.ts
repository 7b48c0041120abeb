// How a request ended, as the request list, its drawer and the status pill name it: served by a tier, left by the
// client, never tried (every tier was skipped: breaker open, quota, sign-in, disabled) or tried and failed everywhere
// it went. The ledger records the last two alike (no tier served); the attempts tell them apart.
import type { RequestView } from '../../src-shared/contract.ts';
import type { MessageKey } from '../i18n/strings.ts';

/** Recorded when the client left before its answer was complete (see the ledger's request log). */
export const CLIENT_CLOSED = 499;

export type RequestEnding =
  | { kind: 'served'; tier: string }
  | { kind: 'aborted' }
  | { kind: 'no-tier' }
  | { kind: 'all-failed' };

export function requestEnding(
  request: Pick<RequestView, 'success' | 'servedBy' | 'status' | 'attempts'>,
): RequestEnding {
  if (request.success) return { kind: 'served', tier: request.servedBy ?? '-' };
  if (request.status === CLIENT_CLOSED) return { kind: 'aborted' };
  if (request.attempts.length === 0) return { kind: 'no-tier' };
  return { kind: 'all-failed' };
}

const ENDING_KEYS: Record<Exclude<RequestEnding['kind'], 'served'>, MessageKey> = {
  aborted: 'requests.clientLeft',
  'no-tier': 'requests.noTierAvailable',
  'all-failed': 'requests.allFailed',
};

/** The message key for a request no tier served; undefined for a served one. */
export function endingKey(ending: RequestEnding): MessageKey | undefined {
  return ending.kind === 'served' ? undefined : ENDING_KEYS[ending.kind];
}
