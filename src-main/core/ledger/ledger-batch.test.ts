// The request log written once per request per flush (ledger-batch.ts), and nothing lost when a request's end never
// comes: attempts flushed alone still list their request, and a later end completes it without counting twice.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { RequestFinished } from '../../../src-shared/contract.ts';
import { makeAttempt } from './fixtures/attempt-fixture.ts';
import { planBatch } from './ledger-batch.ts';
import { openLedger } from './ledger-writer.ts';

const root = mkdtempSync(join(tmpdir(), 'ledger-batch-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

const end = (requestKey: string, change: Partial<RequestFinished> = {}): RequestFinished => ({
  requestKey,
  servedBy: 'anthropic',
  success: true,
  failoverFrom: null,
  durationMs: 1600,
  modelRequested: 'claude-sonnet-4-5',
  modelServed: 'claude-sonnet-4-5-20250929',
  tokens: 1200,
  status: 200,
  attempts: 1,
  ...change,
});

function requestRow(ledger: ReturnType<typeof openLedger>, key: string) {
  return ledger.read(
    (db) =>
      db
        .prepare(
          'SELECT attempts, tokens, success, served_by AS servedBy, status, ended, failed_over AS failedOver FROM request_log WHERE request_key = ?',
        )
        .get(key) as Record<string, unknown> | undefined,
    undefined,
  );
}

describe('request log, one write per request per flush', () => {
  it('plans one request write for a request whose attempts and end are flushed together', () => {
    const failed = makeAttempt({ requestId: 'r', vendor: 'zhipu', success: false, status: 529 });
    const served = makeAttempt({ requestId: 'r', attempt: 1, failover: true, failoverFrom: 'zhipu' });
    const plan = planBatch(
      [
        { kind: 'attempt', attempt: failed },
        { kind: 'attempt', attempt: served },
        { kind: 'request', request: end('r', { attempts: 2, failoverFrom: 'zhipu' }), at: Date.now() },
        { kind: 'attempt', attempt: makeAttempt({ requestId: 'running' }) },
      ],
      Date.now(),
      (text) => text,
    );
    assert.equal(plan.usage.length, 3);
    assert.deepEqual(
      plan.ends.map((row) => [row.requestKey, row.attempts, row.tokens]),
      [['r', 2, 2400]],
    );
    assert.deepEqual(
      plan.unfinished.map((row) => [row.requestKey, row.attempts]),
      [['running', 1]],
    );
  });

  it('lists a request whose end never came (the process died mid-flight), and completes it once the end comes', () => {
    const ledger = openLedger({ dataDir: join(root, `case-${++counter}`) });
    ledger.record(makeAttempt({ requestId: 'long', success: false, status: 529, vendor: 'zhipu' }));
    ledger.flush();
    assert.deepEqual(requestRow(ledger, 'long'), {
      attempts: 1,
      tokens: 1200,
      success: 0,
      servedBy: null,
      status: null,
      ended: 0,
      failedOver: 0,
    });
    ledger.record(makeAttempt({ requestId: 'long', attempt: 1, failover: true, failoverFrom: 'zhipu' }));
    ledger.recordRequest(end('long', { attempts: 2, failoverFrom: 'zhipu' }));
    ledger.flush();
    assert.deepEqual(requestRow(ledger, 'long'), {
      attempts: 2,
      tokens: 2400,
      success: 1,
      servedBy: 'anthropic',
      status: 200,
      ended: 1,
      failedOver: 1,
    });
    ledger.close();
  });

  it('counts an end flushed alone (no tier tried, or its attempts flushed before) without adding attempts', () => {
    const ledger = openLedger({ dataDir: join(root, `case-${++counter}`) });
    ledger.recordRequest(
      end('rejected', { success: false, servedBy: null, status: 400, attempts: 0, tokens: 0 }),
    );
    ledger.record(makeAttempt({ requestId: 'early' }));
    ledger.flush();
    ledger.recordRequest(end('early'));
    ledger.flush();
    assert.deepEqual(
      [requestRow(ledger, 'rejected')?.attempts, requestRow(ledger, 'rejected')?.status],
      [0, 400],
    );
    assert.deepEqual(
      [
        requestRow(ledger, 'early')?.attempts,
        requestRow(ledger, 'early')?.tokens,
        requestRow(ledger, 'early')?.ended,
      ],
      [1, 1200, 1],
    );
    ledger.close();
  });
});
