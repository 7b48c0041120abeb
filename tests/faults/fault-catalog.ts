// Every way a vendor misbehaves that the fault suite exercises, each with what the proxy must make of it.
// A fault has a form for streaming and for non-streaming requests (a non-stream request has no "after content":
// nothing reaches the client before the whole body has been read).
import { type Step, anthropicErrorBody, anthropicMessage, anthropicStream } from '../support/fake-vendor.ts';

/**
 * - failover: the tier is skipped for this request and penalized; the next tier answers (or, for the last tier,
 *   the client gets an Anthropic error).
 * - client-error: the vendor's answer describes the request itself; the client hears it, no failover, no penalty.
 * - broken: content already reached the client; the stream ends with an error event, no second message.
 * - served: slow or large but valid; the tier serves it.
 */
/** `passed-on`: the tier cannot serve this request (issue 14): the next tier takes it, no breaker penalty. */
export type Expectation = 'failover' | 'passed-on' | 'client-error' | 'broken' | 'served';

export interface Fault {
  name: string;
  stream: Step;
  nonStream: Step;
  expect: { stream: Expectation; nonStream: Expectation };
  /** A vendor retry-after the breaker must honour: it opens for exactly this long. */
  breakerOpenMs?: number;
  /** The text a served answer carries. */
  servedText?: string;
  /** The error type the client must see when the vendor's own error event is relayed after content. */
  relayedErrorType?: string;
  /**
   * Nothing in this case is about a timeout (a big answer that must arrive whole): the faulty tier gets timeouts
   * far above any scheduling delay, so a loaded machine pausing the process cannot turn it into a failover.
   */
  patient?: true;
}

export const FAULTY_TEXT = 'partial answer from the faulty tier';

const frames = anthropicStream(FAULTY_TEXT, { deltas: 3 });
/** message_start, ping, content_block_start: everything before the first content delta. */
const beforeContent = frames.slice(0, 3);
/** …plus the first text delta: the client has seen content. */
const afterContent = frames.slice(0, 4);
const wholeStream = frames.join('');
const wholeMessage = JSON.stringify(anthropicMessage(FAULTY_TEXT));
const sseError = (type: string, message: string) =>
  `event: error\ndata: ${JSON.stringify(anthropicErrorBody(type, message))}\n\n`;
const partialJson: Step = {
  kind: 'sse',
  headers: { 'content-type': 'application/json' },
  chunks: [wholeMessage.slice(0, 40), { stall: true }],
};
const both = (expectation: Expectation) => ({ stream: expectation, nonStream: expectation });
const same = (step: Step) => ({ stream: step, nonStream: step });

const HUGE_PART = 'x'.repeat(1024 * 1024);
const BIG_TEXT_PIECE = 'lorem ipsum '.repeat(85);

function* hugeErrorBody(): Iterable<string> {
  yield '{"type":"error","error":{"type":"api_error","message":"';
  for (let i = 0; i < 8; i++) yield HUGE_PART;
  yield '"}}';
}

function* hugeStream(): Iterable<string> {
  const all = anthropicStream('', { deltas: 1 });
  yield* all.slice(0, 3);
  for (let i = 0; i < 2000; i++) {
    yield `event: content_block_delta\ndata: ${JSON.stringify({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: BIG_TEXT_PIECE },
    })}\n\n`;
  }
  yield* all.slice(4);
}

function* hugeMessage(): Iterable<string> {
  const text = BIG_TEXT_PIECE.repeat(2000);
  yield JSON.stringify(anthropicMessage(text));
}

