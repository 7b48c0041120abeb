// `npm run smoke:package`: packages the tray app with electron-builder exactly as `npm run dist` would (Linux,
// unpacked `--dir` target), but offline: a stand-in Electron distribution carries only the fuse wire, so what is
// checked is electron-builder's part — the fuses it flips, and that the files it puts in app.asar (and unpacks)
// are enough to run the app. The extracted app.asar then goes through the desktop harness tests (tray, window
// over IPC, popover, second instance, Quit) with its own node_modules, not the checkout's.
// Needs no network and no Electron binary; about a minute. Exit code 0 passed, 1 failed.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const { version: electronVersion } = require('electron/package.json') as { version: string };

// The fuse wire as Electron ships it (@electron/fuses FuseV1Options order): RunAsNode on, cookie encryption off,
// NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off, browser V8 snapshot off, file:// privileges on.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const SHIPPED_WIRE = '10110001';
const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];
// What electron-builder.yml asks for, where it says; the shipped state elsewhere.
const fuses = (parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { electronFuses: Record<string, boolean> })
  .electronFuses;
const EXPECTED_WIRE = FUSE_ORDER.map((name, index) =>
  name in fuses ? (fuses[name] ? '1' : '0') : SHIPPED_WIRE[index],
).join('');

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
}

function fuseWire(binary: Buffer): string {
  const at = binary.indexOf(SENTINEL) + SENTINEL.length;
  const length = binary[at + 1] ?? 0;
  return binary.subarray(at + 2, at + 2 + length).toString('latin1');
}

const temp = mkdtempSync(join(tmpdir(), 'coding-proxy-package-'));
try {
  console.log('• building the dashboard and the Electron bundle');
  run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
  run(process.execPath, [join(root, 'scripts', 'build-electron.ts')]);

  console.log('• packaging with electron-builder (Linux, --dir) against a stand-in Electron distribution');
  const dist = join(temp, 'electron-dist');
  mkdirSync(dist);
  const stub = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron: only the fuse wire is real"\nexit 1\n'),
    Buffer.from(SENTINEL),
    Buffer.from([1, SHIPPED_WIRE.length]),
    Buffer.from(SHIPPED_WIRE),
    Buffer.alloc(16),
  ]);
  writeFileSync(join(dist, 'electron'), stub, { mode: 0o755 });
  writeFileSync(join(dist, 'version'), electronVersion);
  const out = join(temp, 'release');
  run(process.execPath, [
    join(root, 'node_modules', 'electron-builder', 'cli.js'),
    '--linux',
    'dir',
    '--config',
    'electron-builder.yml',
    `-c.electronDist=${dist}`,
    `-c.electronVersion=${electronVersion}`,
    `-c.directories.output=${out}`,
  ]);

  const unpacked = join(out, 'linux-unpacked');
  const wire = fuseWire(readFileSync(join(unpacked, 'coding-proxy')));
  if (wire !== EXPECTED_WIRE) throw new Error(`fuse wire ${wire}, expected ${EXPECTED_WIRE} (electron-builder.yml)`);
  console.log(`• fuses flipped: ${SHIPPED_WIRE} → ${wire}`);

  console.log('• extracting app.asar and running the desktop harness on it');
  const asar = require('@electron/asar') as { extractAll(archive: string, dest: string): void; listPackage(archive: string): string[] };
  const app = join(temp, 'app');
  asar.extractAll(join(unpacked, 'resources', 'app.asar'), app);
  cpSync(join(unpacked, 'resources', 'app.asar.unpacked'), app, { recursive: true });
  const files = asar.listPackage(join(unpacked, 'resources', 'app.asar'));
  const modules = [...new Set(files.flatMap((file) => file.match(/^[/\\]node_modules[/\\]([^/\\]+)/)?.[1] ?? []))];
  console.log(`  app.asar: ${files.length} entries; node_modules: ${modules.join(', ')}`);
  run(
    process.execPath,
    ['--test', '--test-reporter=spec', 'tests/desktop/tray-app.test.ts', 'tests/desktop/tray-popover.test.ts'],
    { ...process.env, DESKTOP_HARNESS_APP_ROOT: app },
  );
  console.log('package smoke test passed');
} catch (error) {
  console.error(`package smoke test FAILED: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(temp, { recursive: true, force: true });
}
