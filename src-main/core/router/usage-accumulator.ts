import type { SseFrame } from '../sse/sse-frame.ts';

export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}

interface UsageLike {
  input_tokens?: unknown;
  output_tokens?: unknown;
  cache_creation_input_tokens?: unknown;
  cache_read_input_tokens?: unknown;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Reads usage, served model and message id from Anthropic stream frames (after any vendor translation).
 * Only `message_start` and `message_delta` are parsed, so relaying stays cheap. A later zero never overwrites an
 * earlier non-zero count, and `usage: null` is ignored.
 */
export class UsageAccumulator {
  readonly totals: UsageTotals = {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
  };
  model: string | undefined;
  messageId: string | undefined;
  stopReason: string | undefined;

  observe(frame: SseFrame): void {
    if (frame.event !== 'message_start' && frame.event !== 'message_delta') return;
    let parsed: {
      message?: { id?: unknown; model?: unknown; usage?: unknown };
      usage?: unknown;
      delta?: { stop_reason?: unknown };
    };
    try {
      parsed = JSON.parse(frame.data);
    } catch {
      return;
    }
    if (frame.event === 'message_start') {
      const message = parsed.message;
      if (typeof message?.id === 'string') this.messageId = message.id;
      if (typeof message?.model === 'string' && message.model) this.model = message.model;
      this.add(message?.usage);
    } else {
      if (typeof parsed.delta?.stop_reason === 'string') this.stopReason = parsed.delta.stop_reason;
      this.add(parsed.usage);
    }
  }

  observeResponse(body: { id?: unknown; model?: unknown; usage?: unknown; stop_reason?: unknown }): void {
    if (typeof body.id === 'string') this.messageId = body.id;
    if (typeof body.model === 'string' && body.model) this.model = body.model;
    if (typeof body.stop_reason === 'string') this.stopReason = body.stop_reason;
    this.add(body.usage);
  }

  add(usage: unknown): void {
    if (!usage || typeof usage !== 'object') return;
    const u = usage as UsageLike;
    const t = this.totals;
    t.inputTokens = count(u.input_tokens) || t.inputTokens;
    t.outputTokens = count(u.output_tokens) || t.outputTokens;
    t.cacheCreationTokens = count(u.cache_creation_input_tokens) || t.cacheCreationTokens;
    t.cacheReadTokens = count(u.cache_read_input_tokens) || t.cacheReadTokens;
  }

  total(): number {
    const t = this.totals;
    return t.inputTokens + t.outputTokens + t.cacheCreationTokens + t.cacheReadTokens;
  }
}
