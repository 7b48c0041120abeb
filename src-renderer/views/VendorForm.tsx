// Add or edit one vendor without touching YAML: kind and preset (plan, region, host, key link), key and auth, model
// map, quota guards, breaker and headers, checked as the user types; Test before or after saving. Saving sends only
// what changed (see vendor-form/draft.ts), so the user's config file keeps its form.
import { useEffect, useMemo, useState } from 'react';
import { VENDOR_KINDS, type VendorKind } from '../../src-shared/config-schema.ts';
import type { VendorView } from '../../src-shared/contract.ts';
import { VENDOR_PRESETS } from '../../src-shared/vendor-presets.ts';
import { useT } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';
import { CredentialConfirm, credentialsLeaving, targetOf } from '../vendor-form/CredentialConfirm.tsx';
import {
  type DraftHeader,
  draftFromView,
  draftToVendor,
  isUnchanged,
  type VendorDraft,
} from '../vendor-form/draft.ts';
import { FieldErrors, type ServerProblem } from '../vendor-form/FieldNotes.tsx';
import { HeadersEditor } from '../vendor-form/HeadersEditor.tsx';
import { BreakerEditor, QuotaGuardsEditor, RetryEditor } from '../vendor-form/LimitsEditor.tsx';
import { ModelMapEditor, type OfferedModels } from '../vendor-form/ModelMapEditor.tsx';
import { PresetFields } from '../vendor-form/PresetFields.tsx';
import { keepValidChoice, presetView } from '../vendor-form/preset-view.ts';
import { TestOutcome, useVendorTest } from '../vendor-form/TestOutcome.tsx';
import { useUrlWarnings } from '../vendor-form/use-url-warnings.ts';
import { type FieldId, placeServerProblem, validateDraft } from '../vendor-form/validate.ts';

export interface SavedVendor {
  name: string;
  /** Kept secrets the core dropped because the vendor now talks to another place. */
  droppedSecrets: string[];
  /** A warning about the address, still true after saving. */
  warning?: string;
}

/** Kinds whose vendors publish the models they offer (read by the core's model discovery). */
const LISTING_KINDS: ReadonlySet<string> = new Set(['copilot', 'gemini', 'antigravity', 'openai-compatible']);

/** The draft key a problem's field belongs to, to show problems only for fields the user has touched. */
function draftKeyOf(field: FieldId): string {
  if (field.startsWith('rule:')) return 'modelMap';
  if (field.startsWith('quota:')) return 'quotaGuards';
  if (field.startsWith('header:')) return 'headers';
  return field;
}

