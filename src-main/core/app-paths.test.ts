import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { appPaths, findAppRoot, ownAppPaths } from './app-paths.ts';

function layout(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cp-paths-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const OURS = JSON.stringify({ name: 'coding-proxy' });

describe('app paths', () => {
  it('finds the app root from the sources, the CLI bundle and the desktop bundle alike', () => {
    const dir = layout({ 'app/package.json': OURS, 'app/dist-renderer/index.html': '<html>' });
    try {
      for (const file of ['src-main/core/app-paths.ts', 'dist/cli.js', 'dist-electron/main.js'])
        assert.equal(findAppRoot(pathToFileURL(join(dir, 'app', file)).href), join(dir, 'app'), file);
      assert.deepEqual(appPaths(join(dir, 'app')), {
        root: join(dir, 'app'),
        dashboardDir: join(dir, 'app', 'dist-renderer'),
        assetsDir: join(dir, 'app', 'assets'),
      });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('never looks above the first package.json, and never serves a dashboard that is not built', () => {
    // A built dashboard in the parent folder of an unbuilt clone, and a foreign package.json in between.
    const dir = layout({
      'package.json': OURS,
      'dist-renderer/index.html': 'PLANTED',
      'clone/package.json': OURS,
      'other/package.json': JSON.stringify({ name: 'something-else' }),
    });
    try {
      assert.equal(appPaths(join(dir, 'clone')).dashboardDir, undefined);
      assert.equal(findAppRoot(pathToFileURL(join(dir, 'clone', 'dist', 'cli.js')).href), join(dir, 'clone'));
      assert.equal(findAppRoot(pathToFileURL(join(dir, 'other', 'dist', 'cli.js')).href), undefined);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('resolves this checkout for the running sources', () => {
    assert.equal(ownAppPaths().root, join(import.meta.dirname, '..', '..'));
  });
});
