// Gemini parts → Anthropic content-block events. Shared by the stream translator and the whole-response reader,
// so both produce the same blocks, ids and signatures for the same answer.
import type { ContentBlock, OtherBlock, StreamEvent } from '../../../../src-shared/anthropic.ts';
import { restoreFunctionName } from './function-names.ts';
import type { GeminiPart } from './gemini-types.ts';
import { toolIdFor, usableVendorId } from './response-metadata.ts';
import { encodeThoughtSignature } from './thought-signature.ts';

export interface AssemblerOptions {
  /** Seed for generated tool ids (Gemini's responseId). */
  idSeed: string;
  /** Tool names as Claude Code declared them, to undo name sanitising. */
  toolNames?: readonly string[];
}

export class GeminiContentAssembler {
  #options: AssemblerOptions;
  #index = -1;
  #open: 'text' | 'thinking' | undefined;
  #openHasSignature = false;
  #calls = 0;

  constructor(options: AssemblerOptions) {
    this.#options = options;
  }

  /** Number of content blocks started so far. */
  get blockCount(): number {
    return this.#index + 1;
  }

  get sawToolUse(): boolean {
    return this.#calls > 0;
  }

  accept(part: GeminiPart): StreamEvent[] {
    if (part.functionCall) return this.#functionCall(part);
    const text = typeof part.text === 'string' ? part.text : '';
    if (part.thought === true) return this.#thought(text, part.thoughtSignature);
    if (text !== '') {
      const events = this.#open === 'text' ? [] : this.#start({ type: 'text', text: '' }, 'text');
      events.push({ type: 'content_block_delta', index: this.#index, delta: { type: 'text_delta', text } });
      return events;
    }
    // A signature-only part right after thoughts closes that thought (Gemini 2.5 streams it that way).
    if (part.thoughtSignature && this.#open === 'thinking' && !this.#openHasSignature) {
      return [this.#signatureDelta(encodeThoughtSignature('thought', part.thoughtSignature))];
    }
    // Signatures on plain text parts are optional to return (Gemini docs) and have no block to ride on.
    return [];
  }

  close(): StreamEvent[] {
    if (this.#open === undefined) return [];
    this.#open = undefined;
    return [{ type: 'content_block_stop', index: this.#index }];
  }

  #start(block: ContentBlock | OtherBlock, kind: 'text' | 'thinking'): StreamEvent[] {
    const events = this.close();
    this.#index += 1;
    this.#open = kind;
    this.#openHasSignature = false;
    events.push({ type: 'content_block_start', index: this.#index, content_block: block });
    return events;
  }

  #signatureDelta(signature: string): StreamEvent {
    this.#openHasSignature = true;
    return { type: 'content_block_delta', index: this.#index, delta: { type: 'signature_delta', signature } };
  }

  #thought(text: string, signature: string | undefined): StreamEvent[] {
    if (text === '' && !signature) return [];
    const reuse = this.#open === 'thinking' && !(signature && this.#openHasSignature);
    const events = reuse ? [] : this.#start({ type: 'thinking', thinking: '', signature: '' }, 'thinking');
    if (text !== '') {
      events.push({
        type: 'content_block_delta',
        index: this.#index,
        delta: { type: 'thinking_delta', thinking: text },
      });
    }
    if (signature) events.push(this.#signatureDelta(encodeThoughtSignature('thought', signature)));
    return events;
  }

  #functionCall(part: GeminiPart): StreamEvent[] {
    const call = part.functionCall;
    if (!call) return [];
    const events = this.close();
    if (part.thoughtSignature) {
      // The carrier block that brings the call's signature back with the tool_use (see thought-signature.ts).
      events.push(...this.#start({ type: 'thinking', thinking: '', signature: '' }, 'thinking'));
      events.push(this.#signatureDelta(encodeThoughtSignature('call', part.thoughtSignature)));
      events.push(...this.close());
    }
    const id = usableVendorId(call.id) ?? toolIdFor(this.#options.idSeed, this.#calls);
    const name = restoreFunctionName(call.name, this.#options.toolNames);
    this.#calls += 1;
    this.#index += 1;
    const index = this.#index;
    events.push(
      { type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {} } },
      {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.args ?? {}) },
      },
      { type: 'content_block_stop', index },
    );
    return events;
  }
}
