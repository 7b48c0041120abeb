import { useCallback, useEffect, useState } from 'react';
import type { VendorView } from '../../src-shared/contract.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { useT } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';
import { SignInPanel } from './SignInPanel.tsx';
import { VendorForm } from './VendorForm.tsx';

/** Vendor kinds whose credentials come from a browser sign-in rather than a pasted key. */
const SIGN_IN_KINDS: ReadonlySet<string> = new Set(['copilot', 'antigravity']);

type Editing = { mode: 'closed' } | { mode: 'add' } | { mode: 'edit'; vendor: VendorView };

export function VendorsView() {
  const t = useT();
  const [vendors, setVendors] = useState<VendorView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const [signingIn, setSigningIn] = useState<VendorView | null>(null);
  const closeSignIn = useCallback(() => setSigningIn(null), []);

  const load = useCallback(async () => {
    try {
      setVendors((await transport().call('listVendors', {})).vendors);
      setError(null);
    } catch (reason) {
      setError((reason as Error).message);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const secret = (value: VendorView['apiKey']) => {
    if (!value?.set) return <span className="muted">{t('vendors.secretNotSet')}</span>;
    return value.hint ? t('vendors.secretSet', { hint: value.hint }) : t('vendors.secretSetNoHint');
  };

  const remove = async (name: string) => {
    if (!window.confirm(t('vendors.confirmRemove', { name }))) return;
    try {
      await transport().call('removeVendor', { name });
      await load();
    } catch (reason) {
      setError((reason as Error).message);
    }
  };

  return (
    <section className="view">
      <header className="view-head">
        <h2>{t('vendors.heading')}</h2>
        <button type="button" className="button primary" onClick={() => setEditing({ mode: 'add' })}>
          {t('vendors.add')}
        </button>
      </header>
      {error && <ErrorNote title={t('vendors.unavailable')} message={error} onRetry={() => void load()} />}
      {notice && <p className="ok-text">{notice}</p>}
      {editing.mode !== 'closed' && (
        <VendorForm
          key={editing.mode === 'edit' ? editing.vendor.name : 'new'}
          editing={editing.mode === 'edit' ? editing.vendor : null}
          onCancel={() => setEditing({ mode: 'closed' })}
          onDone={() => {
            setEditing({ mode: 'closed' });
            setNotice(t('vendors.saved'));
            void load();
          }}
        />
      )}
      {signingIn && (
        <SignInPanel
          key={signingIn.name}
          vendor={signingIn}
          onClose={closeSignIn}
          onSignedIn={() => void load()}
        />
      )}
      {vendors && (
        <table className="grid" data-testid="vendor-table">
          <thead>
            <tr>
              <th>{t('vendors.name')}</th>
              <th>{t('vendors.kind')}</th>
              <th>{t('vendors.baseUrl')}</th>
              <th>{t('vendors.apiKey')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {vendors.map((vendor) => (
              <tr key={vendor.name}>
                <td>
                  <strong>{vendor.name}</strong>
                  {vendor.enabled === false && <span className="muted"> · {t('tiers.disabled')}</span>}
                </td>
                <td>{vendor.kind}</td>
                <td>
                  <code>{vendor.baseUrl ?? '-'}</code>
                </td>
                <td>{secret(vendor.apiKey ?? vendor.githubToken)}</td>
                <td className="actions">
                  {SIGN_IN_KINDS.has(vendor.kind) && (
                    <>
                      <button
                        type="button"
                        className="button small primary"
                        data-testid={`sign-in-${vendor.name}`}
                        onClick={() => setSigningIn(vendor)}
                      >
                        {t('vendors.signIn')}
                      </button>{' '}
                    </>
                  )}
                  <button
                    type="button"
                    className="button small"
                    onClick={() => setEditing({ mode: 'edit', vendor })}
                  >
                    {t('vendors.edit')}
                  </button>{' '}
                  <button
                    type="button"
                    className="button small danger"
                    onClick={() => void remove(vendor.name)}
                  >
                    {t('vendors.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
