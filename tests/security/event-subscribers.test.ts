// `/api/events` cannot be used to grow the proxy's memory: a subscriber that stops reading is dropped once its
// queue passes the bound, and only so many subscribers are served at once.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SseParser } from '../../src-main/core/sse/sse-parser.ts';
import { controlFetch, type Harness, startProxy } from '../support/proxy-harness.ts';

/** A subscriber that reads: counts the events it gets until `stop()`. */
async function readingSubscriber(proxy: Harness) {
  const abort = new AbortController();
  const response = await controlFetch(proxy, '/api/events', { signal: abort.signal });
  assert.equal(response.status, 200);
  const parser = new SseParser();
  let events = 0;
  let ended = false;
  const reader = response.body!.getReader();
  const done = (async () => {
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        events += parser.push(value).length;
      }
    } catch {
      // aborted by stop()
    }
    ended = true;
  })();
  return {
    events: () => events,
    ended: () => ended,
    async stop() {
      abort.abort();
      await done;
    },
  };
}

/** A subscriber that sends its request and then never reads a byte. */
function stuckSubscriber(proxy: Harness): Promise<Socket> {
  const { port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.pause();
      socket.write(
        `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${proxy.token}\r\n\r\n`,
      );
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

describe('/api/events subscribers', () => {
  let proxy: Harness;
  before(async () => {
    proxy = await startProxy({
      server: { maxEventSubscribers: 2, eventBufferBytes: 256 * 1024 },
      vendors: [{ name: 'a', kind: 'anthropic', baseUrl: 'http://127.0.0.1:9' }],
    });
  });
  after(async () => {
    await proxy.close();
  });

  it('serves at most maxEventSubscribers at once; the next gets 503 with a clear error', async () => {
    const first = await readingSubscriber(proxy);
    const second = await readingSubscriber(proxy);
    const third = await controlFetch(proxy, '/api/events');
    assert.equal(third.status, 503);
    const body = (await third.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'overloaded_error');
    assert.match(body.error.message, /too many event subscribers \(2 at most\)/);
    await first.stop();
    // The slot is free again once the server has seen the close.
    let again: Response | undefined;
    for (let i = 0; i < 100 && again?.status !== 200; i++) {
      await again?.body?.cancel();
      again = await controlFetch(proxy, '/api/events');
      if (again.status !== 200) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(again?.status, 200);
    await again?.body?.cancel();
    await second.stop();
  });

  it('drops a subscriber that never reads, and keeps serving one that does', async () => {
    const stuck = await stuckSubscriber(proxy);
    const reader = await readingSubscriber(proxy);
    // 24 MiB of events: far beyond the socket buffers plus the 256 KiB bound.
    const reason = 'x'.repeat(16 * 1024);
    const sent = 1536;
    for (let i = 0; i < sent; i++) {
      proxy.core.context.events.emit({ type: 'failover', from: 'a', to: null, reason });
      if (i % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    // The stuck one's slot is free: with it still counted, a new subscriber would get 503.
    const next = await controlFetch(proxy, '/api/events');
    assert.equal(next.status, 200, 'the stuck subscriber was dropped');
    await next.body?.cancel();
    for (let i = 0; i < 200 && reader.events() < sent + 1; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(reader.ended(), false, 'the reading subscriber is still connected');
    assert.equal(reader.events(), sent + 1, 'and got the hello and every event');
    await reader.stop();
    stuck.destroy();
  });
});
