// The test run resolves loopback names only (tests/support/loopback-only.cjs, loaded by scripts/run-tests.ts into
// every Node process it starts): nothing a test does can reach a real vendor, with or without a network.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { describe, it } from 'node:test';

describe('the test run stays on this machine', () => {
  it('refuses to resolve a public name, here and in the processes tests start', async () => {
    await assert.rejects(lookup('api.github.com'), /tests resolve loopback names only/);
    const child = spawnSync(
      process.execPath,
      ['-e', "fetch('https://accounts.google.com/').catch((e) => { console.log(e.cause?.message); })"],
      { encoding: 'utf8' },
    );
    assert.match(child.stdout, /ENOTFOUND accounts\.google\.com \(tests resolve loopback names only\)/);
  });

  it('still resolves loopback names', async () => {
    assert.equal((await lookup('localhost', { family: 4 })).address, '127.0.0.1');
  });
});
