import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TypedEmitter } from './events.ts';

type Event = { type: 'a'; n: number } | { type: 'b'; n: number };

describe('TypedEmitter', () => {
  it('gives a filtered subscriber only its types, and says who would receive what', () => {
    const bus = new TypedEmitter<Event>();
    assert.equal(bus.listening(), false);
    assert.equal(bus.listening('a'), false);
    const onlyB: number[] = [];
    const offB = bus.on((event) => onlyB.push(event.n), ['b']);
    assert.equal(bus.listening(), true);
    assert.equal(bus.listening('a'), false, 'a producer of a-events may skip building them');
    assert.equal(bus.listening('b'), true);
    bus.emit({ type: 'a', n: 1 });
    bus.emit({ type: 'b', n: 2 });
    assert.deepEqual(onlyB, [2]);

    const all: number[] = [];
    const offAll = bus.on((event) => all.push(event.n));
    assert.equal(bus.listening('a'), true);
    bus.emit({ type: 'a', n: 3 });
    assert.deepEqual(all, [3]);
    assert.deepEqual(onlyB, [2]);

    offAll();
    assert.equal(bus.listening('a'), false);
    offB();
    offB();
    assert.equal(bus.listening(), false);
    assert.equal(bus.listening('b'), false, 'unsubscribing twice does not count twice');
  });

  it('keeps delivering to the others when one subscriber throws', (t) => {
    t.mock.method(console, 'error', () => undefined);
    const bus = new TypedEmitter<Event>();
    const got: number[] = [];
    bus.on(() => {
      throw new Error('broken subscriber');
    });
    bus.on((event) => got.push(event.n));
    bus.emit({ type: 'a', n: 1 });
    assert.deepEqual(got, [1]);
  });
});
