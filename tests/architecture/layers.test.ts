// Fails the build when code reaches across a layer (DEVELOPERS.md "Layers"): src-shared → nothing of ours, core
// ↛ electron / cli / desktop, vendors ↛ router, renderer → only src-shared, itself and browser packages.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkFile, importsOf } from './layer-rules.ts';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('dist')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

describe('layers', () => {
  it('holds for every source file', () => {
    const files = ['src-shared', 'src-main', 'src-renderer'].flatMap((root) => sourceFiles(join(ROOT, root)));
    assert.ok(files.length > 100, `found only ${files.length} source files`);
    const violations = files.flatMap((path) =>
      checkFile(relative(ROOT, path).replaceAll('\\', '/'), readFileSync(path, 'utf8')),
    );
    assert.deepEqual(
      violations.map((v) => `${v.file} imports "${v.specifier}": ${v.rule}`),
      [],
    );
  });

  it('reads every kind of import', () => {
    const source = [
      "import a from './a.ts';",
      "import type { B } from '../b.ts';",
      "import './side-effect.ts';",
      "export { c } from './c.ts';",
      "export * from './d.ts';",
      'import {',
      '  e,',
      "} from 'e-package';",
      "const f = await import('./f.ts');",
      "// import g from './commented-out.ts';",
    ].join('\n');
    assert.deepEqual(importsOf(source).sort(), [
      '../b.ts',
      './a.ts',
      './c.ts',
      './d.ts',
      './f.ts',
      './side-effect.ts',
      'e-package',
    ]);
  });

  const breaches: Array<[string, string, string]> = [
    ['src-shared/contract.ts', "import { x } from '../src-main/core/events.ts';", 'src-shared'],
    ['src-shared/format.ts', "import { y } from '../src-renderer/format/countdown.ts';", 'src-shared'],
    ['src-shared/format.ts', "import { readFileSync } from 'node:fs';", 'src-shared'],
    ['src-main/core/start-core.ts', "import { app } from 'electron';", 'core'],
    ['src-main/core/server/http-server.ts', "import { run } from '../../cli/start-command.ts';", 'core'],
    ['src-main/core/start-core.ts', "import { tray } from '../desktop/tray.ts';", 'core'],
    [
      'src-main/core/vendors/gemini/adapter.ts',
      "import type { Tier } from '../../router/tier.ts';",
      'vendors',
    ],
    ['src-renderer/App.tsx', "import { readFile } from 'fs';", 'renderer'],
    ['src-renderer/App.tsx', "import { request } from 'undici';", 'renderer'],
    ['src-renderer/api/client.ts', "import Database from 'better-sqlite3';", 'renderer'],
    ['src-renderer/App.tsx', "import { ipcRenderer } from 'electron';", 'renderer'],
    ['src-renderer/App.tsx', "const yaml = await import('yaml');", 'renderer'],
    ['src-renderer/App.tsx', "import { z } from '@dnd-kit/not-allowed';", 'renderer'],
    ['src-renderer/App.tsx', "import type { Router } from '../src-main/core/router/router.ts';", 'renderer'],
  ];
  for (const [file, line, layer] of breaches) {
    it(`catches ${layer} breaking its layer: ${line}`, () => {
      assert.equal(checkFile(file, line).length, 1);
    });
  }

  it('lets each layer use what it may', () => {
    assert.deepEqual(checkFile('src-renderer/App.tsx', "import { z } from '../src-shared/contract.ts';"), []);
    for (const line of [
      "import { createRoot } from 'react-dom/client';",
      "import { useSortable } from '@dnd-kit/sortable';",
      "import { create } from 'zustand';",
      "import './styles.css';",
    ])
      assert.deepEqual(checkFile('src-renderer/main.tsx', line), [], line);
    assert.deepEqual(checkFile('src-renderer/x.test.ts', "import { it } from 'node:test';"), []);
    assert.deepEqual(checkFile('src-main/desktop/main.ts', "import { app } from 'electron';"), []);
    assert.deepEqual(
      checkFile('src-main/core/router/attempt.ts', "import x from '../vendors/registry.ts';"),
      [],
    );
  });
});