export const FAULTS: Fault[] = [
  {
    name: 'HTTP 529 overloaded',
    ...same({ kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') }),
    expect: both('failover'),
  },
  {
    name: 'HTTP 429 with retry-after',
    ...same({
      kind: 'json',
      status: 429,
      headers: { 'retry-after': '30' },
      body: anthropicErrorBody('rate_limit_error', 'Number of requests has exceeded your rate limit'),
    }),
    expect: both('failover'),
    breakerOpenMs: 30_000,
  },
  {
    name: 'HTTP 503 with retry-after and a plain-text body',
    ...same({ kind: 'text', status: 503, headers: { 'retry-after': '5' }, body: 'Service Unavailable' }),
    expect: both('failover'),
  },
  {
    name: 'HTTP 500 without retry-after',
    ...same({ kind: 'json', status: 500, body: anthropicErrorBody('api_error', 'Internal server error') }),
    expect: both('failover'),
  },
  {
    name: 'HTTP 401 refusing the proxy’s own key',
    ...same({
      kind: 'json',
      status: 401,
      body: anthropicErrorBody('authentication_error', 'invalid x-api-key'),
    }),
    expect: both('failover'),
  },
  {
    name: 'HTTP 400 invalid request',
    ...same({
      kind: 'json',
      status: 400,
      body: anthropicErrorBody('invalid_request_error', 'max_tokens: too big'),
    }),
    expect: both('client-error'),
  },
  {
    name: 'HTTP 404 model not found (this tier cannot serve it)',
    ...same({
      kind: 'json',
      status: 404,
      body: anthropicErrorBody('not_found_error', 'model: no such model'),
    }),
    expect: both('passed-on'),
  },
  { name: 'connection reset before headers', ...same({ kind: 'reset' }), expect: both('failover') },
  { name: 'stall before the first byte', ...same({ kind: 'stall' }), expect: both('failover') },
  {
    name: 'stall mid-body before content',
    stream: { kind: 'sse', chunks: [...beforeContent, { stall: true }] },
    nonStream: partialJson,
    expect: both('failover'),
  },
  {
    name: 'stall mid-stream after content',
    stream: { kind: 'sse', chunks: [...afterContent, { stall: true }] },
    nonStream: partialJson,
    expect: { stream: 'broken', nonStream: 'failover' },
  },
  {
    name: 'drop after a few bytes (before content)',
    stream: {
      kind: 'truncated',
      headers: { 'content-type': 'text/event-stream' },
      body: wholeStream,
      bytes: 120,
    },
    nonStream: { kind: 'truncated', body: wholeMessage, bytes: 60 },
    expect: both('failover'),
  },
  {
    name: 'drop after content',
    stream: { kind: 'sse', chunks: [...afterContent, { drop: true }] },
    nonStream: { kind: 'truncated', body: wholeMessage, bytes: wholeMessage.length - 5 },
    expect: { stream: 'broken', nonStream: 'failover' },
  },
  {
    name: 'SSE error event before content',
    ...same({ kind: 'sse', chunks: [...beforeContent, sseError('overloaded_error', 'Overloaded')] }),
    expect: both('failover'),
  },
  {
    name: 'SSE error event after content',
    ...same({
      kind: 'sse',
      chunks: [...afterContent, sseError('overloaded_error', 'Overloaded mid-answer')],
    }),
    expect: { stream: 'broken', nonStream: 'failover' },
    relayedErrorType: 'overloaded_error',
  },
  {
    name: 'malformed SSE (no event grammar at all)',
    stream: {
      kind: 'sse',
      chunks: ['HTTP/1.1 200 OK\n', '<html>{{{ not an event\n\n', ':\n\nrandom: junk\n\n'],
    },
    nonStream: {
      kind: 'text',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '<html>oops',
    },
    expect: both('failover'),
  },
  {
    name: 'malformed JSON in an event before content',
    stream: {
      kind: 'sse',
      chunks: [
        'event: message_start\ndata: {"type":"message_start","message":{"id":\n\n',
        ...frames.slice(1),
      ],
    },
    nonStream: { kind: 'text', status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":' },
    expect: both('failover'),
  },
  {
    name: '200 with an error body',
    ...same({ kind: 'json', status: 200, body: anthropicErrorBody('overloaded_error', 'Overloaded (200)') }),
    expect: both('failover'),
  },
  {
    name: '200 with an empty body',
    stream: { kind: 'sse', chunks: [] },
    nonStream: { kind: 'text', status: 200, headers: { 'content-type': 'application/json' }, body: '' },
    expect: both('failover'),
  },
  {
    name: '200 with an empty completion (no content blocks)',
    stream: { kind: 'sse', chunks: [frames[0]!, ...frames.slice(-2)] },
    nonStream: { kind: 'json', body: { ...anthropicMessage(''), content: [] } },
    expect: both('served'),
    servedText: '',
  },
  {
    name: 'huge error body (8 MB)',
    ...same({ kind: 'large', status: 500, parts: hugeErrorBody }),
    expect: both('failover'),
  },
  {
    name: 'huge answer (2000 deltas, ~2 MB)',
    stream: { kind: 'large', headers: { 'content-type': 'text/event-stream' }, parts: hugeStream },
    nonStream: { kind: 'large', parts: hugeMessage },
    expect: both('served'),
    servedText: BIG_TEXT_PIECE.repeat(2000),
    patient: true,
  },
  {
    name: 'slow byte-by-byte answer (longer in total than the idle timeout)',
    stream: { kind: 'trickle', body: wholeStream, intervalMs: 1, bytesPerWrite: 2 },
    nonStream: {
      kind: 'trickle',
      headers: { 'content-type': 'application/json' },
      body: wholeMessage,
      intervalMs: 1,
      bytesPerWrite: 1,
    },
    expect: both('served'),
    servedText: FAULTY_TEXT,
  },
];
