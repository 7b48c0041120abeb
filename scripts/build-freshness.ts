// What `npm start` must build before it runs: an output is stale when it is missing or older than any of its
// sources (file modification times; a fresh clone has no outputs, an edited source is newer than its bundle).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface BuildTarget {
  /** Shown to the user: "the dashboard", "the CLI bundle"… */
  label: string;
  /** Files the build writes, relative to the root. */
  outputs: string[];
  /** Files and folders (searched recursively) the outputs are made from, relative to the root. */
  sources: string[];
  /** The build command: arguments for `node`. */
  command: string[];
}

function newestMtime(path: string): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function oldestOutput(root: string, outputs: string[]): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const output of outputs) {
    try {
      oldest = Math.min(oldest, statSync(join(root, output)).mtimeMs);
    } catch {
      return 0;
    }
  }
  return oldest;
}

export function isStale(root: string, target: BuildTarget): boolean {
  const built = oldestOutput(root, target.outputs);
  return built === 0 || target.sources.some((source) => newestMtime(join(root, source)) > built);
}

// Dependency updates (package-lock.json) change what gets bundled too.
const SHARED = ['src-shared', 'package-lock.json'];
const NODE_BUNDLER = ['scripts/bundle-node.ts'];

export const RENDERER: BuildTarget = {
  label: 'the dashboard (dist-renderer/)',
  outputs: ['dist-renderer/index.html'],
  sources: ['src-renderer', 'vite.config.ts', ...SHARED],
  command: ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
};

export const CLI_BUNDLE: BuildTarget = {
  label: 'the CLI bundle (dist/cli.js)',
  outputs: ['dist/cli.js'],
  sources: ['src-main', 'scripts/build-cli.ts', ...NODE_BUNDLER, ...SHARED],
  command: ['scripts/build-cli.ts'],
};

export const DESKTOP_BUNDLE: BuildTarget = {
  label: 'the desktop main process (dist-electron/)',
  outputs: ['dist-electron/main.js', 'dist-electron/preload.cjs'],
  sources: ['src-main', 'scripts/build-electron.ts', ...NODE_BUNDLER, ...SHARED],
  command: ['scripts/build-electron.ts'],
};