export function VendorForm(props: {
  editing: VendorView | null;
  otherNames: readonly string[];
  onSaved(saved: SavedVendor): void;
  onCancel(): void;
}) {
  const t = useT();
  const { editing } = props;
  const [initial] = useState(() => draftFromView(editing));
  const [draft, setDraft] = useState<VendorDraft>(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [server, setServer] = useState<ServerProblem[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [offered, setOffered] = useState<OfferedModels | undefined>(undefined);
  const [test, runTest, resetTest] = useVendorTest();
  const preset = presetView(draft.kind, draft);
  const urlWarnings = useUrlWarnings(draft.baseUrl);

  const update = (patch: Partial<VendorDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setTouched((current) => new Set([...current, ...Object.keys(patch)]));
    setServer([]);
    resetTest();
  };

  useEffect(() => {
    if (!editing) return;
    let live = true;
    transport()
      .call('vendorModels', { name: editing.name })
      .then(
        (answer) => {
          if (!live) return;
          const windows: Record<string, number> = {};
          for (const model of answer.models) if (model.contextWindow) windows[model.id] = model.contextWindow;
          const models: OfferedModels = { ids: answer.models.map((model) => model.id), windows };
          // Kinds that publish no list have nothing to explain; the others say why theirs is unknown.
          if (answer.problem && LISTING_KINDS.has(editing.kind)) models.problem = answer.problem;
          if (answer.mapped) models.mapped = answer.mapped;
          setOffered(models);
        },
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [editing]);

  const allProblems = useMemo(() => validateDraft(draft, props.otherNames), [draft, props.otherNames]);
  const problems = allProblems.filter((problem) => attempted || touched.has(draftKeyOf(problem.field)));
  const leaving = credentialsLeaving(draft, initial, editing);
  const keyStaysBehind =
    editing?.apiKey?.set === true && draft.apiKey === '' && targetOf(draft) !== targetOf(initial);

  const save = async (confirmed: boolean) => {
    setAttempted(true);
    if (allProblems.length > 0) return;
    setBusy(true);
    try {
      const result = await transport().call('saveVendor', {
        vendor: draftToVendor(draft, editing),
        ...(editing ? { previousName: editing.name } : {}),
        ...(confirmed ? { confirmCredentialDestination: true } : {}),
      });
      if (result.ok) {
        setConfirming(false);
        const warning = urlWarnings.map((w) => t(w.key, w.params)).join(' ');
        props.onSaved({
          name: draft.name.trim(),
          droppedSecrets: result.droppedSecrets ?? [],
          ...(warning ? { warning } : {}),
        });
        return;
      }
      // The core asks for an explicit yes before credentials it does not hold itself go somewhere new.
      if (!confirmed && result.problems.some((p) => p.message.includes('confirmCredentialDestination'))) {
        setConfirming(true);
        return;
      }
      setServer(
        result.problems.map((p) => ({ field: placeServerProblem(p.path, draft), message: p.message })),
      );
    } catch (error) {
      setServer([{ field: 'form', message: (error as Error).message }]);
    } finally {
      setBusy(false);
    }
  };

  const onTest = () => {
    setAttempted(true);
    if (allProblems.length > 0) return;
    if (editing && isUnchanged(draft, editing, initial)) runTest({ name: editing.name });
    else
      runTest({ vendor: draftToVendor(draft, editing), ...(editing ? { previousName: editing.name } : {}) });
  };

  const notes = { problems, server };
  return (
    <form
      className="panel form vendor-form"
      data-testid="vendor-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setAttempted(true);
        if (allProblems.length > 0) return;
        // Credentials the tier does not hold itself are about to go somewhere new: ask first.
        if (leaving) setConfirming(true);
        else void save(false);
      }}
    >
      <h3 className="form-title">
        {editing ? t('vform.editTitle', { name: editing.name }) : t('vform.addTitle')}
      </h3>
      <label htmlFor="vendor-name">{t('vendors.name')}</label>
      <input
        id="vendor-name"
        type="text"
        spellCheck={false}
        value={draft.name}
        onChange={(event) => update({ name: event.target.value })}
      />
      <FieldErrors field="name" {...notes} />
      <label htmlFor="vendor-kind">{t('vendors.kind')}</label>
      <select
        id="vendor-kind"
        value={draft.kind}
        onChange={(event) => {
          const kind = event.target.value as VendorKind;
          update({ kind, ...keepValidChoice(kind, draft) });
        }}
      >
        {VENDOR_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {VENDOR_PRESETS[kind].label}
          </option>
        ))}
      </select>
      <FieldErrors field="kind" {...notes} />
      <PresetFields
        draft={draft}
        preset={preset}
        update={update}
        {...notes}
        storedKey={editing?.apiKey}
        keyStaysBehind={keyStaysBehind}
        urlWarnings={urlWarnings}
      />
      {preset.notes.length > 0 && (
        <ul className="form-note muted small preset-notes">
          {preset.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}

      <fieldset className="form-section">
        <legend>{t('vform.models')}</legend>
        <ModelMapEditor
          rules={draft.modelMap}
          onChange={(modelMap) => update({ modelMap })}
          contextWindow={draft.contextWindow}
          onContextWindow={(contextWindow) => update({ contextWindow })}
          windowOf={(model) =>
            offered?.windows[model] ?? preset.windows.find((w) => w.model === model)?.tokens
          }
          defaults={preset.models}
          offered={offered}
          {...notes}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('vform.quotas')}</legend>
        <QuotaGuardsEditor
          rows={draft.quotaGuards}
          onChange={(quotaGuards) => update({ quotaGuards })}
          {...notes}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('vform.breaker')}</legend>
        <BreakerEditor value={draft.breaker} onChange={(breaker) => update({ breaker })} {...notes} />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('vform.retry')}</legend>
        <RetryEditor value={draft.retry} onChange={(retry) => update({ retry })} {...notes} />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('vform.headers')}</legend>
        <HeadersEditor
          rows={draft.headers}
          onChange={(headers: DraftHeader[]) => update({ headers })}
          {...notes}
        />
      </fieldset>

      <FieldErrors field="form" {...notes} />
      {attempted && allProblems.length > 0 && (
        <p className="field-error form-summary" role="alert" data-testid="form-has-problems">
          {t('vform.fixFirst')}
        </p>
      )}
      {confirming && (
        <CredentialConfirm
          draft={draft}
          busy={busy}
          onConfirm={() => void save(true)}
          onCancel={() => setConfirming(false)}
        />
      )}
      <TestOutcome state={test} testId="vendor-test-result" />
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          disabled={busy || confirming}
          data-testid="vendor-save"
        >
          {t('vendors.save')}
        </button>
        <button type="button" className="button" data-testid="vendor-test" onClick={onTest}>
          {t('vtest.button')}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('vendors.cancel')}
        </button>
      </div>
    </form>
  );
}
