// The last lines of a (possibly large) text file, read from the end in blocks: `coding-proxy logs -n`, the
// dashboard's log panel.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const BLOCK = 64 * 1024;

export function readLastLines(path: string, count: number): string[] {
  if (count <= 0) return [];
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    let position = statSync(path).size;
    const chunks: Buffer[] = [];
    let newlines = 0;
    while (position > 0 && newlines <= count) {
      const length = Math.min(BLOCK, position);
      position -= length;
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, position);
      chunks.unshift(buffer);
      for (const byte of buffer) if (byte === 10) newlines++;
    }
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-count);
  } finally {
    closeSync(fd);
  }
}
