// Asks before a tier that uses credentials it does not hold itself — Claude Code's own (an Anthropic tier without a
// key) or the stored GitHub / Google sign-in — is pointed at a new address, where those credentials would go.
import type { VendorView } from '../../src-shared/contract.ts';
import { destinationKey } from '../../src-shared/destination-url.ts';
import type { MessageKey } from '../i18n/strings.ts';
import { useT } from '../stores/ui-store.ts';
import type { VendorDraft } from './draft.ts';
import { presetView } from './preset-view.ts';
import { hostOf } from './url-warnings.ts';

/** Where the tier's requests (and credentials) go: its kind and address, spelled as the core compares them. */
export function targetOf(draft: Pick<VendorDraft, 'kind' | 'baseUrl' | 'plan' | 'region'>): string {
  return `${draft.kind} ${destinationKey(draft.baseUrl.trim() || presetView(draft.kind, draft).baseUrl || '')}`;
}

function implicitCredentials(draft: VendorDraft, editing: VendorView | null): MessageKey | undefined {
  if (draft.kind === 'anthropic' && draft.apiKey === '' && !editing?.apiKey?.set)
    return 'vform.confirmClaude';
  if (draft.kind === 'copilot' && !editing?.githubToken?.set) return 'vform.confirmGithub';
  if (draft.kind === 'antigravity') return 'vform.confirmGoogle';
  return undefined;
}

/** True when saving would send such credentials to a new destination (the core asks the same). */
export function credentialsLeaving(
  draft: VendorDraft,
  initial: VendorDraft,
  editing: VendorView | null,
): boolean {
  if (!implicitCredentials(draft, editing)) return false;
  const before = editing
    ? targetOf(initial)
    : targetOf({ kind: draft.kind, baseUrl: '', plan: '', region: '' });
  return targetOf(draft) !== before;
}

export function CredentialConfirm(props: {
  draft: VendorDraft;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const t = useT();
  const { draft } = props;
  const host = hostOf(draft.baseUrl.trim() || presetView(draft.kind, draft).baseUrl || draft.kind);
  const what = implicitCredentials(draft, null) ?? 'vform.confirmGeneric';
  return (
    <div
      className="confirm-box"
      role="alertdialog"
      aria-labelledby="confirm-destination"
      data-testid="confirm-destination"
    >
      <p id="confirm-destination">
        <strong>{t(what)}</strong> {t('vform.confirmWhere', { host })}
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="button danger"
          disabled={props.busy}
          data-testid="confirm-destination-yes"
          onClick={props.onConfirm}
        >
          {t('vform.confirmYes', { host })}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('vform.confirmNo')}
        </button>
      </div>
    </div>
  );
}
