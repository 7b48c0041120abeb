// `coding-proxy logs -f`: prints what the proxy appends to its log file, across rotations, without losing a line.
// The follower keeps the file it reads open: when the writer rotates (log-file.ts closes the file, renames it to
// `<file>.rotating-<pid>-<n>` and opens a fresh one), the rest of the old file is still readable through that
// descriptor — renamed, or even deleted. Only then does it move on to the new file. A file rotated in and out
// between two polls is found by its `.rotating-` name and printed in between.
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const CHUNK = 64 * 1024;

export class LogFollower {
  readonly #path: string;
  readonly #write: (text: string) => void;
  #fd: number | undefined;
  #inode = 0;
  #offset = 0;
  /** UTF-8 bytes of a character split across two reads. */
  #carry: Buffer = Buffer.alloc(0);

  /** Starts at the end of the file as it is now (what `-n` printed is not printed again). */
  constructor(path: string, write: (text: string) => void) {
    this.#path = path;
    this.#write = write;
    if (this.#open(path)) this.#offset = fstatSync(this.#fd!).size;
  }

  /** Prints what was appended since the last poll, finishing any file rotated away before the new one. */
  poll(): void {
    if (this.#fd !== undefined) this.#drain();
    let current: ReturnType<typeof statSync>;
    try {
      current = statSync(this.#path);
    } catch {
      return; // rotated away, the new file not created yet: the old one is drained, wait for the next poll
    }
    if (this.#fd !== undefined && current.ino === this.#inode) {
      if (current.size < this.#offset) {
        // Truncated in place (someone emptied it by hand): start over at its beginning.
        this.#offset = 0;
        this.#drain();
      }
      return;
    }
    if (this.#fd !== undefined) {
      // The writer closed this file before renaming it: what is readable now is all of it.
      this.#drain();
      const missed = this.#rotatedAfter(this.#inode);
      this.#close();
      for (const file of missed) {
        if (this.#open(file)) {
          this.#drain();
          this.#close();
        }
      }
    }
    if (this.#open(this.#path)) this.#drain();
  }

  stop(): void {
    this.#close();
  }

  #open(path: string): boolean {
    try {
      this.#fd = openSync(path, 'r');
    } catch {
      this.#fd = undefined;
      return false;
    }
    this.#inode = fstatSync(this.#fd).ino;
    this.#offset = 0;
    return true;
  }

  #close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    if (this.#carry.length) this.#write(this.#carry.toString('utf8'));
    this.#carry = Buffer.alloc(0);
  }

  #drain(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, this.#offset);
      if (read === 0) return;
      this.#offset += read;
      const bytes = this.#carry.length
        ? Buffer.concat([this.#carry, buffer.subarray(0, read)])
        : buffer.subarray(0, read);
      const whole = completeUtf8Length(bytes);
      this.#write(bytes.toString('utf8', 0, whole));
      this.#carry = Buffer.from(bytes.subarray(whole));
    }
  }

  /**
   * Rotated files newer than the one with `inode` that are still waiting for compression: rotated in and out
   * between two polls. Oldest first.
   */
  #rotatedAfter(inode: number): string[] {
    const dir = dirname(this.#path);
    const prefix = `${basename(this.#path)}.rotating-`;
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => name.startsWith(prefix));
    } catch {
      return [];
    }
    const rotated = names.flatMap((name) => {
      const match = /^(\d+)-(\d+)$/.exec(name.slice(prefix.length));
      if (!match) return [];
      try {
        const ino = statSync(join(dir, name)).ino;
        return [{ path: join(dir, name), pid: Number(match[1]), n: Number(match[2]), ino }];
      } catch {
        return [];
      }
    });
    const mine = rotated.find((file) => file.ino === inode);
    if (!mine) return [];
    return rotated
      .filter((file) => file.pid === mine.pid && file.n > mine.n)
      .sort((a, b) => a.n - b.n)
      .map((file) => file.path);
  }
}

/** How many leading bytes of `bytes` end on a character boundary (a multi-byte character may be cut at the end). */
function completeUtf8Length(bytes: Buffer): number {
  let start = bytes.length - 1;
  // Step back over continuation bytes (10xxxxxx) to the lead byte of the last character, at most 3.
  while (start >= 0 && bytes.length - start <= 4 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start--;
  if (start < 0) return bytes.length;
  const lead = bytes[start] ?? 0;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - start >= needed ? bytes.length : start;
}
