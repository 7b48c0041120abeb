// What `npm install` reads: the lockfile must be the one npm writes back unchanged (npm 10, which Node 22 ships, and
// npm 11), and the Node version package.json, the preflight and README ask for must satisfy every dependency.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import semver from 'semver';
import { minimumNode } from '../../scripts/preflight.js';
import { REPO } from '../support/entry-points.ts';

interface LockEntry {
  version?: string;
  optional?: boolean;
  engines?: { node?: string } | string[];
  hasInstallScript?: boolean;
  libc?: string[];
}

const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { engines: { node: string } };

describe('install metadata', () => {
  it('the lockfile has no fields npm 10 would drop on install (libc)', () => {
    const withLibc = Object.keys(lock.packages).filter((path) => lock.packages[path]?.libc);
    assert.deepEqual(withLibc, []);
  });

  it('hasInstallScript is set exactly where npm sets it after installing (scripts, or a binding.gyp)', () => {
    // npm's rebuild step: an install/preinstall/postinstall script, or a binding.gyp without install/preinstall
    // (a lockfile-driven tree does not know `gypfile: false`, so the flag appears even for better-sqlite3).
    const wrong: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const manifest = join(REPO, path, 'package.json');
      if (!path || !existsSync(manifest)) continue;
      const { scripts = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        scripts?: Record<string, string>;
      };
      const gyp = !scripts.install && !scripts.preinstall && existsSync(join(REPO, path, 'binding.gyp'));
      const expected = Boolean(scripts.install || scripts.preinstall || scripts.postinstall || gyp);
      if (expected !== Boolean(entry.hasInstallScript)) wrong.push(`${path}: expected ${expected}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('engines.node is the strictest requirement of any dependency, and the preflight and README agree', () => {
    const minimum = semver.minVersion(pkg.engines.node)!.version;
    const unmet = Object.entries(lock.packages)
      .filter(
        ([path, entry]) =>
          path && !entry.optional && typeof (entry.engines as { node?: string })?.node === 'string',
      )
      .filter(([, entry]) => !semver.satisfies(minimum, (entry.engines as { node: string }).node))
      .map(([path, entry]) => `${path} needs ${(entry.engines as { node: string }).node}`);
    assert.deepEqual(unmet, [], `package.json engines.node (${pkg.engines.node}) is too low`);
    assert.equal(minimumNode().join('.'), minimum);
    const [major, minor] = minimum.split('.');
    assert.match(
      readFileSync(join(REPO, 'README.md'), 'utf8'),
      new RegExp(`Node\\.js ≥ ${major}\\.${minor}\\b`),
    );
  });
});
