import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; text: string; bytes: Buffer }
  | { ok: false; reason: 'too-large' | 'aborted' };

/** Reads a request body up to `limit` bytes; beyond that stops reading (413, no buffering of the rest). */
export async function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, reason: 'too-large' };
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limit) return { ok: false, reason: 'too-large' };
      chunks.push(buffer);
    }
  } catch {
    return { ok: false, reason: 'aborted' };
  }
  const whole = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
  return { ok: true, text: whole.toString('utf8'), bytes: whole };
}
