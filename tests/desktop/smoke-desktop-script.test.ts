// `npm run smoke:desktop` where no Electron binary can be installed (this machine, CI without network): it must
// say it skipped, not pretend it passed. Where a binary is installed, run the script itself instead.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { electronBinary } from '../../scripts/electron-binary.ts';
import { REPO } from './harness/app-process.ts';

const installed = electronBinary(REPO) !== undefined;

it('says it skipped when the Electron binary is not installed', {
  skip: installed && 'Electron is installed: run npm run smoke:desktop',
}, () => {
  const script = join(REPO, 'scripts', 'smoke-desktop.ts');
  const skipped = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  assert.equal(skipped.status, 0, skipped.stderr);
  assert.match(skipped.stdout, /^Electron binary not installed; skipping the desktop smoke test\./);
  assert.doesNotMatch(skipped.stdout, /passed/);
  const required = spawnSync(process.execPath, [script, '--require-electron'], { encoding: 'utf8' });
  assert.equal(required.status, 3);
});
