// The floor the proxy is measured against: the least a Node relay can do — node:http in, one undici Pool out,
// request and answer bytes piped through unread (no JSON, no SSE parsing, no routing, no ledger). Run as its own
// process: `node bench/minimal-relay.ts <upstream-origin>` (see bench-child.ts).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';
import { serveAsBenchChild } from './bench-child.ts';

// Hop-by-hop headers and the ones undici sets itself: the same set any relay must drop.
const HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP.has(name)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: minimal-relay.ts <upstream-origin>');
const pool = new Pool(upstream, { connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });

const server = createServer(async (req, res) => {
  try {
    const answer = await pool.request({
      path: req.url ?? '/',
      method: (req.method ?? 'GET') as 'POST',
      headers: forwardable(req.headers),
      body: req,
    });
    res.writeHead(answer.statusCode, forwardable(answer.headers as IncomingHttpHeaders));
    await pipeline(answer.body, res);
  } catch {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  }
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
const { port } = server.address() as AddressInfo;
serveAsBenchChild(`http://127.0.0.1:${port}`, async () => {
  server.closeAllConnections();
  await pool.close();
});
