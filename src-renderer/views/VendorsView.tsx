// The vendor list: add and edit without YAML, test, sign in and out, remove with confirmation and undo. Transient
// results ("Saved", "Removed … Undo") appear in one toast that goes away by itself; what the user must act on
// (secrets dropped by a move) stays until dismissed.
import { useCallback, useEffect, useState } from 'react';
import type { VendorView } from '../../src-shared/contract.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { QueryStatus } from '../components/QueryStatus.tsx';
import { useQuery } from '../data/query.ts';
import { useVendorStates } from '../data/vendor-states.ts';
import type { MessageKey } from '../i18n/strings.ts';
import { useT, useUi } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';
import { useRemoval } from '../vendor-form/use-removal.ts';
import { VendorRow } from '../vendor-form/VendorRow.tsx';
import { SignInPanel } from './SignInPanel.tsx';
import { type SavedVendor, VendorForm } from './VendorForm.tsx';

type Editing = { mode: 'closed' } | { mode: 'add' } | { mode: 'edit'; vendor: VendorView };
type Toast = { text: string; detail?: string; sticky: boolean } | null;

const SECRET_NAMES: Record<string, MessageKey> = {
  apiKey: 'vendors.apiKey',
  githubToken: 'vendors.secret.githubToken',
  clientSecret: 'vendors.secret.clientSecret',
  refreshToken: 'vendors.secret.refreshToken',
};

/** How long "Saved." and other passing notes stay. */
const TOAST_MS = 4000;

export function VendorsView() {
  const t = useT();
  const vendors = useQuery('listVendors', () => transport().call('listVendors', {}), {
    // Another window (or the tray) may have changed the chain.
    refreshOn: (event) => event.type === 'order-changed',
  });
  const states = useVendorStates();
  const reloadVendors = vendors.reload;
  const reloadStates = states.reload;
  const load = useCallback(() => {
    reloadVendors();
    reloadStates();
  }, [reloadVendors, reloadStates]);
  const [error, setError] = useState<string | null>(null);
  const [toast, setToast] = useState<Toast>(null);
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const [signingIn, setSigningIn] = useState<VendorView | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const removal = useRemoval();
  const closeSignIn = useCallback(() => setSigningIn(null), []);
  const wanted = useUi((ui) => ui.vendorToEdit);
  const clearWanted = useUi((ui) => ui.editVendor);

  // The board's "Fix in Vendors" opens that vendor's form.
  const list = vendors.status === 'ready' ? vendors.data.vendors : undefined;
  useEffect(() => {
    if (!wanted || !list) return;
    const vendor = list.find((candidate) => candidate.name === wanted);
    if (vendor) setEditing({ mode: 'edit', vendor });
    clearWanted(null);
  }, [wanted, list, clearWanted]);

  useEffect(() => {
    if (!toast || toast.sticky) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  /** `apiKey`, `headers.x-team` → "API key", "header x-team", in the UI's language. */
  const secretName = (path: string) => {
    const header = /^headers\.(.+)$/.exec(path);
    if (header) return t('vendors.secret.header', { name: header[1] ?? '' });
    const key = SECRET_NAMES[path];
    return key ? t(key) : path;
  };

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (reason) {
      setError((reason as Error).message);
    }
  };

  const onSaved = (saved: SavedVendor) => {
    setEditing({ mode: 'closed' });
    const dropped = saved.droppedSecrets.length
      ? t('vendors.droppedSecrets', { secrets: saved.droppedSecrets.map(secretName).join(', ') })
      : undefined;
    const detail = [dropped, saved.warning].filter(Boolean).join(' ');
    setToast({ text: t('vendors.saved'), ...(detail ? { detail } : {}), sticky: dropped !== undefined });
    load();
  };

  const remove = (name: string) =>
    act(async () => {
      setConfirmRemove(null);
      await removal.remove(name);
      setToast(null);
      load();
    });

  const undo = () =>
    act(async () => {
      const restored = await removal.undo();
      setToast({
        text: t('vendors.restored', { name: restored.name, position: restored.position + 1 }),
        sticky: false,
      });
      load();
    });

  const signOut = (vendor: VendorView) =>
    act(async () => {
      const result = await transport().call('signOut', { vendor: vendor.name });
      setToast({ text: t('vendors.signedOut', { tiers: result.tiers.join(', ') }), sticky: false });
      load();
    });

  return (
    <section className="view">
      <header className="view-head">
        <h2>{t('vendors.heading')}</h2>
        <button type="button" className="button primary" onClick={() => setEditing({ mode: 'add' })}>
          {t('vendors.add')}
        </button>
      </header>
      {error && <ErrorNote title={t('error.prefix')} message={error} />}
      {removal.pending && (
        <div className="toast" role="status" data-testid="undo-toast">
          <span>{t('vendors.removed', { name: removal.pending.name })}</span>
          <button
            type="button"
            className="button small"
            data-testid="undo-remove"
            onClick={() => void undo()}
          >
            {t('vendors.undo')}
          </button>
        </div>
      )}
      {toast && (
        <div className="toast" role="status" data-testid="vendor-toast">
          <span className="ok-text">{toast.text}</span>
          {toast.detail && <span className="toast-detail">{toast.detail}</span>}
          {toast.sticky && (
            <button type="button" className="button small ghost" onClick={() => setToast(null)}>
              {t('signIn.close')}
            </button>
          )}
        </div>
      )}
      {editing.mode !== 'closed' && (
        <VendorForm
          key={editing.mode === 'edit' ? editing.vendor.name : 'new'}
          editing={editing.mode === 'edit' ? editing.vendor : null}
          otherNames={(list ?? [])
            .map((vendor) => vendor.name)
            .filter((name) => editing.mode !== 'edit' || name !== editing.vendor.name)}
          onCancel={() => setEditing({ mode: 'closed' })}
          onSaved={onSaved}
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
                <th>{t('vendors.credentials')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {vendors.map((vendor) => (
                <VendorRow
                  key={vendor.name}
                  vendor={vendor}
                  state={states.byName.get(vendor.name)}
                  confirmingRemove={confirmRemove === vendor.name}
                  onEdit={() => setEditing({ mode: 'edit', vendor })}
                  onAskRemove={() => setConfirmRemove(vendor.name)}
                  onCancelRemove={() => setConfirmRemove(null)}
                  onRemove={() => void remove(vendor.name)}
                  onSignIn={() => setSigningIn(vendor)}
                  onSignOut={() => void signOut(vendor)}
                />
              ))}
            </tbody>
          </table>
        )}
      </QueryStatus>
    </section>
  );
}
