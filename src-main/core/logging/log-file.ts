// The log file: every line at or above the configured level, redacted, appended to
// `<data-dir>/logs/coding-proxy.log` (or `logging.file`). At `maxBytes` the file is rotated: it becomes
// `<file>.1.gz` (gzip), older backups shift up to `<file>.<backups>.gz` and the oldest is deleted — the same
// names the original used. Lines are formatted and redacted when written, and appended to an open descriptor in
// one synchronous write per turn of the event loop (a busy proxy logs a line per request: one syscall for all of
// a turn's lines instead of one each); `error` lines, `close()` and the process's exit write what is waiting at
// once, so a normal exit or an uncaught exception loses no line. Compression runs off the event loop.
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { LoggingConfig, LogLevel } from '../../../src-shared/config-schema.ts';
import { redactSecrets } from './redact.ts';

export const DEFAULT_LOG_FILE = join('logs', 'coding-proxy.log');

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function logFilePath(config: Pick<LoggingConfig, 'file'>, dataDir: string): string {
  const file = config.file ?? DEFAULT_LOG_FILE;
  return isAbsolute(file) ? file : join(dataDir, file);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `2026-05-01 10:00:05.123` in local time, like the original's file lines. */
export function formatTime(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export interface LogFileOptions {
  path: string;
  level: LogLevel;
  maxBytes: number;
  backups: number;
  /** Masks the secrets the core holds (its redactor); credential-shaped text is masked after it regardless. */
  redact?: (text: string) => string;
  /** Extra secrets to mask, read for every line. */
  secrets?: () => Iterable<string>;
  now?: () => number;
  /** Where a failure of the log itself goes (never thrown into the caller). */
  onError?: (message: string) => void;
}

/** Open log files with lines waiting: written out when the process exits, whatever way it ends normally. */
const unflushed = new Set<LogFile>();
let exitHook = false;

export class LogFile {
  readonly path: string;
  level: LogLevel;
  readonly #options: LogFileOptions;
  readonly #now: () => number;
  #fd: number | undefined;
  #size = 0;
  #rotations = 0;
  #pending: Promise<void> = Promise.resolve();
  #failed = false;
  /** Lines written but not yet appended (see the file's comment), with their byte lengths. */
  #queue: string[] = [];
  #queueBytes: number[] = [];
  #flushScheduled = false;

  constructor(options: LogFileOptions) {
    this.#options = options;
    this.path = options.path;
    this.level = options.level;
    this.#now = options.now ?? Date.now;
    this.#open();
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.level];
  }

  write(level: LogLevel, message: string): void {
    if (!this.enabled(level) || this.#fd === undefined) return;
    const known = this.#options.redact ? this.#options.redact(message) : message;
    const text = redactSecrets(known, this.#options.secrets?.() ?? []).replace(/\r?\n(?!$)/g, '\n    ');
    const line = `${formatTime(this.#now())} ${level.toUpperCase().padEnd(5)} ${text}\n`;
    this.#queue.push(line);
    this.#queueBytes.push(Buffer.byteLength(line));
    if (level === 'error') this.flush();
    else if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      unflushed.add(this);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', () => {
          for (const log of unflushed) log.flush();
        });
      }
      setImmediate(() => this.flush());
    }
  }

  /** Appends the lines waiting, rotating where a line would take the file past `maxBytes`. */
  flush(): void {
    this.#flushScheduled = false;
    unflushed.delete(this);
    const lines = this.#queue;
    const sizes = this.#queueBytes;
    if (lines.length === 0) return;
    this.#queue = [];
    this.#queueBytes = [];
    let from = 0;
    let batchBytes = 0;
    for (let i = 0; i < lines.length; i++) {
      const bytes = sizes[i] as number;
      const size = this.#size + batchBytes;
      if (size > 0 && size + bytes > this.#options.maxBytes) {
        this.#append(lines, from, i, batchBytes);
        batchBytes = 0;
        from = i;
        this.#rotate();
      }
      batchBytes += bytes;
    }
    this.#append(lines, from, lines.length, batchBytes);
  }

  #append(lines: readonly string[], from: number, to: number, bytes: number): void {
    if (this.#fd === undefined || from === to) return;
    try {
      writeSync(this.#fd, to - from === 1 ? (lines[from] as string) : lines.slice(from, to).join(''));
      this.#size += bytes;
    } catch (error) {
      this.#fail(`cannot write ${this.path}: ${(error as Error).message}`);
    }
  }

  /** Waits for compression in progress, then closes the file. */
  async close(): Promise<void> {
    this.flush();
    await this.#pending;
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  /** Resolves when every rotation started so far has been compressed. */
  settled(): Promise<void> {
    return this.#pending;
  }

  #open(): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      this.#fd = openSync(this.path, 'a', 0o600);
      this.#size = statSync(this.path).size;
    } catch (error) {
      this.#fd = undefined;
      this.#fail(`cannot open ${this.path}: ${(error as Error).message}`);
    }
  }

  #rotate(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    const { backups } = this.#options;
    const rotating = `${this.path}.rotating-${process.pid}-${++this.#rotations}`;
    try {
      if (backups === 0) rmSync(this.path, { force: true });
      else renameSync(this.path, rotating);
    } catch (error) {
      this.#fail(`cannot rotate ${this.path}: ${(error as Error).message}`);
    }
    this.#open();
    if (backups === 0) return;
    // Sequential: a shift must finish before the next rotation's `.1.gz` is written.
    this.#pending = this.#pending.then(() => this.#compress(rotating, backups));
  }

  async #compress(rotating: string, backups: number): Promise<void> {
    try {
      rmSync(`${this.path}.${backups}.gz`, { force: true });
      for (let index = backups - 1; index >= 1; index--) {
        try {
          renameSync(`${this.path}.${index}.gz`, `${this.path}.${index + 1}.gz`);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
      await pipeline(
        createReadStream(rotating),
        createGzip({ level: 6 }),
        createWriteStream(`${this.path}.1.gz`, { mode: 0o600 }),
      );
      rmSync(rotating, { force: true });
    } catch (error) {
      this.#fail(`cannot compress the rotated log ${rotating}: ${(error as Error).message}`);
    }
  }

  #fail(message: string): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#options.onError?.(message);
  }
}
