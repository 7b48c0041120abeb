// A scriptable fake vendor on 127.0.0.1 for tests and benchmarks. Each request is answered by a step of the
// script (the last step repeats), so a test reads like "first 529, then a clean stream".
import { drainedOrClosed } from '../../src-main/core/common/drained-or-closed.ts';
import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Step =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'text'; status: number; body: string; headers?: Record<string, string> }
  | {
      kind: 'sse';
      status?: number;
      headers?: Record<string, string>;
      /** Raw SSE text pieces written one by one (use this to split events across chunks). */
      chunks: Array<string | { delayMs: number } | { drop: true } | { stall: true }>;
    }
  /** Destroy the socket before any header. */
  | { kind: 'reset' }
  /** Never answer (tests the first-byte timeout). */
  | { kind: 'stall' }
  | { kind: 'custom'; handle: (req: ReceivedRequest, res: import('node:http').ServerResponse) => void }
  /** Send the headers and the first `bytes` bytes of `body`, then destroy the socket. */
  | { kind: 'truncated'; status?: number; headers?: Record<string, string>; body: string; bytes: number }
  /** Write `body` a few bytes at a time, `intervalMs` apart (a slow link, not a silent one). */
  | {
      kind: 'trickle';
      status?: number;
      headers?: Record<string, string>;
      body: string;
      intervalMs: number;
      bytesPerWrite?: number;
    }
  /** A large body produced piece by piece, written with backpressure (sizes beyond what a test should hold twice). */
  | { kind: 'large'; status?: number; headers?: Record<string, string>; parts: () => Iterable<string> }
  /** Choose the step per request, e.g. from a seeded PRNG or the request body; `index` counts requests from 0. */
  | { kind: 'pick'; choose: (req: ReceivedRequest, index: number) => Step };

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export interface FakeVendor {
  url: string;
  requests: ReceivedRequest[];
  /** Replace the script (and restart from its first step). */
  script(steps: Step[]): void;
  close(): Promise<void>;
}

export interface FakeVendorOptions {
  /**
   * Answer `GET …/models` from the script like any request (a provider whose whole API the proxy relays, as the
   * native passthrough does) instead of as the absent model list a tier's discovery reads at start.
   */
  scriptModelLists?: boolean;
}

export async function startFakeVendor(
  steps: Step[] = [],
  options: FakeVendorOptions = {},
): Promise<FakeVendor> {
  let script = steps;
  let index = 0;
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json };
    if (!options.scriptModelLists && received.method === 'GET' && /\/models(\?|$)/.test(received.url)) {
      // The proxy reads vendors' model lists at start (model discovery); this fake publishes none, like many
      // servers. Answered outside the script, so a test's steps and `requests` stay about inference calls.
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no model list"}}');
      return;
    }
    requests.push(received);
    const step = script[Math.min(index, script.length - 1)];
    const position = index;
    index++;
    if (!step) {
      res.writeHead(500).end('no script');
      return;
    }
    await serve(step, received, position, req, res);
  });

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function serve(
    step: Step,
    received: ReceivedRequest,
    position: number,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    switch (step.kind) {
      case 'json': {
        const text = JSON.stringify(step.body);
        res.writeHead(step.status ?? 200, { 'content-type': 'application/json', ...step.headers });
        res.end(text);
        return;
      }
      case 'text':
        res.writeHead(step.status, { 'content-type': 'text/plain', ...step.headers });
        res.end(step.body);
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'stall':
        return;
      case 'custom':
        step.handle(received, res);
        return;
      case 'pick':
        await serve(step.choose(received, position), received, position, req, res);
        return;
      case 'truncated': {
        const bytes = Buffer.from(step.body, 'utf8');
        res.writeHead(step.status ?? 200, { 'content-type': 'application/json', ...step.headers });
        res.flushHeaders();
        res.write(bytes.subarray(0, step.bytes), () => req.socket.destroy());
        return;
      }
      case 'trickle': {
        const bytes = Buffer.from(step.body, 'utf8');
        const size = step.bytesPerWrite ?? 1;
        res.writeHead(step.status ?? 200, { 'content-type': 'text/event-stream', ...step.headers });
        res.flushHeaders();
        for (let offset = 0; offset < bytes.length; offset += size) {
          if (res.destroyed) return;
          res.write(bytes.subarray(offset, offset + size));
          await wait(step.intervalMs);
        }
        res.end();
        return;
      }
      case 'large': {
        res.writeHead(step.status ?? 200, { 'content-type': 'application/json', ...step.headers });
        for (const part of step.parts()) {
          if (res.destroyed) return;
          if (!res.write(part)) await drainedOrClosed(res);
        }
        res.end();
        return;
      }
      case 'sse': {
        res.writeHead(step.status ?? 200, { 'content-type': 'text/event-stream', ...step.headers });
        for (const piece of step.chunks) {
          if (typeof piece === 'string') {
            res.write(piece);
            continue;
          }
          if ('drop' in piece) {
            // Let what was written reach the wire first, so "drop after content" means after content.
            await new Promise<void>((resolve) => res.write('', () => resolve()));
            req.socket.destroy();
            return;
          }
          if ('stall' in piece) return;
          await wait(piece.delayMs);
          if (res.destroyed) return;
        }
        res.end();
        return;
      }
    }
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(next) {
      script = next;
      index = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An Anthropic stream: message_start, one text block split into `deltas`, message_delta, message_stop. */
export function anthropicStream(
  text: string,
  options: { model?: string; id?: string; deltas?: number; inputTokens?: number; outputTokens?: number } = {},
): string[] {
  const model = options.model ?? 'claude-sonnet-4-5';
  const id = options.id ?? 'msg_fake_1';
  const pieces = splitText(text, options.deltas ?? 3);
  const frame = (type: string, data: object) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  return [
    frame('message_start', {
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: options.inputTokens ?? 12, output_tokens: 1, cache_read_input_tokens: 0 },
      },
    }),
    frame('ping', {}),
    frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ...pieces.map((piece) =>
      frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }),
    ),
    frame('content_block_stop', { index: 0 }),
    frame('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: options.outputTokens ?? 7 },
    }),
    frame('message_stop', {}),
  ];
}

export function anthropicMessage(text: string, options: { model?: string; id?: string } = {}): object {
  return {
    id: options.id ?? 'msg_fake_1',
    type: 'message',
    role: 'assistant',
    model: options.model ?? 'claude-sonnet-4-5',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

export function anthropicErrorBody(type: string, message: string): object {
  return { type: 'error', error: { type, message } };
}

function splitText(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}
