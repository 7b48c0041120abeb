import type { SseFrame } from './sse-frame.ts';

/** Longest line (and longest event) a vendor may send: far above any real event, far below what hurts memory. */
export const DEFAULT_MAX_SSE_LINE = 8 * 1024 * 1024;

/**
 * A vendor broke the event-stream framing: a line (or an event) longer than the limit. Shaped like the router's
 * `stream` upstream error, so the router files it as a vendor failure (failover before content, an error event
 * after) instead of buffering without bound.
 */
export class SseLimitError extends Error {
  readonly kind = 'stream';
  readonly afterContent = false;
  readonly type = 'api_error';
  constructor(message: string) {
    super(message);
    this.name = 'SseLimitError';
  }
}

export interface SseParserOptions {
  /** Characters allowed in one line and in one event's data; default 8 MiB. */
  maxLineLength?: number;
}

/**
 * Incremental SSE parser (WHATWG event-stream rules, minus `id`/`retry` which no vendor uses here).
 * Network chunks may split a line, a CRLF pair or a UTF-8 character anywhere; the parser keeps the unfinished
 * tail until the next chunk, so no event is lost or corrupted (the original proxy parsed per chunk and lost them).
 * Linear in its input: each character is scanned once (an unfinished line is kept as pieces, never re-scanned),
 * and a line longer than `maxLineLength` fails the stream. A chunk without CR is split with the native `indexOf`
 * (one search for CR, one per line), which is several times faster than a loop over the characters.
 */
export class SseParser {
  #decoder = new TextDecoder('utf-8');
  /** Pieces of the line not yet terminated, and their total length. */
  #pending: string[] = [];
  #pendingLength = 0;
  #event = '';
  #data: string[] = [];
  #dataLength = 0;
  #pendingCr = false;
  #scanned = 0;
  readonly #maxLine: number;

  constructor(options: SseParserOptions = {}) {
    this.#maxLine = options.maxLineLength ?? DEFAULT_MAX_SSE_LINE;
  }

  /** Characters looked at so far (each exactly once): lets tests prove the parser is linear. */
  get scanned(): number {
    return this.#scanned;
  }

  push(chunk: Uint8Array | string): SseFrame[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    return this.#consume(text);
  }

  /** Flushes a final event that was not followed by a blank line (some vendors end streams that way). */
  end(): SseFrame[] {
    const frames = this.#consume(this.#decoder.decode());
    if (this.#pendingLength > 0) this.#line(this.#takePending(''), frames);
    this.#dispatch(frames);
    return frames;
  }

  #consume(text: string): SseFrame[] {
    const frames: SseFrame[] = [];
    let start = 0;
    if (this.#pendingCr) {
      this.#pendingCr = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    if (text.indexOf('\r', start) === -1) {
      // LF line endings only (what vendors send): jump from newline to newline with the native search.
      for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
        this.#checkLength(nl - start);
        this.#line(this.#takePending(text.slice(start, nl)), frames);
        start = nl + 1;
      }
    } else {
      for (let i = start; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch !== 10 && ch !== 13) continue;
        this.#checkLength(i - start);
        this.#line(this.#takePending(text.slice(start, i)), frames);
        if (ch === 13) {
          if (i + 1 === text.length) this.#pendingCr = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
    }
    this.#scanned += text.length;
    if (start < text.length) {
      this.#checkLength(text.length - start);
      this.#pending.push(text.slice(start));
      this.#pendingLength += text.length - start;
    }
    return frames;
  }

  #checkLength(added: number): void {
    if (this.#pendingLength + added > this.#maxLine)
      throw new SseLimitError(`the vendor sent an event-stream line longer than ${this.#maxLine} characters`);
  }

  #takePending(tail: string): string {
    if (this.#pending.length === 0) return tail;
    this.#pending.push(tail);
    const line = this.#pending.join('');
    this.#pending = [];
    this.#pendingLength = 0;
    return line;
  }

  #line(line: string, frames: SseFrame[]): void {
    if (line === '') {
      this.#dispatch(frames);
      return;
    }
    if (line.charCodeAt(0) === 58 /* ':' comment */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') {
      this.#dataLength += value.length + 1;
      if (this.#dataLength > this.#maxLine)
        throw new SseLimitError(`the vendor sent an event larger than ${this.#maxLine} characters`);
      this.#data.push(value);
    }
  }

  #dispatch(frames: SseFrame[]): void {
    const data = this.#data;
    if (data.length > 0)
      frames.push({ event: this.#event, data: data.length === 1 ? (data[0] as string) : data.join('\n') });
    this.#event = '';
    this.#data = [];
    this.#dataLength = 0;
  }
}
