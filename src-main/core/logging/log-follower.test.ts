// `coding-proxy logs -f` across rotations: a real LogFile rotating at 64 KiB (the smallest maxBytes the config
// allows) while a follower polls, forced through every way a rotation can fall between two polls.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LogFile } from './log-file.ts';
import { LogFollower } from './log-follower.ts';

const root = mkdtempSync(join(tmpdir(), 'log-follower-'));
after(() => rmSync(root, { recursive: true, force: true }));

const PADDING = 'x'.repeat(180);

function setUp(name: string, backups = 5) {
  const path = join(root, name, 'coding-proxy.log');
  const log = new LogFile({ path, level: 'info', maxBytes: 65_536, backups });
  let printed = '';
  const follower = new LogFollower(path, (text) => {
    printed += text;
  });
  let next = 0;
  /** Writes `count` numbered lines (~220 bytes each: ~300 fill one file), appended before the next poll. */
  const write = (count: number) => {
    for (let index = 0; index < count; index++) log.write('info', `line ${next++} ${PADDING} ünïcödé`);
    log.flush();
  };
  const numbers = () => [...printed.matchAll(/line (\d+) /g)].map((match) => Number(match[1]));
  const expected = () => Array.from({ length: next }, (_, index) => index);
  return { log, follower, write, numbers, expected, printed: () => printed };
}

describe('following the log file', () => {
  it('prints every line once, in order, across rotations polled at any moment', async () => {
    const { log, follower, write, numbers, expected, printed } = setUp('steady');
    // Small steps: some polls fall just before a rotation, some just after.
    for (let step = 0; step < 60; step++) {
      write(17);
      follower.poll();
    }
    assert.ok(numbers().length > 900, 'at least three rotations happened');
    assert.deepEqual(numbers(), expected());
    assert.doesNotMatch(printed(), /\uFFFD/, 'no character was cut in two');
    follower.stop();
    await log.close();
  });

  it('finishes the rotated file when the rotation happens between two polls, and a file rotated in and out too', async () => {
    const { log, follower, write, numbers, expected } = setUp('between');
    write(100);
    follower.poll();
    write(505); // two rotations before the next poll: a whole file came and went
    follower.poll();
    write(10);
    follower.poll();
    assert.deepEqual(numbers(), expected());
    follower.stop();
    await log.close();
  });

  it('keeps reading a rotated file that was already compressed and deleted, and files without backups', async () => {
    for (const backups of [5, 0]) {
      const { log, follower, write, numbers, expected } = setUp(`gone-${backups}`, backups);
      write(200);
      follower.poll();
      write(200);
      await log.settled(); // the rotated file is gzipped and removed before the follower looks again
      follower.poll();
      assert.deepEqual(numbers(), expected(), `backups: ${backups}`);
      follower.stop();
      await log.close();
    }
  });

  it('starts at the end of an existing file, and from the start of a file created later', async () => {
    const existing = setUp('existing');
    existing.write(5);
    let tail = '';
    const late = new LogFollower(join(root, 'existing', 'coding-proxy.log'), (text) => {
      tail += text;
    });
    late.poll();
    existing.write(2);
    late.poll();
    assert.deepEqual(
      [...tail.matchAll(/line (\d+) /g)].map((match) => Number(match[1])),
      [5, 6],
    );
    late.stop();
    existing.follower.stop();
    await existing.log.close();

    const path = join(root, 'later', 'coding-proxy.log');
    let printed = '';
    const follower = new LogFollower(path, (text) => {
      printed += text;
    });
    follower.poll();
    const log = new LogFile({ path, level: 'info', maxBytes: 65_536, backups: 1 });
    log.write('info', 'first line of a new file');
    log.flush();
    follower.poll();
    assert.match(printed, /INFO {2}first line of a new file\n$/);
    follower.stop();
    await log.close();
  });
});
