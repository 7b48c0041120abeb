import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGoDurationMs, resourceExhaustedVerdict, untilPacificMidnightMs } from './quota-signals.ts';

const info = (reason: string, metadata: Record<string, string> = {}) => ({
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
  reason,
  domain: 'cloudcode-pa.googleapis.com',
  metadata,
});

describe('Google RESOURCE_EXHAUSTED', () => {
  it('reads Go/protobuf durations', () => {
    assert.equal(parseGoDurationMs('34.4s'), 34_400);
    assert.equal(parseGoDurationMs('479.417207ms'), 480);
    assert.equal(parseGoDurationMs('2h3m4.5s'), 7_384_500);
    assert.equal(parseGoDurationMs('soon'), undefined);
  });

  it('Antigravity QUOTA_EXHAUSTED is a quota until quotaResetDelay', () => {
    const judged = resourceExhaustedVerdict(
      { status: 'RESOURCE_EXHAUSTED', details: [info('QUOTA_EXHAUSTED', { quotaResetDelay: '3h0m0s' })] },
      undefined,
      0,
    );
    assert.deepEqual(judged, {
      verdict: { kind: 'quota', reason: 'quota exhausted (QUOTA_EXHAUSTED)' },
      retryAfterMs: 10_800_000,
    });
  });

  it('Antigravity RATE_LIMIT_EXCEEDED is a rate limit, unless the reset is minutes away', () => {
    const soon = resourceExhaustedVerdict(
      {
        details: [
          info('RATE_LIMIT_EXCEEDED'),
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.479417207s' },
        ],
      },
      479,
      0,
    );
    assert.equal(soon.verdict.kind, 'rate-limit');
    const late = resourceExhaustedVerdict(
      {
        message: 'You have exhausted your capacity on this model. Your quota will reset after 1h30m0s.',
        details: [info('RATE_LIMIT_EXCEEDED')],
      },
      undefined,
      0,
    );
    assert.deepEqual(late, {
      verdict: { kind: 'quota', reason: 'capacity used up until the reset' },
      retryAfterMs: 5_400_000,
    });
  });

  it('a detail-less RESOURCE_EXHAUSTED (the Agent SDK filter) is only a rate limit', () => {
    const judged = resourceExhaustedVerdict(
      { message: 'Resource has been exhausted (e.g. check quota).' },
      undefined,
      0,
    );
    assert.deepEqual(judged, {
      verdict: { kind: 'rate-limit', reason: 'rate limited' },
      retryAfterMs: undefined,
    });
  });

  it('counts to midnight in Los Angeles across daylight saving time', () => {
    assert.equal(untilPacificMidnightMs(Date.parse('2026-07-01T06:00:00Z')), 24 * 3_600_000 - 23 * 3_600_000);
    assert.equal(
      untilPacificMidnightMs(Date.parse('2026-12-01T07:30:00Z')),
      24 * 3_600_000 - 23.5 * 3_600_000,
    );
  });
});
