// What one flush writes, planned from the queue: every attempt's `usage_log` row (and its session's title), and for
// every request of the batch ONE `request_log` write — its end with the batch's attempts of it added, or, when its
// end is not in this batch, its attempts folded into one row (request-rows.ts). A request served by its first tier
// costs two statements (it used to cost three: the attempt and the end both upserted the request row).
import type { RequestFinished } from '../../../src-shared/contract.ts';
import type { AttemptRecord } from '../common/attempt-record.ts';
import { endWithAttempts, foldAttemptRows, requestEndRow, requestRowOfAttempt } from './request-rows.ts';
import { type Row, sessionRow, usageRow } from './usage-rows.ts';

export type Queued =
  | { kind: 'attempt'; attempt: AttemptRecord }
  | { kind: 'request'; request: RequestFinished; at: number };

export interface BatchPlan {
  usage: Row[];
  sessions: Row[];
  /** Ends of requests (with their batch's attempts added). */
  ends: Row[];
  /** Requests whose attempts were flushed without their end. */
  unfinished: Row[];
}

export function planBatch(
  items: readonly Queued[],
  now: number,
  redact: (text: string) => string,
): BatchPlan {
  const plan: BatchPlan = { usage: [], sessions: [], ends: [], unfinished: [] };
  // Per request key, in first-seen order: its attempts (and their usage rows) and its end.
  const requests = new Map<string, { attempts: AttemptRecord[]; rows: Row[]; end: Row | undefined }>();
  const entry = (key: string) => {
    let found = requests.get(key);
    if (!found) {
      found = { attempts: [], rows: [], end: undefined };
      requests.set(key, found);
    }
    return found;
  };
  for (const item of items) {
    if (item.kind === 'request') {
      entry(item.request.requestKey).end = requestEndRow(item.request, item.at, redact);
      continue;
    }
    const { attempt } = item;
    const row = usageRow(attempt, now, redact);
    plan.usage.push(row);
    const session = sessionRow(attempt, row, redact);
    if (session) plan.sessions.push(session);
    const request = entry(attempt.requestId);
    request.attempts.push(attempt);
    request.rows.push(row);
  }
  for (const { attempts, rows, end } of requests.values()) {
    if (end) plan.ends.push(endWithAttempts(end, rows));
    else
      plan.unfinished.push(
        foldAttemptRows(attempts.map((attempt, i) => requestRowOfAttempt(attempt, rows[i]!))),
      );
  }
  return plan;
}
