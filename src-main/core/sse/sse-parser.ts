import type { SseFrame } from './sse-frame.ts';

/**
 * Incremental SSE parser (WHATWG event-stream rules, minus `id`/`retry` which no vendor uses here).
 * Network chunks may split a line, a CRLF pair or a UTF-8 character anywhere; the parser keeps the unfinished
 * tail until the next chunk, so no event is lost or corrupted (the original proxy parsed per chunk and lost them).
 */
export class SseParser {
  #decoder = new TextDecoder('utf-8');
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #pendingCr = false;

  push(chunk: Uint8Array | string): SseFrame[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    return this.#consume(text);
  }

  /** Flushes a final event that was not followed by a blank line (some vendors end streams that way). */
  end(): SseFrame[] {
    const frames = this.#consume(this.#decoder.decode());
    if (this.#buffer.length > 0) {
      this.#line(this.#buffer, frames);
      this.#buffer = '';
    }
    this.#dispatch(frames);
    return frames;
  }

  #consume(text: string): SseFrame[] {
    const frames: SseFrame[] = [];
    let input = text;
    if (this.#pendingCr) {
      this.#pendingCr = false;
      if (input.startsWith('\n')) input = input.slice(1);
    }
    let buffer = this.#buffer + input;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const ch = buffer.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      this.#line(buffer.slice(start, i), frames);
      if (ch === 13) {
        if (i + 1 === buffer.length) this.#pendingCr = true;
        else if (buffer.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    buffer = buffer.slice(start);
    this.#buffer = buffer;
    return frames;
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
    else if (field === 'data') this.#data.push(value);
  }

  #dispatch(frames: SseFrame[]): void {
    if (this.#data.length > 0) frames.push({ event: this.#event, data: this.#data.join('\n') });
    this.#event = '';
    this.#data = [];
  }
}
