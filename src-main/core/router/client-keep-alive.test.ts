import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SseWriter } from '../sse/sse-writer.ts';
import { ClientKeepAlive } from './client-keep-alive.ts';

function fakeStream(): SseWriter & { pings: number } {
  const stream = {
    writable: true,
    lastWriteAt: Date.now(),
    pings: 0,
    sendText(text: string) {
      if (text.includes('event: ping')) stream.pings++;
      stream.lastWriteAt = Date.now();
      return true;
    },
  };
  return stream as unknown as SseWriter & { pings: number };
}

describe('ClientKeepAlive', () => {
  it('pings only the streams quiet for an interval, from one timer shared by the streams open with it', (t) => {
    t.mock.timers.enable({ apis: ['setInterval', 'Date'] });
    const quiet = fakeStream();
    const busy = fakeStream();
    const a = new ClientKeepAlive(quiet, 1000);
    const b = new ClientKeepAlive(busy, 1000);
    t.mock.timers.tick(600);
    busy.sendText('event: content_block_delta\ndata: {}\n\n');
    t.mock.timers.tick(400); // 1000 ms: quiet has been silent 1000 ms, busy 400 ms
    assert.equal(quiet.pings, 1);
    assert.equal(busy.pings, 0);
    t.mock.timers.tick(1000); // 2000 ms: busy silent 1400 ms now
    assert.equal(quiet.pings, 2);
    assert.equal(busy.pings, 1);
    b.stop();
    t.mock.timers.tick(1000);
    assert.equal(busy.pings, 1, 'a stopped stream is not pinged');
    assert.equal(quiet.pings, 3);
    a.stop();
    a.stop();
    // The last stream gone, the timer is cleared: a new stream starts a new one.
    const later = fakeStream();
    const c = new ClientKeepAlive(later, 1000);
    t.mock.timers.tick(1000);
    assert.equal(later.pings, 1);
    assert.equal(quiet.pings, 3);
    c.stop();
  });

  it('leaves a stream that can no longer receive alone', (t) => {
    t.mock.timers.enable({ apis: ['setInterval', 'Date'] });
    const gone = fakeStream();
    (gone as { writable: boolean }).writable = false;
    const keepAlive = new ClientKeepAlive(gone, 500);
    t.mock.timers.tick(1500);
    assert.equal(gone.pings, 0);
    keepAlive.stop();
  });
});
