// Does this request's prompt fit a tier's context window (issue 15 §5)? The window comes from context-window.ts;
// the prompt's size is known without counting whenever even its byte length fits (a token is at least one byte),
// which is every request under ~200 KB at Claude-sized windows. Only a body larger than some window in the
// effective order is estimated (estimate-tokens.ts), once per request, and only when such a tier comes up.
import { estimateTokens, tokenCeiling } from '../common/estimate-tokens.ts';
import { contextSkipReason, contextWindowOf, promptTooLongBody } from '../context-window/context-window.ts';
import type { ClientRequest } from './client-request.ts';
import type { ClientError } from './final-error.ts';
import type { Tier } from './tier.ts';

export class PromptFit {
  readonly #request: ClientRequest;
  #ceiling: number | undefined | null = null;
  #estimate: number | undefined;

  constructor(request: ClientRequest) {
    this.#request = request;
  }

  /** Why `tier` cannot take this prompt, with its window; undefined when it can (or its window is unknown). */
  tooSmall(tier: Tier): { reason: string; window: number } | undefined {
    const window = contextWindowOf(tier.adapter, this.#request.body.model);
    if (window === undefined) return undefined;
    const ceiling = this.#tokenCeiling();
    if (ceiling !== undefined && ceiling <= window) return undefined;
    this.#estimate ??= estimateTokens(this.#request.body);
    if (this.#estimate <= window) return undefined;
    return { reason: contextSkipReason(this.#estimate, window), window };
  }

  /** Anthropic's answer when every tier that could serve was too small (Claude Code compacts on it). */
  promptTooLong(largestWindow: number): ClientError {
    return {
      status: 400,
      body: promptTooLongBody(this.#estimate ?? 0, largestWindow),
      headers: {},
    };
  }

  /** Counted only when the estimate ran (for the bench and the tests: the bound spared it otherwise). */
  get estimated(): boolean {
    return this.#estimate !== undefined;
  }

  #tokenCeiling(): number | undefined {
    if (this.#ceiling === null) {
      const { rawBytes, rawBody, body } = this.#request;
      const bytes = rawBytes?.length ?? (rawBody === undefined ? undefined : Buffer.byteLength(rawBody));
      this.#ceiling = bytes === undefined ? undefined : tokenCeiling(body, bytes);
    }
    return this.#ceiling;
  }
}
