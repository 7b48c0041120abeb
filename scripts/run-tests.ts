// Runs every test file with node:test. Files are found here rather than by shell globs so the command works
// the same in every shell and CI.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['src-shared', 'src-main', 'src-renderer', 'tests'];
const filter = process.argv.slice(2);

function collect(dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry === 'node_modules' || entry.startsWith('dist')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (entry.endsWith('.test.ts')) out.push(path);
  }
}

const files: string[] = [];
for (const root of roots) collect(root, files);
const selected = filter.length ? files.filter((f) => filter.some((needle) => f.includes(needle))) : files;
if (selected.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Every Node process of the run (test files, and the CLIs and proxies they start) resolves loopback names only.
const loopbackOnly = join(import.meta.dirname, '..', 'tests', 'support', 'loopback-only.cjs');
const nodeOptions = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(loopbackOnly)}`].filter(Boolean).join(' ');
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=120000', ...selected.sort()],
  { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: nodeOptions } },
);
process.exit(result.status ?? 1);
