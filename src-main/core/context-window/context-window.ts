// Context-window-aware tiers: before a tier is called, the prompt's estimated size is compared with the window
// of the model that tier would serve. The window comes from, in order: the user's `modelMap` rule that maps the
// requested model (`contextWindow` on the rule), the vendor's `contextWindow`, the adapter (documented windows
// and discovered model lists); unknown means the tier is never skipped for size.
import type { VendorConfig } from '../../../src-shared/config-schema.ts';
import { createRuleFinder } from '../config/model-map.ts';

export interface WindowSource {
  config: Pick<VendorConfig, 'modelMap' | 'contextWindow'>;
  mapModel(requested: string): string;
  contextWindow?(upstreamModel: string): number | undefined;
}

const finders = new WeakMap<object, ReturnType<typeof createRuleFinder>>();

export function contextWindowOf(adapter: WindowSource, requestedModel: string): number | undefined {
  let find = finders.get(adapter.config);
  if (!find) {
    find = createRuleFinder(adapter.config.modelMap);
    finders.set(adapter.config, find);
  }
  const fromRule = find(requestedModel)?.contextWindow;
  if (fromRule !== undefined) return fromRule;
  if (adapter.config.contextWindow !== undefined) return adapter.config.contextWindow;
  const fromAdapter = adapter.contextWindow?.(adapter.mapModel(requestedModel));
  return fromAdapter !== undefined && fromAdapter > 0 ? fromAdapter : undefined;
}

/** The skip reason shown in the timeline, the status and the ledger. */
export function contextSkipReason(estimate: number, window: number): string {
  return `context window (${estimate} > ${window})`;
}

/**
 * When every tier that could serve was too small: Anthropic's own answer to an oversized prompt, so Claude Code
 * compacts the conversation instead of failing (it reacts to exactly this wording).
 */
export function promptTooLongBody(estimate: number, largestWindow: number): string {
  return JSON.stringify({
    type: 'error',
    error: {
      type: 'invalid_request_error',
      message: `prompt is too long: ${estimate} tokens > ${largestWindow} maximum`,
    },
  });
}
