// The model map: rules "requested model (glob) → vendor model", tried in order before the preset's own. The models
// the vendor offers this account (`vendorModels`) and the preset's defaults are offered as suggestions.
import type { FamilyModels } from '../../src-shared/vendor-presets.ts';
import { useT } from '../stores/ui-store.ts';
import { type DraftRule, emptyRule } from './draft.ts';
import { FieldErrors, type ServerProblem } from './FieldNotes.tsx';
import type { FormProblem } from './validate.ts';

const MATCH_SUGGESTIONS = ['*opus*', '*sonnet*', '*haiku*', 'claude-*', '*'];

export interface OfferedModels {
  ids: string[];
  /** Why the list is empty (no sign-in yet, the vendor publishes none…). */
  problem?: string;
  /** What each family goes to right now, by the vendor's live mapping. */
  mapped?: FamilyModels;
}

export function ModelMapEditor(props: {
  rules: DraftRule[];
  onChange(rules: DraftRule[]): void;
  defaults: FamilyModels | undefined;
  offered: OfferedModels | undefined;
  problems: FormProblem[];
  server: ServerProblem[];
}) {
  const t = useT();
  const { rules, onChange } = props;
  const set = (id: number, patch: Partial<DraftRule>) =>
    onChange(rules.map((rule) => (rule.id === id ? { ...rule, ...patch } : rule)));
  const families = props.offered?.mapped ?? props.defaults;
  const suggestions = [
    ...new Set([
      ...(props.offered?.ids ?? []),
      ...(props.defaults ? [props.defaults.opus, props.defaults.sonnet, props.defaults.haiku] : []),
    ]),
  ];
  return (
    <div className="row-editor" data-testid="model-map-editor">
      <datalist id="vform-match-suggestions">
        {MATCH_SUGGESTIONS.map((value) => (
          <option key={value} value={value} />
        ))}
      </datalist>
      <datalist id="vform-model-suggestions">
        {suggestions.map((value) => (
          <option key={value} value={value} />
        ))}
      </datalist>
      <p className="muted small" data-testid="family-defaults">
        {families
          ? t('vform.familyDefaults', { opus: families.opus, sonnet: families.sonnet, haiku: families.haiku })
          : t('vform.passThrough')}
      </p>
      {props.offered && (
        <p className="muted small" data-testid="offered-models">
          {props.offered.ids.length > 0
            ? t('vform.offered', { count: props.offered.ids.length })
            : t('vform.offeredUnknown', { reason: props.offered.problem ?? '—' })}
        </p>
      )}
      {rules.map((rule, index) => (
        <div key={rule.id} className="edit-row rule-row" data-testid="rule-row">
          <input
            type="text"
            aria-label={t('vform.ruleMatch', { n: index + 1 })}
            list="vform-match-suggestions"
            spellCheck={false}
            placeholder="*sonnet*"
            value={rule.match}
            onChange={(event) => set(rule.id, { match: event.target.value })}
          />
          <span className="row-arrow" aria-hidden="true">
            →
          </span>
          <input
            type="text"
            aria-label={t('vform.ruleTo', { n: index + 1 })}
            list="vform-model-suggestions"
            spellCheck={false}
            placeholder={props.defaults?.sonnet ?? 'model-id'}
            value={rule.to}
            onChange={(event) => set(rule.id, { to: event.target.value })}
          />
          <button
            type="button"
            className="button small ghost"
            aria-label={t('vform.removeRow')}
            onClick={() => onChange(rules.filter((candidate) => candidate.id !== rule.id))}
          >
            ✕
          </button>
          <FieldErrors field={`rule:${rule.id}`} problems={props.problems} server={props.server} />
        </div>
      ))}
      <button
        type="button"
        className="button small"
        data-testid="add-rule"
        onClick={() => onChange([...rules, emptyRule()])}
      >
        {t('vform.addRule')}
      </button>
    </div>
  );
}
