import { type UpstreamError, describeUpstreamError } from '../common/upstream-error.ts';
import type { SseFrame } from '../sse/sse-frame.ts';
import type { StreamErrorInfo } from '../vendors/vendor-adapter.ts';

/**
 * How much a vendor may send before its first content delta. Past either limit the tier is given up (and the
 * next one tried): a vendor streaming pings or metadata without end must not fill the proxy's memory.
 */
export const HELD_EVENTS_LIMIT = { frames: 4096, characters: 1024 * 1024 };

/** What to write to the client now, and whether the upstream failed (the attempt ends when it did). */
export interface GateStep {
  write: SseFrame[];
  failure: UpstreamError | undefined;
}

export interface GateOptions {
  /** Named in the error event that ends a stream broken after content. */
  tierName: string;
  /** The adapter's reading of its own stream's error events. */
  readEventError(frame: SseFrame): StreamErrorInfo | undefined;
  limit?: { frames: number; characters: number };
}

/** Events whose data an Anthropic client parses as JSON (pings and unknown events it skips). */
const MESSAGE_EVENTS = new Set([
  'message_start',
  'message_delta',
  'message_stop',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
]);

/**
 * The failover invariant of a streamed answer, as a pure state machine over Anthropic frames: nothing reaches
 * the client before the first content delta (until then a failing tier is replaced invisibly); after it,
 * a failure ends the client's stream with exactly one `error` event — the vendor's own if it sent one — and
 * never a second message.
 */
export class PreContentGate {
  readonly #options: GateOptions;
  readonly #limit: { frames: number; characters: number };
  /** Frames held back; undefined once content committed the tier. */
  #held: SseFrame[] | undefined = [];
  #heldCharacters = 0;
  #sawStop = false;
  #failure: UpstreamError | undefined;

  constructor(options: GateOptions) {
    this.#options = options;
    this.#limit = options.limit ?? HELD_EVENTS_LIMIT;
  }

  /** Content reached (or is being written to) the client: this tier can no longer be replaced. */
  get committed(): boolean {
    return this.#held === undefined;
  }

  get failure(): UpstreamError | undefined {
    return this.#failure;
  }

  /** Frames the translator produced from the latest upstream bytes. */
  push(frames: readonly SseFrame[]): GateStep {
    const write: SseFrame[] = [];
    for (const frame of frames) {
      if (this.#failure) break;
      const vendorError = this.#options.readEventError(frame);
      if (vendorError) {
        this.#failure = { kind: 'stream', afterContent: this.committed, ...vendorError };
        // After content the vendor's own error event is the one the client gets.
        if (this.committed) write.push(frame);
        break;
      }
      if (!this.#held) {
        write.push(frame);
        if (frame.event === 'message_stop') this.#sawStop = true;
        continue;
      }
      if (MESSAGE_EVENTS.has(frame.event) && !isJson(frame.data)) {
        // Before content the tier can still be replaced; relaying it would hand the client unparsable JSON.
        this.#failure = beforeContent(`unreadable ${frame.event} event: ${frame.data.slice(0, 80)}`);
        break;
      }
      if (frame.event === 'message_stop') this.#sawStop = true;
      this.#held.push(frame);
      this.#heldCharacters += frame.event.length + frame.data.length;
      if (frame.event === 'content_block_delta') write.push(...this.#commit());
      else if (this.#held.length > this.#limit.frames || this.#heldCharacters > this.#limit.characters) {
        this.#failure = beforeContent(
          `the vendor sent ${this.#held.length} events (${this.#heldCharacters} characters) without any content`,
        );
      }
    }
    return { write, failure: this.#failure };
  }

  /** The upstream body ended normally (after the translator's closing frames were pushed). */
  end(): GateStep {
    if (this.#failure) return { write: [], failure: this.#failure };
    // A complete message without any content delta (an empty answer) is still a complete message.
    const write = this.#held && this.#sawStop ? this.#commit() : [];
    if (!this.#sawStop) {
      return this.#fail({
        kind: 'stream',
        afterContent: this.committed,
        type: 'api_error',
        message: 'upstream stream ended before message_stop',
      });
    }
    return { write, failure: undefined };
  }

  /** Reading the upstream failed (connection reset, idle timeout…). */
  interrupt(error: UpstreamError): GateStep {
    if (this.#failure) return { write: [], failure: this.#failure };
    const lostAfterContent = this.committed && (error.kind === 'timeout' || error.kind === 'network');
    return this.#fail(
      lostAfterContent
        ? { kind: 'stream', afterContent: true, type: 'api_error', message: describeUpstreamError(error) }
        : error,
    );
  }

  #fail(failure: UpstreamError): GateStep {
    this.#failure = failure;
    if (!this.committed) return { write: [], failure };
    const type = failure.kind === 'stream' ? (failure.type ?? 'api_error') : 'api_error';
    const message = `${this.#options.tierName}: ${describeUpstreamError(failure)}`;
    const data = JSON.stringify({ type: 'error', error: { type, message } });
    return { write: [{ event: 'error', data }], failure };
  }

  #commit(): SseFrame[] {
    const frames = this.#held ?? [];
    this.#held = undefined;
    return frames;
  }
}

function beforeContent(message: string): UpstreamError {
  return { kind: 'stream', afterContent: false, type: 'api_error', message };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
