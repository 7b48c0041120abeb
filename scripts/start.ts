// `npm start`: builds whatever is missing or older than its sources (a no-op when nothing changed), then runs the
// tray app when the Electron binary is installed, otherwise the headless proxy with its browser dashboard.
// It stays the parent of what it runs: a stop signal is passed on once, and it exits with the child's code, so
// `kill <npm pid>` lets in-flight streams finish, frees the port and ends with 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import { startedByNpm, watchParent } from '../src-main/cli/parent-watch.ts';
import { type BuildTarget, CLI_BUNDLE, DESKTOP_BUNDLE, isStale, RENDERER } from './build-freshness.ts';
import { electronBinary, fetchElectron, previousFailure } from './electron-binary.ts';

const root = resolve(import.meta.dirname, '..');
const passThrough = process.argv.slice(2);
const aborter = new AbortController();

let current: ChildProcess | undefined;
let stopping = false;
let lastSignalAt = 0;

// The child runs in its own process group (POSIX), so a Ctrl+C reaches it once, through here. npm also passes the
// terminal's Ctrl+C on to us: one key press can arrive twice within a few milliseconds; a later one is the user's
// second press, which the proxy treats as "force quit".
function stop(signal: NodeJS.Signals): void {
  const now = Date.now();
  if (stopping && now - lastSignalAt < 500) return;
  stopping = true;
  lastSignalAt = now;
  aborter.abort();
  if (current) current.kill(signal);
  else process.exit(0);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
if (startedByNpm()) watchParent(() => stop('SIGTERM'));

function run(command: string, args: string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: process.platform !== 'win32',
    });
    current = child;
    child.on('error', (error) => {
      console.error(`cannot run ${command}: ${error.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => {
      current = undefined;
      done(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
}

async function build(target: BuildTarget): Promise<void> {
  if (stopping || !isStale(root, target)) return;
  console.log(`Building ${target.label}…`);
  const code = await run(process.execPath, target.command);
  if (stopping) process.exit(0);
  if (code !== 0) {
    console.error(`Building ${target.label} failed (exit code ${code}); see the messages above.`);
    process.exit(code);
  }
}

/** The installed binary; or one fetched now (once per install); or undefined, saying how to get it later. */
async function findElectron(): Promise<string | undefined> {
  const installed = electronBinary(root);
  if (installed) return installed;
  let why: string;
  const failure = previousFailure(root);
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) why = 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  else if (failure) why = `the download failed on ${failure.at.slice(0, 10)}: ${failure.reason}`;
  else {
    console.log('The tray app needs the Electron binary, which is not installed yet: downloading it once…');
    const fetched = await fetchElectron(root, { signal: aborter.signal });
    if (fetched.binary) return fetched.binary;
    why = `the download failed: ${fetched.reason}`;
  }
  console.log(
    `No Electron binary (${why}), so this is the headless proxy with its dashboard in the browser; ` +
      'for the tray app run `npm run desktop:install` where GitHub downloads work.',
  );
  return undefined;
}

await build(RENDERER);
const electron = stopping ? undefined : await findElectron();
if (stopping) process.exit(0);
let code: number;
if (electron) {
  await build(DESKTOP_BUNDLE);
  code = await run(electron, [root, ...passThrough]);
} else {
  await build(CLI_BUNDLE);
  code = await run(process.execPath, [join(root, 'bin', 'coding-proxy.js'), 'start', ...passThrough]);
}
process.exit(code);
