// The plumbing under the fake vendors of these tests: an HTTP server on 127.0.0.1:0 that records every call
// (method, path, headers, body) before its handler answers, and closes its open connections when told to.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingServer {
  url: string;
  seen: SeenCall[];
  calls(path: string): SeenCall[];
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, value: unknown): undefined {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(value));
  return undefined;
}

export async function startRecordingServer(
  handle: (call: SeenCall, res: ServerResponse) => unknown,
): Promise<RecordingServer> {
  const sockets = new Set<Socket>();
  const seen: SeenCall[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const call = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      seen.push(call);
      handle(call, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    calls: (path) => seen.filter((call) => call.path === path),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
