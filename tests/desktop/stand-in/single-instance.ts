// `app.requestSingleInstanceLock()` across real processes, the way Chromium's ProcessSingleton does it: a lock
// file in the user-data folder naming the owner's pid, and a local socket on which a second instance hands over
// its argv and working directory before it quits. A lock left by a dead process is taken over.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SecondInstanceMessage {
  argv: string[];
  cwd: string;
  additionalData: unknown;
}

function socketPath(userData: string): string {
  const id = createHash('sha256').update(userData).digest('hex').slice(0, 16);
  // Linux has abstract sockets (no file to clean up); elsewhere a short path in the temp folder.
  return process.platform === 'linux'
    ? `\0electron-stand-in-${id}`
    : join(tmpdir(), `electron-stand-in-${id}.sock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface SingleInstance {
  release(): void;
}

/** Takes the lock, or returns the pid holding it. */
export function takeLock(
  userData: string,
):
  | { owner: number }
  | { lock: SingleInstance; listen: (on: (message: SecondInstanceMessage) => void) => void } {
  mkdirSync(userData, { recursive: true });
  const lockFile = join(userData, 'SingletonLock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) return { owner };
      rmSync(lockFile, { force: true });
      continue;
    }
    let server: Server | undefined;
    const path = socketPath(userData);
    return {
      lock: {
        release() {
          server?.close();
          if (!path.startsWith('\0')) rmSync(path, { force: true });
          rmSync(lockFile, { force: true });
        },
      },
      listen(on) {
        if (!path.startsWith('\0')) rmSync(path, { force: true });
        server = createServer((socket) => {
          let text = '';
          socket.setEncoding('utf8');
          socket.on('data', (chunk: string) => {
            text += chunk;
            const end = text.indexOf('\n');
            if (end < 0) return;
            try {
              on(JSON.parse(text.slice(0, end)) as SecondInstanceMessage);
            } finally {
              socket.end('ack\n');
            }
          });
          socket.on('error', () => {});
        });
        server.listen(path);
        server.unref();
      },
    };
  }
  throw new Error(`could not take ${lockFile}`);
}

/** The second instance's hand-over; resolves with whether the first one acknowledged it. */
export async function notifyFirstInstance(
  userData: string,
  message: SecondInstanceMessage,
): Promise<boolean> {
  // The first instance may hold the lock a moment before its socket listens.
  for (let attempt = 0; attempt < 20; attempt++) {
    const delivered = await new Promise<boolean | 'retry'>((resolve) => {
      const socket = createConnection(socketPath(userData));
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('connect', () => socket.write(`${JSON.stringify(message)}\n`));
      socket.on('data', (chunk: string) => {
        answer += chunk;
      });
      socket.on('end', () => resolve(answer.startsWith('ack')));
      socket.on('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'retry' : false),
      );
    });
    if (delivered !== 'retry') return delivered;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
