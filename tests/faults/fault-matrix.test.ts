// Every fault × stream/non-stream × position in the chain. As the first tier (a healthy tier behind it) a fault
// must be invisible or well-formed; as the last tier (after a tier that failed too) it must become a well-formed
// Anthropic error. The breaker and the recorded attempts must tell the same story.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { Agent } from 'undici';
import {
  type FakeVendor,
  anthropicErrorBody,
  anthropicMessage,
  anthropicStream,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, startProxy } from '../support/proxy-harness.ts';
import { type Expectation, FAULTS, type Fault } from './fault-catalog.ts';
import {
  type ClientAnswer,
  assertAnthropicError,
  assertMessage,
  assertWellFormedStream,
} from './well-formed.ts';

const CLOCK = Date.parse('2026-11-26T10:00:00Z');
const BACKUP_TEXT = 'from the healthy backup';
const DEFAULT_RECOVERY_MS = 300_000;
// Short timeouts keep every stalled case bounded; the client gives up far later, so a hang shows as a failure.
const TIMEOUT_MS = 400;
const IDLE_TIMEOUT_MS = 300;
const CLIENT_DEADLINE_MS = 10_000;
/** For `patient` faults: well past any pause of a loaded machine, still inside the client's deadline. */
const PATIENT_TIMEOUT_MS = 8_000;

type Position = 'first' | 'last';

