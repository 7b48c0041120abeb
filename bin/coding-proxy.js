#!/usr/bin/env node
// The CLI runs from dist/cli.js (built by `npm run build`) while that bundle is newer than every source file,
// otherwise straight from the TypeScript sources through Node's type stripping: a clone works without a build
// step, and an edited source is never shadowed by a stale bundle. An older Node gets one line (scripts/preflight.js).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitIfNodeTooOld } from '../scripts/preflight.js';

exitIfNodeTooOld();

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const fresh =
  existsSync(bundle) &&
  statSync(bundle).mtimeMs >=
    Math.max(newestSource(join(root, 'src-main')), newestSource(join(root, 'src-shared')));
await import(fresh ? bundle : '../src-main/cli/main.ts');
