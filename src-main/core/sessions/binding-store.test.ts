import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BINDINGS_FILE, SessionBindings } from './binding-store.ts';

const root = mkdtempSync(join(tmpdir(), 'bindings-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const HOUR = 3_600_000;

function store(clock: { now: number }, path = join(root, `case-${++counter}`, BINDINGS_FILE)) {
  return new SessionBindings({ path, idleMs: 2 * HOUR, now: () => clock.now });
}

describe('session bindings', () => {
  it('survive a restart: a new store reads what the previous one saved', () => {
    const clock = { now: 1_000_000 };
    const first = store(clock);
    first.bind('session-a', ['b', 'a']);
    const second = new SessionBindings({ path: first.path, idleMs: 2 * HOUR, now: () => clock.now });
    assert.deepEqual(second.get('session-a')?.tiers, ['b', 'a']);
    assert.equal(second.get('session-a')?.expiresAt, clock.now + 2 * HOUR);
  });

  it('expire after the idle time, unless requests keep them alive', () => {
    const clock = { now: 0 };
    const bindings = store(clock);
    bindings.bind('busy', ['a']);
    bindings.bind('idle', ['a']);
    clock.now = 1.5 * HOUR;
    bindings.touch('busy');
    clock.now = 2.5 * HOUR;
    assert.ok(bindings.get('busy'));
    assert.equal(bindings.get('idle'), undefined);
    assert.deepEqual(
      bindings.list().map((binding) => binding.sessionKey),
      ['busy'],
    );
    // Expired ones are not resurrected by a restart either.
    clock.now = 4 * HOUR;
    const reopened = new SessionBindings({ path: bindings.path, idleMs: 2 * HOUR, now: () => clock.now });
    assert.deepEqual(reopened.list(), []);
  });

  it('unbind says whether there was a binding, and the file never holds removed ones', () => {
    const clock = { now: 0 };
    const bindings = store(clock);
    bindings.bind('s', ['a']);
    assert.equal(bindings.unbind('s'), true);
    assert.equal(bindings.unbind('s'), false);
    assert.deepEqual(JSON.parse(readFileSync(bindings.path, 'utf8')).bindings, []);
  });

  it('starts empty, with a message, from a corrupt file', () => {
    const path = join(root, 'corrupt.json');
    writeFileSync(path, '{not json');
    const errors: string[] = [];
    const bindings = new SessionBindings({ path, idleMs: HOUR, onError: (m) => errors.push(m) });
    assert.deepEqual(bindings.list(), []);
    assert.match(errors[0] ?? '', /is not valid JSON/);
  });
});
