import type { ServerResponse } from 'node:http';

/** Resolves when the response's socket takes more data again, or when the client has gone (nothing to wait for). */
export function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
