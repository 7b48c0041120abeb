// Every request lands in the request log with what its client got — including the 503 when no tier could take
// it and the client that left — and requests running right now are listed live, step by step. The real core,
// a real SQLite ledger and fake vendors, over real sockets on 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CoreEvent, InFlightRequest, RequestPage } from '../../src-shared/contract.ts';
import {
  anthropicErrorBody,
  anthropicMessage,
  anthropicStream,
  type FakeVendor,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, type Harness, postMessages, startProxy } from '../support/proxy-harness.ts';

let token = '';

async function call<T>(url: string, command: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${url}/api/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as T;
}

/** Resolves when `predicate` holds for an event pushed by the core. */
function nextEvent(harness: Harness, predicate: (event: CoreEvent) => boolean): Promise<CoreEvent> {
  return new Promise((resolve) => {
    const off = harness.core.context.events.on((event) => {
      if (!predicate(event)) return;
      off();
      resolve(event);
    });
  });
}

describe('request log and requests in flight', () => {
  let vendor: FakeVendor;
  let proxy: Harness;
  let release: () => void = () => {};

  before(async () => {
    vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('hi') }]);
    proxy = await startProxy(
      {
        vendors: [
          {
            name: 'only',
            kind: 'anthropic',
            baseUrl: vendor.url,
            apiKey: 'sk-test',
            circuitBreaker: { failureThreshold: 1, recoveryTimeoutSeconds: 600 },
          },
        ],
      },
      { ledger: true },
    );
    token = proxy.core.controlToken;
  });

  after(async () => {
    release();
    await proxy?.close();
    await vendor?.close();
  });

  it('shows a streaming request while it runs: its tier, then its content, then gone', async () => {
    const frames = anthropicStream('hello there', { deltas: 2 });
    let holdBeforeContent: () => void = () => {};
    const beforeContent = new Promise<void>((resolve) => {
      holdBeforeContent = resolve;
    });
    let holdAfterContent: () => void = () => {};
    const afterContent = new Promise<void>((resolve) => {
      holdAfterContent = resolve;
    });
    release = () => {
      holdBeforeContent();
      holdAfterContent();
    };
    vendor.script([
      {
        kind: 'custom',
        handle: (_request, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(frames.slice(0, 3).join(''));
          void beforeContent
            .then(() => {
              res.write(frames.slice(3, 4).join(''));
              return afterContent;
            })
            .then(() => res.end(frames.slice(4).join('')));
        },
      },
    ]);
    const onTier = nextEvent(
      proxy,
      (event) => event.type === 'request-progress' && event.request.tier === 'only',
    );
    const pending = postMessages(proxy.url, { ...BASIC_REQUEST, stream: true });
    await onTier;
    const [running] = (await call<{ requests: InFlightRequest[] }>(proxy.url, 'inFlightRequests')).requests;
    assert.deepEqual(
      [running?.tier, running?.attempt, running?.stream, running?.contentStarted, running?.modelRequested],
      ['only', 0, true, false, 'claude-sonnet-4-5'],
    );

    const onContent = nextEvent(
      proxy,
      (event) => event.type === 'request-progress' && event.request.contentStarted,
    );
    holdBeforeContent();
    await onContent;
    const [streaming] = (await call<{ requests: InFlightRequest[] }>(proxy.url, 'inFlightRequests')).requests;
    assert.equal(streaming?.contentStarted, true);

    const ended = nextEvent(proxy, (event) => event.type === 'request-ended');
    holdAfterContent();
    assert.equal((await pending).status, 200);
    await ended;
    assert.deepEqual(
      (await call<{ requests: InFlightRequest[] }>(proxy.url, 'inFlightRequests')).requests,
      [],
    );

    const [logged] = (await call<RequestPage>(proxy.url, 'listRequests', { limit: 1 })).requests;
    assert.deepEqual([logged?.status, logged?.stream, logged?.servedBy], [200, true, 'only']);
    assert.ok((logged?.ttfbMs ?? -1) >= 0, 'the time to the first content is recorded');
  });

  it('records a 503 that no tier could take, with the client-facing error and the skipped tier', async () => {
    vendor.script([
      { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
    ]);
    const failing = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(failing.status, 529);
    const rejected = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(rejected.status, 503);

    const page = await call<RequestPage>(proxy.url, 'listRequests', { limit: 2 });
    const [noTier, vendorError] = page.requests;
    assert.deepEqual(
      [noTier?.status, noTier?.errorType, noTier?.attempts.length, noTier?.skipped],
      [503, 'overloaded_error', 0, [{ tier: 'only', reason: 'breaker open' }]],
    );
    assert.match(noTier?.errorMessage ?? '', /No tier is available right now/);
    // The only tier is the last one left: its transient 529 was retried (3 times by default) before the client
    // got it, each try an attempt of the one request, in order.
    assert.equal(vendorError?.status, 529);
    assert.deepEqual(
      vendorError?.attempts.map((attempt) => [attempt.vendor, attempt.attempt, attempt.status]),
      [
        ['only', 0, 529],
        ['only', 1, 529],
        ['only', 2, 529],
        ['only', 3, 529],
      ],
    );
    assert.deepEqual(
      vendorError?.timeline,
      [0, 1, 2, 3].map((attempt) => ({ kind: 'attempt', attempt })),
    );

    const filtered = await call<RequestPage>(proxy.url, 'listRequests', { outcome: 'no-tier' });
    assert.deepEqual(
      filtered.requests.map((request) => request.requestKey),
      [noTier?.requestKey],
    );
    const summary = await call<{ totals: { requests: number; errors: number } }>(proxy.url, 'usageSummary', {
      range: '24h',
    });
    assert.deepEqual([summary.totals.requests, summary.totals.errors], [3, 2]);
  });

  it('records a client that left mid-stream as 499, not as an error, and drops it from the in-flight list', async () => {
    await call(proxy.url, 'reset');
    vendor.script([
      { kind: 'sse', chunks: [...anthropicStream('partial', { deltas: 1 }).slice(0, 4), { stall: true }] },
    ]);
    const controller = new AbortController();
    const started = nextEvent(
      proxy,
      (event) => event.type === 'request-progress' && event.request.contentStarted,
    );
    const ended = nextEvent(proxy, (event) => event.type === 'request-ended');
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'k' },
      body: JSON.stringify({ ...BASIC_REQUEST, stream: true }),
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    await started;
    controller.abort();
    await ended;
    const aborted = await call<RequestPage>(proxy.url, 'listRequests', { outcome: 'aborted' });
    assert.equal(aborted.requests.length, 1);
    assert.deepEqual([aborted.requests[0]?.status, aborted.requests[0]?.errorType], [499, 'client_aborted']);
    const summary = await call<{ totals: { requests: number; errors: number } }>(proxy.url, 'usageSummary', {
      range: '24h',
    });
    assert.deepEqual([summary.totals.requests, summary.totals.errors], [4, 2]);
  });

  it('answers a request key it does not know, or a cursor it did not hand out, with a typed error', async () => {
    const missing = await fetch(`${proxy.url}/api/requestDetail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ requestKey: 'nope' }),
    });
    assert.equal(missing.status, 404);
    const badCursor = await fetch(`${proxy.url}/api/listRequests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ cursor: 'garbage' }),
    });
    assert.equal(badCursor.status, 400);
    assert.match(((await badCursor.json()) as { error: { message: string } }).error.message, /cursor/);
  });
});
