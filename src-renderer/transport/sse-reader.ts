// Server-sent events read from a `fetch` body. `EventSource` cannot send an `Authorization` header, and the
// control API takes no cookie, so the dashboard reads `/api/events` as a stream and parses it here. Linear in its
// input: each chunk is scanned once; an unfinished line is kept in pieces and joined once.

export interface SseMessage {
  event: string;
  data: string;
}

/** Feeds text in, calls `onMessage` for every complete event (the `event:` name, default `message`). */
export function createSseReader(onMessage: (message: SseMessage) => void): { push(text: string): void } {
  /** The unfinished last line, in the pieces it arrived in (joined once, when its newline comes). */
  let pending: string[] = [];
  let event = '';
  let data: string[] = [];
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onMessage({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  return {
    push(text) {
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        let piece = text.slice(start, end);
        if (pending.length > 0) {
          piece = pending.join('') + piece;
          pending = [];
        }
        line(piece.endsWith('\r') ? piece.slice(0, -1) : piece);
        start = end + 1;
      }
      if (start < text.length) pending.push(text.slice(start));
    },
  };
}

/** Reads `body` to its end, calling `onMessage` per event; resolves when the stream ends, rejects if it breaks. */
export async function readSse(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: SseMessage) => void,
): Promise<void> {
  const reader = createSseReader(onMessage);
  const decoder = new TextDecoder();
  const source = body.getReader();
  for (;;) {
    const { done, value } = await source.read();
    if (done) return;
    reader.push(decoder.decode(value, { stream: true }));
  }
}
