import type { ModelRule } from '../../../src-shared/config-schema.ts';

export type ModelMapper = (requested: string) => string;

/** `/regex/flags` → RegExp (full match); a pattern with `*` or `?` → glob; anything else → exact. */
function compileRule(rule: ModelRule): (model: string) => boolean {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(rule.match);
  if (regex) {
    const re = new RegExp(`^(?:${regex[1]})$`, regex[2]);
    return (model) => re.test(model);
  }
  if (/[*?]/.test(rule.match)) {
    const source = rule.match
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    const re = new RegExp(`^${source}$`, 'i');
    return (model) => re.test(model);
  }
  const exact = rule.match.toLowerCase();
  return (model) => model.toLowerCase() === exact;
}

/**
 * First matching rule wins, exact rules before patterns (so `claude-sonnet-4-5` → x beats `claude-*` → y
 * regardless of order). An unmatched model passes through unchanged: it is never silently turned into another
 * vendor's model (the original mapped every unknown name to glm-5.1, even on Kimi).
 */
export function createModelMapper(rules: ReadonlyArray<ModelRule>): ModelMapper {
  const find = createRuleFinder(rules);
  return (requested) => find(requested)?.to ?? requested;
}

/** The rule `createModelMapper` would apply to `requested` (its `contextWindow`, issue 15), or undefined. */
export function createRuleFinder(
  rules: ReadonlyArray<ModelRule>,
): (requested: string) => ModelRule | undefined {
  const exact = rules.filter((r) => !/[*?]/.test(r.match) && !/^\/.+\/[a-z]*$/.test(r.match));
  const patterns = rules.filter((r) => !exact.includes(r));
  const compiled = [...exact, ...patterns].map((rule) => ({ test: compileRule(rule), rule }));
  return (requested) => compiled.find((entry) => entry.test(requested))?.rule;
}
