// The benchmark's fake vendor: a bare node:http server on 127.0.0.1 that answers /v1/messages with a realistic
// Anthropic reply (300 text deltas when streaming), fast enough that it is never the bottleneck being measured;
// `…/chat/completions` and `…:streamGenerateContent` stream the OpenAI and Gemini equivalents (converting tiers).
import { type Server, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DELTAS, encodeAll, geminiFrames, openAIFrames } from './converter-streams.ts';

export { DELTAS };
const OPENAI_EVENTS = encodeAll(openAIFrames());
const GEMINI_EVENTS = encodeAll(geminiFrames());

export interface BenchVendor {
  url: string;
  /** Requests answered so far (the failover bench checks an open breaker costs no call). */
  calls(): number;
  /** Send times (performance.now) of each delta, per request tag, when pacing is on. */
  sendTimes: Map<string, number[]>;
  close(): Promise<void>;
}

export interface BenchVendorOptions {
  /** Answer every request with this error status at once (a failing tier). */
  failStatus?: number;
  /** For requests whose first message starts with "paced": space the deltas this many ms apart (default 2)
   * and record their send times, for inter-chunk measurements and for holding many streams open at once. */
  deltaGapMs?: number;
}

const frame = (type: string, data: object) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const WORDS = ['the ', 'proxy ', 'relays ', 'each ', 'token ', 'as ', 'it ', 'arrives, ', 'unchanged. '];

function deltaFrame(index: number): string {
  return frame('content_block_delta', {
    index: 0,
    delta: { type: 'text_delta', text: `${WORDS[index % WORDS.length]}${index} ` },
  });
}

const PREAMBLE =
  frame('message_start', {
    message: {
      id: 'msg_bench',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 1200, output_tokens: 1, cache_read_input_tokens: 40_000 },
    },
  }) +
  frame('ping', {}) +
  frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
const DELTA_FRAMES = Array.from({ length: DELTAS }, (_, index) => deltaFrame(index));
const EPILOGUE =
  frame('content_block_stop', { index: 0 }) +
  frame('message_delta', {
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 600 },
  }) +
  frame('message_stop', {});
/** The Anthropic stream the vendor sends, one string per event. */
export function anthropicEvents(): string[] {
  const events = [PREAMBLE, ...DELTA_FRAMES, EPILOGUE];
  return events.flatMap((text) => text.split(/(?<=\n\n)/).filter(Boolean));
}

const MESSAGE = JSON.stringify({
  id: 'msg_bench',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [{ type: 'text', text: DELTA_FRAMES.map((_, i) => `${WORDS[i % WORDS.length]}${i} `).join('') }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: {
    input_tokens: 1200,
    output_tokens: 600,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 40_000,
  },
});
const OVERLOADED = JSON.stringify({
  type: 'error',
  error: { type: 'overloaded_error', message: 'Overloaded' },
});

/** Token-sized writes, ten events a turn, yielding between batches like a real upstream's network reads. */
function writeInBatches(
  res: import('node:http').ServerResponse,
  events: readonly string[],
  last: string,
): void {
  let next = 0;
  const pump = () => {
    const until = Math.min(next + 10, events.length);
    let text = '';
    for (; next < until; next++) text += events[next];
    res.write(text);
    if (next < events.length) setImmediate(pump);
    else res.end(last);
  };
  setImmediate(pump);
}

export async function startBenchVendor(options: BenchVendorOptions = {}): Promise<BenchVendor> {
  let calls = 0;
  const sendTimes = new Map<string, number[]>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST') {
        // Model discovery and the like: nothing the benchmark measures (and not a call to count).
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      calls++;
      if (options.failStatus) {
        res.writeHead(options.failStatus, { 'content-type': 'application/json' }).end(OVERLOADED);
        return;
      }
      const converted = req.url?.includes('/chat/completions')
        ? OPENAI_EVENTS
        : req.url?.includes(':streamGenerateContent')
          ? GEMINI_EVENTS
          : undefined;
      if (converted) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        writeInBatches(res, converted, '');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        stream?: boolean;
        messages?: Array<{ content?: unknown }>;
      };
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(MESSAGE);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const tag = String(body.messages?.[0]?.content ?? '');
      const gap = tag.startsWith('paced') ? (options.deltaGapMs ?? 2) : undefined;
      if (gap === undefined) {
        res.write(PREAMBLE + DELTA_FRAMES[0]);
        writeInBatches(res, DELTA_FRAMES.slice(1), EPILOGUE);
        return;
      }
      const times: number[] = [];
      sendTimes.set(tag, times);
      res.write(PREAMBLE);
      let next = 0;
      const tick = () => {
        if (res.destroyed) return;
        times.push(performance.now());
        res.write(DELTA_FRAMES[next]);
        next++;
        if (next < DELTAS) setTimeout(tick, gap);
        else res.end(EPILOGUE);
      };
      tick();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    sendTimes,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
