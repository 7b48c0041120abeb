// The last line of defence over real sockets: when the only tier left answers a transient error before any
// content, it is tried again (backoff with jitter, a short retry-after honoured) within its budget, each try a
// ledger attempt, before the client hears the error.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RequestFinished } from '../../src-shared/contract.ts';
import {
  type FakeVendor,
  anthropicErrorBody,
  anthropicMessage,
  anthropicStream,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  type Harness,
  parseEvents,
  postMessages,
  startProxy,
  textOf,
} from '../support/proxy-harness.ts';

const OVERLOADED = {
  kind: 'json' as const,
  status: 529,
  body: anthropicErrorBody('overloaded_error', 'Overloaded'),
};
const OK = { kind: 'json' as const, body: anthropicMessage('after retrying') };

describe('last-tier retry', () => {
  let first: FakeVendor;
  let last: FakeVendor;
  let proxy: Harness;

  before(async () => {
    first = await startFakeVendor();
    last = await startFakeVendor();
    proxy = await startProxy(
      {
        vendors: [
          // A 500 is not transient: the first tier is never retried, it is not the last one anyway.
          { name: 'first', kind: 'anthropic', baseUrl: first.url },
          {
            name: 'last',
            kind: 'kimi',
            baseUrl: last.url,
            apiKey: 'sk-last',
            retry: { maxAttempts: 2, maxWaitMs: 3000 },
          },
        ],
      },
      { ledger: true },
    );
  });
  after(async () => {
    await proxy?.close();
    await first?.close();
    await last?.close();
  });
  beforeEach(() => {
    first.script([{ kind: 'json', status: 500, body: anthropicErrorBody('api_error', 'Internal error') }]);
    first.requests.length = 0;
    last.requests.length = 0;
    proxy.records.length = 0;
    for (const tier of proxy.core.context.router.chain.ordered()) tier.reset();
  });

  it('retries the last tier after a 529 and serves the client, each try recorded as an attempt', async () => {
    last.script([OVERLOADED, OK]);
    const answer = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(answer.status, 200);
    assert.match(answer.text, /after retrying/);
    assert.equal(first.requests.length, 1, 'the first tier is not retried');
    assert.equal(last.requests.length, 2);
    assert.deepEqual(
      proxy.records.map((r) => [r.vendor, r.attempt, r.success, r.status]),
      [
        ['first', 0, false, 500],
        ['last', 1, false, 529],
        ['last', 2, true, 200],
      ],
    );
    assert.match(proxy.records[1]?.errorMessage ?? '', /^HTTP 529/);
    // The retry that succeeded leaves the breaker clean.
    assert.equal(proxy.core.context.router.chain.status('last').circuit.failures, 0);
  });

  it('shows the retries in the request detail in order, and in flight as retries of the same tier', async () => {
    last.script([OVERLOADED, OK]);
    const steps: Array<[string | null, number, number, string[], boolean]> = [];
    const finished: RequestFinished[] = [];
    const off = proxy.core.context.events.on((event) => {
      if (event.type === 'request-progress') {
        const { tier, attempt, retries, failedTiers, contentStarted } = event.request;
        steps.push([tier, attempt, retries, failedTiers, contentStarted]);
      }
      if (event.type === 'request-finished') finished.push(event.request);
    });
    const answer = await postMessages(proxy.url, BASIC_REQUEST);
    off();
    assert.equal(answer.status, 200);
    assert.deepEqual(steps, [
      [null, 0, 0, [], false],
      ['first', 0, 0, [], false],
      ['last', 1, 0, ['first'], false],
      ['last', 2, 1, ['first'], false],
      ['last', 2, 1, ['first'], true],
    ]);
    // The request failed over from first to last; last serving on its retry is not a failover to itself.
    assert.deepEqual(
      finished.map((request) => [request.servedBy, request.failoverFrom, request.attempts]),
      [['last', 'first', 3]],
    );
    assert.deepEqual(
      proxy.records.map((r) => [r.vendor, r.failoverFrom]),
      [
        ['first', null],
        ['last', 'first'],
        ['last', 'first'],
      ],
    );
    const key = finished[0]?.requestKey ?? '';
    const detail = proxy.core.context.usage?.request(key);
    assert.deepEqual(
      detail?.attempts.map((attempt) => [attempt.vendor, attempt.attempt, attempt.success]),
      [
        ['first', 0, false],
        ['last', 1, false],
        ['last', 2, true],
      ],
    );
    // One step per attempt, each once: what the dashboard keys its timeline and drawer rows by.
    assert.deepEqual(
      detail?.timeline,
      [0, 1, 2].map((attempt) => ({ kind: 'attempt', attempt })),
    );
    assert.equal(new Set(detail?.attempts.map((attempt) => attempt.attempt)).size, 3);
    assert.deepEqual([detail?.status, detail?.failedOver], [200, true]);
  });

  it('stops waiting to retry when the client leaves, and logs the request as abandoned (499)', async () => {
    last.script([
      {
        kind: 'json',
        status: 429,
        headers: { 'retry-after': '2' },
        body: anthropicErrorBody('rate_limit_error', 'Slow down'),
      },
      OK,
    ]);
    const client = new AbortController();
    const ended = new Promise<RequestFinished>((resolve) => {
      const off = proxy.core.context.events.on((event) => {
        if (event.type === 'failover' && event.from === 'last') client.abort();
        if (event.type !== 'request-finished') return;
        off();
        resolve(event.request);
      });
    });
    const pending = fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: JSON.stringify(BASIC_REQUEST),
      signal: client.signal,
    });
    await assert.rejects(pending);
    const request = await ended;
    assert.deepEqual([request.status, request.errorType, request.attempts], [499, 'client_aborted', 2]);
    assert.equal(last.requests.length, 1, 'no retry after the client left');
  });

  it('retries a stream before any content, and the client sees one clean message', async () => {
    last.script([
      OVERLOADED,
      { kind: 'reset' },
      { kind: 'sse', chunks: anthropicStream('streamed after two retries') },
    ]);
    const answer = await postMessages(proxy.url, { ...BASIC_REQUEST, stream: true });
    const events = parseEvents(answer.text);
    assert.equal(textOf(events), 'streamed after two retries');
    assert.equal(events.filter((event) => event.event === 'message_start').length, 1);
    assert.equal(last.requests.length, 3);
    assert.deepEqual(
      proxy.records.filter((r) => r.vendor === 'last').map((r) => r.errorClass),
      ['http_529:overloaded_error', 'network:UND_ERR_SOCKET', null],
    );
  });

  it('stops at the attempt budget and hands the client the vendor error', async () => {
    last.script([OVERLOADED]);
    const answer = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(answer.status, 529);
    assert.equal(last.requests.length, 3, 'one try and two retries');
    assert.equal(proxy.records.filter((r) => r.vendor === 'last').length, 3);
  });

  it('does not wait for a retry-after longer than the budget, nor retry what is not transient', async () => {
    last.script([
      {
        kind: 'json',
        status: 429,
        headers: { 'retry-after': '60' },
        body: anthropicErrorBody('rate_limit_error', 'Rate limited'),
      },
    ]);
    const limited = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(limited.status, 429);
    assert.equal(last.requests.length, 1);

    // The 429's retry-after opened the breaker for a minute; start the next case from a clean slate.
    for (const tier of proxy.core.context.router.chain.ordered()) tier.reset();
    last.requests.length = 0;
    last.script([{ kind: 'json', status: 500, body: anthropicErrorBody('api_error', 'boom') }]);
    assert.equal((await postMessages(proxy.url, BASIC_REQUEST)).status, 500);
    assert.equal(last.requests.length, 1);
  });

  it('honours a short retry-after', async () => {
    last.script([
      {
        kind: 'json',
        status: 429,
        headers: { 'retry-after': '1' },
        body: anthropicErrorBody('rate_limit_error', 'Slow down'),
      },
      OK,
    ]);
    const started = Date.now();
    const answer = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(answer.status, 200);
    assert.ok(Date.now() - started >= 900, 'waited for the retry-after');
    assert.equal(last.requests.length, 2);
  });
});
