import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; text: string; bytes: Buffer }
  | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Reads a request body up to `limit` bytes; beyond that stops reading (413, no buffering of the rest: the request
 * is destroyed, as leaving a `for await` loop over it would). From 'data' events rather than `for await`: no async
 * iterator, end-of-stream watcher and promise per chunk on every request.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    return Promise.resolve({ ok: false, reason: 'too-large' });
  // As `for await` would answer a request already read or gone (no event would come).
  if (req.readableEnded) return Promise.resolve({ ok: true, text: '', bytes: Buffer.alloc(0) });
  if (req.destroyed) return Promise.resolve({ ok: false, reason: 'aborted' });
  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: BodyResult) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onAborted);
      resolve(result);
    };
    function onData(chunk: Buffer): void {
      size += chunk.length;
      if (size > limit) {
        settle({ ok: false, reason: 'too-large' });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    }
    function onEnd(): void {
      const whole = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      settle({ ok: true, text: whole.toString('utf8'), bytes: whole });
    }
    // An error, or a close before the end: the client went away while sending.
    function onAborted(): void {
      settle({ ok: false, reason: 'aborted' });
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('close', onAborted);
  });
}
