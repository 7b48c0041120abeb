import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestView } from '../../src-shared/contract.ts';
import { mergePages, NO_FILTER, requestQuery } from './request-filter.ts';

const request = (requestKey: string, ts: string) => ({ requestKey, ts }) as RequestView;

describe('requestQuery', () => {
  it('sends only the filters that are set, the period as a start time', () => {
    assert.deepEqual(requestQuery(NO_FILTER, 1000), {});
    assert.deepEqual(
      requestQuery({ vendor: 'backup', model: 'glm-5.1', outcome: 'error', period: '1h' }, 10_000_000),
      { vendor: 'backup', model: 'glm-5.1', outcome: 'error', since: 10_000_000 - 3_600_000 },
    );
  });
});

describe('mergePages', () => {
  const shown = [
    request('a1', '2026-01-01T00:00:05Z'),
    request('a2', '2026-01-01T00:00:04Z'),
    request('b1', '2026-01-01T00:00:03Z'),
  ];
  it('keeps what was shown after a refreshed first page that still reaches it, each request once', () => {
    const first = [request('new', '2026-01-01T00:00:09Z'), request('a1', '2026-01-01T00:00:05Z')];
    assert.deepEqual(
      mergePages(first, shown).requests.map((r) => r.requestKey),
      ['new', 'a1', 'a2', 'b1'],
    );
  });
  it('drops the old list rather than show it after a gap', () => {
    const first = [request('n1', '2026-01-01T00:00:09Z'), request('n2', '2026-01-01T00:00:08Z')];
    const merged = mergePages(first, shown);
    assert.equal(merged.keptOlder, false);
    assert.deepEqual(
      merged.requests.map((r) => r.requestKey),
      ['n1', 'n2'],
    );
  });
  it('is just the first page when nothing else was shown', () => {
    assert.deepEqual(mergePages([request('x', '2026-01-01T00:00:01Z')], []).keptOlder, true);
  });
});
