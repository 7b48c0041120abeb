// Where Claude model names go on Google when the user has not said otherwise. User rules are listed first and
// `createModelMapper` keeps that order among patterns, so any user rule wins over these.
import type { ModelRule } from '../../../../src-shared/config-schema.ts';

export const DEFAULT_GEMINI_MODEL_RULES: readonly ModelRule[] = [
  { match: '*haiku*', to: 'gemini-2.5-flash' },
  { match: '*sonnet*', to: 'gemini-2.5-pro' },
  { match: '*opus*', to: 'gemini-2.5-pro' },
  { match: 'claude-*', to: 'gemini-2.5-pro' },
];
