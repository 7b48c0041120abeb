// On an older Node every entry point a user types prints one line saying what to install, and exits non-zero.
// Run with a real older Node from this machine (Debian's /usr/bin/node is 20), never a faked version string.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeVersionProblem } from '../../scripts/preflight.js';
import { REPO, userEnv } from '../support/entry-points.ts';

/** The first `node` on PATH (or a usual place) older than package.json allows. */
function findOlderNode(): { path: string; version: string } | undefined {
  const candidates = [
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'node')),
    '/usr/bin/node',
    '/usr/local/bin/node',
  ];
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
    if (nodeVersionProblem(version)) return { path, version };
  }
  return undefined;
}

const older = findOlderNode();

describe('preflight on an older Node', {
  skip: older ? false : 'no Node older than the minimum on this machine',
}, () => {
  let copy: string;
  const env = () => userEnv({ PATH: `${dirname(older!.path)}${delimiter}${process.env.PATH ?? ''}` });

  /** Runs a command with the older Node first on PATH; returns its exit code and the lines it printed itself. */
  function run(command: string, args: string[], cwd: string) {
    const result = spawnSync(command, args, { cwd, env: env(), encoding: 'utf8', timeout: 60_000 });
    const ours = result.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('npm '));
    return { status: result.status, ours, stderr: result.stderr, stdout: result.stdout };
  }

  function assertOneLine(result: ReturnType<typeof run>, rerun: string) {
    assert.notEqual(result.status, 0);
    assert.equal(result.ours.length, 1, result.stderr);
    assert.match(
      result.ours[0]!,
      new RegExp(
        `^coding-proxy needs Node\\.js 22\\.19 or newer, this is ${older!.version.replaceAll('.', '\\.')}: .*nodejs\\.org`,
      ),
    );
    // The way out without installing anything: npm fetches Node 22 for one run of the same command.
    assert.ok(
      result.ours[0]!.endsWith(`or run it once with Node 22 from npm: \`npx -y -p node@22 ${rerun}\``),
      result.ours[0],
    );
    assert.doesNotMatch(result.stderr + result.stdout, /ERR_UNKNOWN_FILE_EXTENSION|at .*\(node:/);
  }

  before(() => {
    // npm start / npm test run in a copy holding only what runs before the check: if the check ever failed to
    // stop them, they would fail there instead of building or testing this checkout with the wrong Node.
    copy = mkdtempSync(join(tmpdir(), 'cp-preflight-'));
    mkdirSync(join(copy, 'scripts'));
    copyFileSync(join(REPO, 'package.json'), join(copy, 'package.json'));
    copyFileSync(join(REPO, 'scripts', 'preflight.js'), join(copy, 'scripts', 'preflight.js'));
  });
  after(() => rmSync(copy, { recursive: true, force: true }));

  it(`npm start says which Node it needs (running ${older?.version})`, () => {
    assertOneLine(run('npm', ['start'], copy), 'npm start');
  });

  it('npm test says the same before building anything', () => {
    assertOneLine(run('npm', ['test'], copy), 'npm test');
  });

  it('npx coding-proxy and bin/coding-proxy.js say the same', () => {
    const viaNpx = run('npx', ['coding-proxy', 'start'], REPO);
    const entry = /node@22 node (\S+) start`$/.exec(viaNpx.ours[0] ?? '')?.[1] ?? '(none)';
    assert.match(entry, /coding-proxy(\.js)?$/);
    assertOneLine(viaNpx, `node ${entry} start`);
    const bin = join(REPO, 'bin', 'coding-proxy.js');
    assertOneLine(run(older!.path, [bin, 'start', '-p', '8047'], REPO), `node ${bin} start -p 8047`);
  });

  it('the check itself passes on this Node', () => {
    const result = spawnSync(process.execPath, [join(REPO, 'scripts', 'preflight.js')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
  });
});
