// Tool calls as Chat Completions streams them: fragments keyed by `index` (or by id, or continuing the last call
// when a server sends neither), with the id and name possibly split over deltas or repeated as "" later. The
// stream translator (stream.ts) decides when a call's Anthropic block opens; this file only assembles the calls.
import type { OpenAIResponseToolCall } from './types.ts';

export interface ToolState {
  id: string | undefined;
  name: string | undefined;
  /** Every argument fragment seen, also after the block started (to tell when the JSON is complete). */
  args: string;
  state: 'pending' | 'open' | 'closed';
}

export class ToolCalls {
  readonly #tools = new Map<string, ToolState>();
  #lastKey: string | undefined;

  /** Every call seen, in the order it first appeared. */
  all(): IterableIterator<ToolState> {
    return this.#tools.values();
  }

  /** Adds one streamed fragment to its call; `fragment` is the arguments text it carried. */
  add(call: OpenAIResponseToolCall): { tool: ToolState; fragment: string } {
    const key = this.#keyOf(call);
    this.#lastKey = key;
    let tool = this.#tools.get(key);
    if (!tool) {
      tool = { id: undefined, name: undefined, args: '', state: 'pending' };
      this.#tools.set(key, tool);
    }
    // Ids and names may be split over deltas or repeated as "" later; never rename a started block.
    if (tool.state === 'pending') {
      if (typeof call.id === 'string' && call.id.length > 0) tool.id ??= call.id;
      const name = call.function?.name;
      if (typeof name === 'string' && name.length > 0) tool.name ??= name;
    }
    const fragment = typeof call.function?.arguments === 'string' ? call.function.arguments : '';
    tool.args += fragment;
    return { tool, fragment };
  }

  #keyOf(call: OpenAIResponseToolCall): string {
    if (typeof call.index === 'number') return `index:${call.index}`;
    // Servers that omit `index` send one call per id, or continue the last call without an id.
    if (typeof call.id === 'string' && call.id.length > 0) {
      for (const [key, tool] of this.#tools) if (tool.id === call.id) return key;
      return `id:${call.id}`;
    }
    return this.#lastKey ?? 'index:0';
  }
}

/** Whether a call's arguments so far are a whole JSON value (its block may close and another one open). */
export function isCompleteJson(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
