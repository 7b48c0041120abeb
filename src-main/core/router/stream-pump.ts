import { encodeFrame, type SseFrame } from '../sse/sse-frame.ts';
import { DEFAULT_MAX_SSE_LINE, SseParser } from '../sse/sse-parser.ts';
import type { StreamTranslator } from '../vendors/vendor-adapter.ts';
import type { GateStep, PreContentGate } from './pre-content-gate.ts';
import type { UsageAccumulator } from './usage-accumulator.ts';

/** What to write to the client, in order: encoded frames, or event-stream bytes exactly as the vendor sent them. */
export type Outgoing = Array<string | Uint8Array>;

export interface PumpParts {
  gate: PreContentGate;
  usage: UsageAccumulator;
  translator: StreamTranslator;
  /** Masks the proxy's secrets in the error event that ends a stream; content is never touched. */
  redact?: ((text: string) => string) | undefined;
}

/**
 * Turns the upstream body into client writes, through the pre-content gate (which decides what may be written and
 * when the attempt fails) and the usage accumulator (which sees every frame that is written). Throws what the SSE
 * parser throws (`SseLimitError`).
 */
export interface StreamPump {
  push(chunk: Uint8Array): Outgoing;
  /** The upstream body ended: its last event, the translator's closing frames and the gate's verdict. */
  end(): Outgoing;
}

/** Appends what the gate let out: usage read from it, the failing frame (an error event) redacted. */
export function emit(step: GateStep, parts: PumpParts, out: Outgoing): void {
  const { write } = step;
  if (write.length === 0) return;
  let text = '';
  for (let i = 0; i < write.length; i++) {
    const frame = write[i] as SseFrame;
    parts.usage.observe(frame);
    // An error event (the vendor's, or ours naming its failure) may quote a secret; content goes as sent.
    const failing = frame.event === 'error' || (step.failure !== undefined && i === write.length - 1);
    text += encodeFrame(
      failing && parts.redact ? { event: frame.event, data: parts.redact(frame.data) } : frame,
    );
  }
  out.push(text);
}

function translate(
  frames: readonly SseFrame[],
  translator: StreamTranslator,
  into: SseFrame[] = [],
): SseFrame[] {
  for (const frame of frames) for (const out of translator.push(frame)) into.push(out);
  return into;
}

/** Every event parsed, translated and re-encoded: the path of converting vendors (OpenAI, Gemini). */
export class TranslatingPump implements StreamPump {
  readonly #parser = new SseParser();
  readonly #parts: PumpParts;

  constructor(parts: PumpParts) {
    this.#parts = parts;
  }

  push(chunk: Uint8Array): Outgoing {
    const out: Outgoing = [];
    emit(
      this.#parts.gate.push(translate(this.#parser.push(chunk), this.#parts.translator)),
      this.#parts,
      out,
    );
    return out;
  }

  end(): Outgoing {
    return finish(this.#parser.end(), this.#parts);
  }
}

function finish(last: SseFrame[], parts: PumpParts): Outgoing {
  const frames = translate(last, parts.translator);
  for (const frame of parts.translator.end()) frames.push(frame);
  const out: Outgoing = [];
  emit(parts.gate.push(frames), parts, out);
  emit(parts.gate.end(), parts, out);
  return out;
}

// After content, these events need no reading: the gate passes them unchanged and they carry no usage or error.
const PASSED_THROUGH = ['content_block_delta', 'content_block_start', 'content_block_stop', 'ping'].map(
  (name) => Buffer.from(`event: ${name}\n`),
);
const EVENT_LINE = Buffer.from('\nevent');
const BLANK_LINE = Buffer.from('\n\n');
const CR = 13;

/** A whole event [start, end) whose first line names a content event and that has no second `event` line. */
function passesThrough(data: Buffer, start: number, end: number): boolean {
  if (end - start > DEFAULT_MAX_SSE_LINE) return false; // the parser's limits apply: read it
  if (data[start + 7] !== 0x63 && data[start + 7] !== 0x70) return false; // 'c'ontent… or 'p'ing
  for (const line of PASSED_THROUGH) {
    if (end - start <= line.length || data.compare(line, 0, line.length, start, start + line.length) !== 0)
      continue;
    // The last `event` line names an event: one more inside this event would rename it, so read such an event.
    const next = data.indexOf(EVENT_LINE, start + line.length - 1);
    return next === -1 || next >= end - 1;
  }
  return false;
}

/**
 * The Anthropic-wire path (the vendor already speaks the client's format; its frames are relayed as they come).
 * Until content, every event is parsed for the gate, exactly as a translated stream. After content, events are
 * found by their blank line in the raw bytes and relayed as those bytes, one write per upstream chunk: only
 * `message_*`, `error`, unnamed and unknown events are parsed (usage, the stop, a vendor's error) — never the
 * deltas. A stream with CR line endings, or an unfinished event longer than the parser's limit, goes through
 * the parser from then on (`text`), so framing and limits stay the parser's.
 */
export class WirePump implements StreamPump {
  readonly #parser = new SseParser();
  readonly #parts: PumpParts;
  /** Bytes of an event not yet complete. */
  #tail: Buffer | undefined;
  #text = false;

  constructor(parts: PumpParts) {
    this.#parts = parts;
  }

  push(chunk: Uint8Array): Outgoing {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const data = this.#tail ? Buffer.concat([this.#tail, buffer]) : buffer;
    this.#tail = undefined;
    if (this.#text || data.indexOf(CR) !== -1) return this.#parsed(data);
    const { gate, usage, translator } = this.#parts;
    const out: Outgoing = [];
    let pos = 0;
    let run = 0; // start of the bytes relayed as they are
    for (let blank = data.indexOf(BLANK_LINE); blank !== -1; blank = data.indexOf(BLANK_LINE, pos)) {
      const end = blank + 2;
      if (gate.committed && passesThrough(data, pos, end)) {
        pos = end;
        continue;
      }
      const committed = gate.committed;
      const step = gate.push(translate(this.#parser.push(data.subarray(pos, end)), translator));
      if (committed && !step.failure) {
        // The gate let the frames out unchanged: their bytes stand for them.
        for (const frame of step.write) usage.observe(frame);
      } else {
        if (run < pos) out.push(data.subarray(run, pos));
        emit(step, this.#parts, out);
        run = end;
        if (step.failure) return out;
      }
      pos = end;
    }
    if (run < pos) out.push(data.subarray(run, pos));
    if (pos < data.length) {
      const tail = data.subarray(pos);
      if (tail.length > DEFAULT_MAX_SSE_LINE) {
        for (const piece of this.#parsed(tail)) out.push(piece);
      } else this.#tail = tail;
    }
    return out;
  }

  end(): Outgoing {
    const tail = this.#tail;
    this.#tail = undefined;
    const last = tail ? this.#parser.push(tail) : [];
    for (const frame of this.#parser.end()) last.push(frame);
    return finish(last, this.#parts);
  }

  /** The parser's way: everything from here on (the parser's state is clean, events were handed over whole). */
  #parsed(data: Buffer): Outgoing {
    this.#text = true;
    const out: Outgoing = [];
    emit(this.#parts.gate.push(translate(this.#parser.push(data), this.#parts.translator)), this.#parts, out);
    return out;
  }
}