describe('fault injection: every fault, stream and non-stream, first and last tier', () => {
  let faulty: FakeVendor;
  let neighbour: FakeVendor;
  const client = new Agent({ connections: 8 });

  before(async () => {
    faulty = await startFakeVendor();
    neighbour = await startFakeVendor();
  });
  after(async () => {
    await client.close();
    await faulty.close();
    await neighbour.close();
  });

  async function call(url: string, stream: boolean): Promise<ClientAnswer> {
    const response = await request(`${url}/v1/messages`, {
      method: 'POST',
      dispatcher: client,
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'sk-ant-client',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({ ...BASIC_REQUEST, stream }),
      signal: AbortSignal.timeout(CLIENT_DEADLINE_MS),
    });
    const text = await response.body.text();
    const contentType = String(response.headers['content-type'] ?? '');
    return { status: response.statusCode, contentType, text };
  }

  async function runCase(fault: Fault, stream: boolean, position: Position): Promise<void> {
    const expectation: Expectation = stream ? fault.expect.stream : fault.expect.nonStream;
    faulty.script([stream ? fault.stream : fault.nonStream]);
    neighbour.script([
      position === 'first'
        ? stream
          ? { kind: 'sse', chunks: anthropicStream(BACKUP_TEXT) }
          : { kind: 'json', body: anthropicMessage(BACKUP_TEXT) }
        : { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
    ]);
    const faultyTier = {
      name: 'faulty',
      kind: 'anthropic-compatible' as const,
      baseUrl: faulty.url,
      apiKey: 'faulty-key',
      timeoutMs: fault.patient ? PATIENT_TIMEOUT_MS : TIMEOUT_MS,
      idleTimeoutMs: fault.patient ? PATIENT_TIMEOUT_MS : IDLE_TIMEOUT_MS,
      circuitBreaker: { failureThreshold: 1 },
      // One call per fault here; retrying the last tier is proven in tests/proxy/last-tier-retry.test.ts.
      retry: { maxAttempts: 0, maxWaitMs: 0 },
    };
    const neighbourTier = {
      name: 'neighbour',
      kind: 'anthropic-compatible' as const,
      baseUrl: neighbour.url,
      apiKey: 'neighbour-key',
      timeoutMs: fault.patient ? PATIENT_TIMEOUT_MS : TIMEOUT_MS,
    };
    const proxy = await startProxy(
      { vendors: position === 'first' ? [faultyTier, neighbourTier] : [neighbourTier, faultyTier] },
      { now: () => CLOCK },
    );
    const faultyCallsBefore = faulty.requests.length;
    const neighbourCallsBefore = neighbour.requests.length;
    try {
      const answer = await call(proxy.url, stream);
      const backupServes =
        position === 'first' && (expectation === 'failover' || expectation === 'passed-on');

      // 1. What the client got.
      if (backupServes) {
        const text = stream ? assertWellFormedStream(answer).text : assertMessage(answer).text;
        assert.equal(text, BACKUP_TEXT);
        if (stream) assert.equal(assertWellFormedStream(answer).ending, 'message_stop');
      } else if (expectation === 'served') {
        const text = stream ? assertWellFormedStream(answer).text : assertMessage(answer).text;
        if (stream) assert.equal(assertWellFormedStream(answer).ending, 'message_stop');
        assert.equal(text.length, (fault.servedText ?? text).length);
        assert.equal(text, fault.servedText ?? text);
      } else if (expectation === 'broken') {
        const summary = assertWellFormedStream(answer);
        assert.equal(summary.ending, 'error', 'the broken stream ends with an error event');
        assert.ok(summary.text.length > 0, 'content reached the client before the error');
        if (fault.relayedErrorType) assert.equal(summary.errorType, fault.relayedErrorType);
      } else {
        const error = assertAnthropicError(answer);
        if (expectation === 'client-error') {
          const status = (fault.stream.kind === 'json' && fault.stream.status) || 0;
          assert.equal(answer.status, status);
          assert.notEqual(error.type, 'api_error');
        }
      }

      // 2. Who was called.
      assert.equal(faulty.requests.length - faultyCallsBefore, 1, 'the faulty tier is called once');
      const neighbourCalls = neighbour.requests.length - neighbourCallsBefore;
      if (position === 'last') assert.equal(neighbourCalls, 1, 'the failing first tier was tried first');
      else assert.equal(neighbourCalls, backupServes ? 1 : 0, 'the backup is called only on failover');

      // 3. The recorded attempts.
      const outcomes = proxy.records.map((r) => [r.vendor, r.success]);
      const faultyOutcome = ['faulty', expectation === 'served'];
      const expected =
        position === 'first'
          ? backupServes
            ? [faultyOutcome, ['neighbour', true]]
            : [faultyOutcome]
          : [['neighbour', false], faultyOutcome];
      assert.deepEqual(outcomes, expected);
      const faultyRecord = proxy.records.find((r) => r.vendor === 'faulty')!;
      if (expectation === 'served') assert.equal(faultyRecord.errorClass, null);
      else assert.ok(faultyRecord.errorClass, 'a failed attempt names its error class');
      if (expectation === 'broken') assert.equal(faultyRecord.status, 200);
      if (backupServes) assert.equal(proxy.records[1]?.failoverFrom, 'faulty');
      assert.ok(new Set(proxy.records.map((r) => r.requestId)).size === 1, 'one request id for all attempts');

      // 4. The breaker (threshold 1: one penalized failure opens it).
      const circuit = proxy.core.context.router.chain.status('faulty').circuit;
      const penalized = expectation === 'failover' || expectation === 'broken';
      assert.equal(circuit.state, penalized ? 'open' : 'closed');
      if (penalized) assert.equal(circuit.retryAt, CLOCK + (fault.breakerOpenMs ?? DEFAULT_RECOVERY_MS));
    } finally {
      await proxy.close();
    }
  }

  for (const fault of FAULTS) {
    for (const stream of [true, false]) {
      for (const position of ['first', 'last'] as const) {
        const expectation = stream ? fault.expect.stream : fault.expect.nonStream;
        const mode = stream ? 'stream' : 'non-stream';
        it(`${fault.name} (${mode}, ${position} tier) → ${describe_(expectation, position)}`, () =>
          runCase(fault, stream, position));
      }
    }
  }
});

function describe_(expectation: Expectation, position: Position): string {
  switch (expectation) {
    case 'failover':
      return position === 'first' ? 'served by the next tier' : 'a well-formed Anthropic error';
    case 'passed-on':
      return position === 'first'
        ? 'served by the next tier, no breaker penalty'
        : 'a well-formed Anthropic error, no breaker penalty';
    case 'client-error':
      return 'the vendor’s error, unchanged, no failover';
    case 'broken':
      return 'an error event after the content, no second message';
    case 'served':
      return 'served by this tier';
  }
}
