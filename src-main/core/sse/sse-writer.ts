import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { drainedOrClosed } from '../common/drained-or-closed.ts';
import { encodeFrame, type SseFrame } from './sse-frame.ts';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/**
 * Server-sent events to one HTTP response: the 200 and its headers on first use, frames written with backpressure,
 * comments, and the end. Everything written to an ended or destroyed response is dropped, so callers need not
 * check. Shared by the message relays and by the control API's `/api/events`.
 */
export class SseWriter {
  readonly #res: ServerResponse;
  /** Wall-clock time of the last write (the keep-alive pings only a quiet stream). */
  lastWriteAt = Date.now();
  /** The socket we corked until the loop's check phase (see `#holdForTurn`). */
  #held: Socket | undefined;

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  /** The client can still receive. */
  get writable(): boolean {
    return !this.#res.writableEnded && !this.#res.destroyed;
  }

  /** The status line went out: a later failure can only be told as an `error` event. */
  get started(): boolean {
    return this.#res.headersSent;
  }

  /** Commits the 200 and the event-stream headers (a no-op once sent). */
  start(): void {
    if (!this.#res.headersSent) this.#res.writeHead(200, SSE_HEADERS);
  }

  /** Writes now. False when the socket buffer is full: `drained()` tells when to go on. */
  send(frames: readonly SseFrame[]): boolean {
    let text = '';
    for (const frame of frames) text += encodeFrame(frame);
    return this.sendText(text);
  }

  /** Pre-encoded event text or a `: comment` line; or event-stream bytes relayed as a vendor sent them. */
  sendText(text: string | Uint8Array): boolean {
    if (!this.writable) return true;
    this.start();
    this.lastWriteAt = Date.now();
    this.#holdForTurn();
    return this.#res.write(text);
  }

  /**
   * Node corks a response only until the next tick, so the chunked terminator of `end()` (which follows the last
   * upstream read after a few promise turns) used to leave in a syscall of its own, as did writes of two reads in
   * one poll. Holding the cork until `setImmediate` — after this poll phase's I/O callbacks and their promise
   * turns, before the loop waits again — lets them leave together: the same bytes in the same order, never
   * later than the current turn of the loop. `end()` flushes at once. The socket is corked, not the response:
   * a corked response gathers writes that its `end()` would send after the terminator (Node 22).
   */
  #holdForTurn(): void {
    const socket = this.#res.socket;
    if (this.#held || !socket) return;
    this.#held = socket;
    socket.cork();
    setImmediate(this.#release);
  }

  readonly #release = (): void => {
    const socket = this.#held;
    this.#held = undefined;
    if (socket && socket.writableCorked > 0) socket.uncork();
  };

  /** `: text` — ignored by every client, keeps intermediaries from timing the connection out. */
  comment(text: string): boolean {
    return this.sendText(`: ${text}\n\n`);
  }

  /** Writes and waits for the socket to take it (or for the client to go away). */
  async write(frames: readonly SseFrame[]): Promise<void> {
    if (!this.send(frames)) await this.drained();
  }

  /**
   * The pieces in order. Written in one turn of the event loop, they leave in one socket write (the socket is
   * corked for the turn, see `#holdForTurn`), so they are not copied into one buffer first. False when the socket buffer is full.
   */
  sendPieces(pieces: ReadonlyArray<string | Uint8Array>): boolean {
    let flowing = true;
    for (const piece of pieces) flowing = this.sendText(piece);
    return flowing;
  }

  drained(): Promise<void> {
    const res = this.#res;
    if (!this.writable) return Promise.resolve();
    return drainedOrClosed(res);
  }

  /** Ends the stream, with last frames if any. */
  end(frames: readonly SseFrame[] = []): void {
    if (this.#res.writableEnded) return;
    this.start();
    let text = '';
    for (const frame of frames) text += encodeFrame(frame);
    // end() uncorks fully: what we held leaves with the terminator, in one write.
    this.#held = undefined;
    if (text) this.#res.end(text);
    else this.#res.end();
  }
}
