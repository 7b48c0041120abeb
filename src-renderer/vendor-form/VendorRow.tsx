// One vendor in the list: where it sends requests, its key or sign-in state, notices the core raised about it, and
// its actions (Test, sign in / out, edit, remove — the last with an inline confirmation).
import type { CSSProperties } from 'react';
import type { VendorSignInState, VendorState, VendorView } from '../../src-shared/contract.ts';
import type { MessageKey } from '../i18n/strings.ts';
import { useT } from '../stores/ui-store.ts';
import { presetView, SIGN_IN_KIND } from './preset-view.ts';
import { TestOutcome, useVendorTest } from './TestOutcome.tsx';

export interface VendorRowProps {
  vendor: VendorView;
  state: VendorState | undefined;
  confirmingRemove: boolean;
  onEdit(): void;
  onAskRemove(): void;
  onRemove(): void;
  onCancelRemove(): void;
  onSignIn(): void;
  onSignOut(): void;
}

const ACCOUNT_STYLE: CSSProperties = { whiteSpace: 'normal', overflowWrap: 'anywhere' };

/** How a sign-in state looks in the list: its test state, its words, its pill colour. */
function signInLook(signIn: VendorSignInState): [string, MessageKey, string | undefined] {
  if (signIn.problem)
    return ['needed', signIn.source === 'none' ? 'vendors.notSignedIn' : 'vendors.signInExpired', 'pill-bad'];
  if (signIn.source === 'config') return ['config', 'vendors.tokenInConfig', undefined];
  if (signIn.source === 'none') return ['needed', 'vendors.notSignedIn', 'pill-bad'];
  return ['signed-in', 'vendors.signedIn', 'pill-ok'];
}

function Credentials(props: { vendor: VendorView; state: VendorState | undefined }) {
  const t = useT();
  const { vendor, state } = props;
  const signIn = state?.signIn;
  if (SIGN_IN_KIND[vendor.kind]) {
    if (!signIn) return <span className="muted">…</span>;
    const [state, label, pill] = signInLook(signIn);
    const account = state === 'signed-in' ? signIn.account : undefined;
    return (
      <span
        className={pill ? `pill ${pill}` : undefined}
        data-testid={`sign-in-state-${vendor.name}`}
        data-state={state}
        // A long work email must wrap in the tray's narrow window rather than push the row wider.
        style={account ? ACCOUNT_STYLE : undefined}
      >
        {account ? t('account.signedInAs', { account }) : t(label)}
      </span>
    );
  }
  const key = vendor.apiKey;
  if (!key?.set) {
    return (
      <span className="muted">
        {vendor.kind === 'anthropic' ? t('vendors.claudeCredentials') : t('vendors.secretNotSet')}
      </span>
    );
  }
  if (key.hint) return <>{t('vendors.secretSet', { hint: key.hint })}</>;
  if (key.env) return <>{t('vform.keyFromEnv', { name: key.env })}</>;
  return <>{t('vendors.secretSetNoHint')}</>;
}

export function VendorRow(props: VendorRowProps) {
  const t = useT();
  const { vendor, state } = props;
  const [test, runTest] = useVendorTest();
  const target =
    vendor.baseUrl ??
    presetView(vendor.kind, { plan: vendor.plan ?? '', region: vendor.region ?? '' }).baseUrl;
  const signInKind = SIGN_IN_KIND[vendor.kind];
  const signedIn = state?.signIn?.source === 'sign-in' && !state.signIn.problem;
  const notices = state?.notices ?? [];
  return (
    <>
      <tr data-testid={`vendor-row-${vendor.name}`}>
        <td data-label={t('vendors.name')}>
          <strong>{vendor.name}</strong>
          {vendor.enabled === false && <span className="muted"> · {t('tiers.disabled')}</span>}
        </td>
        <td data-label={t('vendors.kind')}>{presetView(vendor.kind, { plan: '', region: '' }).label}</td>
        <td data-label={t('vendors.baseUrl')}>
          {target ? (
            <code className="wrap-anywhere">{target}</code>
          ) : (
            <span className="muted">{signInKind === 'github' ? t('vform.urlFromAccount') : '-'}</span>
          )}
        </td>
        <td data-label={t('vendors.credentials')}>
          <Credentials vendor={vendor} state={state} />
        </td>
        <td className="actions">
          <div className="row-actions">
            <button
              type="button"
              className="button small"
              data-testid={`test-${vendor.name}`}
              disabled={test.phase === 'running'}
              onClick={() => runTest({ name: vendor.name })}
            >
              {t('vtest.button')}
            </button>
            {signInKind && !signedIn && state?.signIn?.source !== 'config' && (
              <button
                type="button"
                className="button small primary"
                data-testid={`sign-in-${vendor.name}`}
                onClick={props.onSignIn}
              >
                {t('vendors.signIn')}
              </button>
            )}
            {signInKind && state?.signIn?.source === 'sign-in' && (
              <button
                type="button"
                className="button small"
                data-testid={`sign-out-${vendor.name}`}
                onClick={props.onSignOut}
              >
                {t('vendors.signOut')}
              </button>
            )}
            <button
              type="button"
              className="button small"
              data-testid={`edit-${vendor.name}`}
              onClick={props.onEdit}
            >
              {t('vendors.edit')}
            </button>
            <button
              type="button"
              className="button small danger"
              data-testid={`remove-${vendor.name}`}
              onClick={props.onAskRemove}
            >
              {t('vendors.remove')}
            </button>
          </div>
        </td>
      </tr>
      {(notices.length > 0 || test.phase !== 'idle' || props.confirmingRemove) && (
        <tr className="vendor-detail">
          <td colSpan={5}>
            {notices.map((notice) => (
              <p key={notice} className="warn-note" data-testid={`notice-${vendor.name}`}>
                {notice}
              </p>
            ))}
            <TestOutcome state={test} testId={`test-result-${vendor.name}`} />
            {props.confirmingRemove && (
              <div className="confirm-box" role="alertdialog" data-testid={`confirm-remove-${vendor.name}`}>
                <p>{t('vendors.confirmRemove', { name: vendor.name })}</p>
                <div className="form-actions">
                  <button
                    type="button"
                    className="button danger"
                    data-testid={`confirm-remove-yes-${vendor.name}`}
                    onClick={props.onRemove}
                  >
                    {t('vendors.remove')}
                  </button>
                  <button type="button" className="button" onClick={props.onCancelRemove}>
                    {t('vendors.cancel')}
                  </button>
                </div>
              </div>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
