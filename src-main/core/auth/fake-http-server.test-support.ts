// A tiny real HTTP server on 127.0.0.1 for tests that play GitHub / Copilot: each route answers from a function,
// and every request is recorded so tests can assert what the client sent.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `body` read as a form or JSON, whichever it is. */
  fields: Record<string, string>;
}

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Resolve before answering (lets a test hold a request open). */
  wait?: Promise<unknown>;
}

export type FakeRoute = (request: RecordedRequest) => FakeAnswer;

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  /** Requests for one path. */
  calls(path: string): RecordedRequest[];
  close(): Promise<void>;
}

function readFields(body: string, contentType: string | undefined): Record<string, string> {
  if (contentType?.includes('json')) {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

export async function startFakeServer(routes: Record<string, FakeRoute>): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (incoming.url ?? '/').split('?')[0] ?? '/';
      const recorded: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path,
        headers: incoming.headers,
        body,
        fields: readFields(body, incoming.headers['content-type']),
      };
      requests.push(recorded);
      const route = routes[path];
      const answer: FakeAnswer = route ? route(recorded) : { status: 404, body: { message: 'Not Found' } };
      if (answer.wait) await answer.wait;
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      outgoing.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      outgoing.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (path) => requests.filter((request) => request.path === path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A sequence of answers, the last one repeating (e.g. pending, pending, token). */
export function answersInOrder(...answers: FakeAnswer[]): FakeRoute {
  let index = 0;
  return () => {
    const answer = answers[Math.min(index, answers.length - 1)] ?? { status: 500 };
    index++;
    return answer;
  };
}
