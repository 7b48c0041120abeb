import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { SseWriter } from './sse-writer.ts';

async function serveOnce(handler: (res: ServerResponse) => Promise<void> | void) {
  const server = createServer((_req, res) => void handler(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  } finally {
    server.close();
  }
}

describe('SseWriter', () => {
  it('opens a 200 event stream on first write and encodes frames, comments and the end', async () => {
    const got = await serveOnce(async (res) => {
      const sse = new SseWriter(res);
      assert.equal(sse.started, false);
      await sse.write([{ event: 'ping', data: '{"type":"ping"}' }]);
      assert.equal(sse.started, true);
      sse.comment('keep-alive');
      sse.end([{ event: '', data: 'last' }]);
      assert.equal(sse.send([{ event: 'late', data: '{}' }]), true, 'writes after the end are dropped');
      sse.end();
    });
    assert.equal(got.status, 200);
    assert.match(got.type ?? '', /^text\/event-stream/);
    assert.equal(got.text, 'event: ping\ndata: {"type":"ping"}\n\n: keep-alive\n\ndata: last\n\n');
  });

  it('waits for the socket to drain when the client reads slowly', async () => {
    const big = 'x'.repeat(256 * 1024);
    const got = await serveOnce(async (res) => {
      const sse = new SseWriter(res);
      for (let i = 0; i < 16; i++) await sse.write([{ event: 'chunk', data: big }]);
      sse.end();
    });
    assert.equal(got.text.length, 16 * (big.length + 'event: chunk\ndata: \n\n'.length));
  });
});
