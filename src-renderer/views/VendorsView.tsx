import { useCallback, useState } from 'react';
import type { VendorView } from '../../src-shared/contract.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { QueryStatus } from '../components/QueryStatus.tsx';
import { SIGN_IN_KINDS } from '../components/TierCard.tsx';
import { useQuery } from '../data/query.ts';
import { useT } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';
import { SignInPanel } from './SignInPanel.tsx';
import { VendorForm } from './VendorForm.tsx';

type Editing = { mode: 'closed' } | { mode: 'add' } | { mode: 'edit'; vendor: VendorView };

export function VendorsView() {
  const t = useT();
  const vendors = useQuery('listVendors', () => transport().call('listVendors', {}), {
    // Another window (or the tray) may have changed the chain.
    refreshOn: (event) => event.type === 'order-changed',
  });
  const load = vendors.reload;
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const [signingIn, setSigningIn] = useState<VendorView | null>(null);
  const closeSignIn = useCallback(() => setSigningIn(null), []);

  const secret = (value: VendorView['apiKey']) => {
    if (!value?.set) return <span className="muted">{t('vendors.secretNotSet')}</span>;
    return value.hint ? t('vendors.secretSet', { hint: value.hint }) : t('vendors.secretSetNoHint');
  };

  const remove = async (name: string) => {
    if (!window.confirm(t('vendors.confirmRemove', { name }))) return;
    try {
      await transport().call('removeVendor', { name });
      setError(null);
      load();
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
      {error && <ErrorNote title={t('error.prefix')} message={error} />}
      {notice && <p className="ok-text">{notice}</p>}
      {editing.mode !== 'closed' && (
        <VendorForm
          key={editing.mode === 'edit' ? editing.vendor.name : 'new'}
          editing={editing.mode === 'edit' ? editing.vendor : null}
          onCancel={() => setEditing({ mode: 'closed' })}
          onDone={() => {
            setEditing({ mode: 'closed' });
            setNotice(t('vendors.saved'));
            load();
          }}
        />
      )}
      {signingIn && (
        <SignInPanel key={signingIn.name} vendor={signingIn} onClose={closeSignIn} onSignedIn={load} />
      )}
      <QueryStatus query={vendors} errorTitle={t('vendors.unavailable')}>
        {({ vendors }) => (
          <table className="grid responsive" data-testid="vendor-table">
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
                  <td data-label={t('vendors.name')}>
                    <strong>{vendor.name}</strong>
                    {vendor.enabled === false && <span className="muted"> · {t('tiers.disabled')}</span>}
                  </td>
                  <td data-label={t('vendors.kind')}>{vendor.kind}</td>
                  <td data-label={t('vendors.baseUrl')}>
                    <code className="wrap-anywhere">{vendor.baseUrl ?? '-'}</code>
                  </td>
                  <td data-label={t('vendors.apiKey')}>{secret(vendor.apiKey ?? vendor.githubToken)}</td>
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
      </QueryStatus>
    </section>
  );
}
