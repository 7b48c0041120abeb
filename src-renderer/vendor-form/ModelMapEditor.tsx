// The model map: rules "requested model (glob) → vendor model", tried in order before the preset's own. The models
// the vendor offers this account (`vendorModels`) and the preset's defaults are offered as suggestions.
import type { FamilyModels } from '../../src-shared/vendor-presets.ts';
import { useFormats, useT } from '../stores/ui-store.ts';
import { type DraftRule, emptyRule } from './draft.ts';
import { FieldErrors, type ServerProblem } from './FieldNotes.tsx';
import { AddRowButton, RemoveRowButton } from './RowControls.tsx';
import type { FormProblem } from './validate.ts';

const MATCH_SUGGESTIONS = ['*opus*', '*sonnet*', '*haiku*', 'claude-*', '*'];

export interface OfferedModels {
  ids: string[];
  /** Input tokens per offered model, where the vendor's list says. */
  windows: Record<string, number>;
  /** Why the list is empty (no sign-in yet, the vendor publishes none…). */
  problem?: string;
  /** What each family goes to right now, by the vendor's live mapping. */
  mapped?: FamilyModels;
}

export function ModelMapEditor(props: {
  rules: DraftRule[];
  onChange(rules: DraftRule[]): void;
  /** The vendor-wide context window field ('' = as the vendor says). */
  contextWindow: string;
  onContextWindow(value: string): void;
  /** The window the vendor's list or documentation gives a model, when known. */
  windowOf(model: string): number | undefined;
  defaults: FamilyModels | undefined;
  offered: OfferedModels | undefined;
  problems: FormProblem[];
  server: ServerProblem[];
}) {
  const t = useT();
  const f = useFormats();
  const { rules, onChange } = props;
  const known = (model: string) => {
    const tokens = props.windowOf(model.trim());
    return tokens === undefined ? t('vform.windowUnknown') : f.count(tokens);
  };
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
      {props.offered && (props.offered.ids.length > 0 || props.offered.problem) && (
        <p className="muted small" data-testid="offered-models">
          {props.offered.ids.length > 0
            ? t('vform.offered', { count: props.offered.ids.length })
            : t('vform.offeredUnknown', { reason: props.offered.problem ?? '—' })}
        </p>
      )}
      <label className="number-cell vendor-window" htmlFor="vendor-window">
        <span className="muted small">{t('vform.vendorWindow')}</span>
        <input
          id="vendor-window"
          type="text"
          inputMode="numeric"
          placeholder={t('vform.windowPlaceholder', {
            window: families ? known(families.sonnet) : t('vform.windowUnknown'),
          })}
          value={props.contextWindow}
          onChange={(event) => props.onContextWindow(event.target.value)}
        />
      </label>
      <FieldErrors field="contextWindow" problems={props.problems} server={props.server} />
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
          <input
            type="text"
            inputMode="numeric"
            className="window-input"
            aria-label={t('vform.ruleWindow', { n: index + 1 })}
            title={t('vform.ruleWindow', { n: index + 1 })}
            placeholder={t('vform.windowPlaceholder', { window: known(rule.to) })}
            value={rule.contextWindow}
            onChange={(event) => set(rule.id, { contextWindow: event.target.value })}
          />
          <RemoveRowButton onRemove={() => onChange(rules.filter((candidate) => candidate.id !== rule.id))} />
          <FieldErrors field={`rule:${rule.id}`} problems={props.problems} server={props.server} />
        </div>
      ))}
      <AddRowButton label="vform.addRule" testId="add-rule" onAdd={() => onChange([...rules, emptyRule()])} />
    </div>
  );
}
