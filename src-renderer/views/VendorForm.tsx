import { useState } from 'react';
import { VENDOR_KINDS, type VendorConfigInput, type VendorKind } from '../../src-shared/config-schema.ts';
import type { VendorView } from '../../src-shared/contract.ts';
import { useT } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';

type Problems = Array<{ path: string; message: string }>;

/** Add/edit form for one vendor. Secrets are write-only: an empty key field keeps the stored one. */
export function VendorForm(props: { editing: VendorView | null; onDone(): void; onCancel(): void }) {
  const t = useT();
  const [name, setName] = useState(props.editing?.name ?? '');
  const [kind, setKind] = useState<VendorKind>(props.editing?.kind ?? 'anthropic-compatible');
  const [baseUrl, setBaseUrl] = useState(props.editing?.baseUrl ?? '');
  const [apiKey, setApiKey] = useState('');
  const [problems, setProblems] = useState<Problems>([]);
  const [busy, setBusy] = useState(false);
  const problemFor = (field: string) =>
    problems.filter((problem) => problem.path === field || problem.path.startsWith(`${field}.`));
  const otherProblems = problems.filter(
    (problem) => !['name', 'kind', 'baseUrl', 'apiKey'].includes(problem.path),
  );

  const submit = async () => {
    setBusy(true);
    // Keep every field the form does not edit (model map, quotas, headers…) as it was.
    const { apiKey: _key, githubToken: _token, ...kept } = props.editing ?? {};
    const vendor = { ...kept, name, kind, ...(baseUrl ? { baseUrl } : {}), ...(apiKey ? { apiKey } : {}) };
    if (!baseUrl) delete (vendor as { baseUrl?: string }).baseUrl;
    try {
      const result = await transport().call('saveVendor', {
        vendor: vendor as VendorConfigInput,
        ...(props.editing ? { previousName: props.editing.name } : {}),
      });
      if (result.ok) props.onDone();
      else setProblems(result.problems);
    } catch (error) {
      setProblems([{ path: 'vendor', message: (error as Error).message }]);
    } finally {
      setBusy(false);
    }
  };

  const errors = (field: string) =>
    problemFor(field).map((problem) => (
      <div key={problem.message} className="field-error" role="alert">
        {problem.message}
      </div>
    ));

  return (
    <form
      className="panel form"
      data-testid="vendor-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label htmlFor="vendor-name">{t('vendors.name')}</label>
      <input id="vendor-name" type="text" value={name} onChange={(event) => setName(event.target.value)} />
      {errors('name')}
      <label htmlFor="vendor-kind">{t('vendors.kind')}</label>
      <select id="vendor-kind" value={kind} onChange={(event) => setKind(event.target.value as VendorKind)}>
        {VENDOR_KINDS.map((candidate) => (
          <option key={candidate} value={candidate}>
            {candidate}
          </option>
        ))}
      </select>
      {errors('kind')}
      <label htmlFor="vendor-url">{t('vendors.baseUrl')}</label>
      <input
        id="vendor-url"
        type="url"
        value={baseUrl}
        onChange={(event) => setBaseUrl(event.target.value)}
      />
      {errors('baseUrl')}
      <label htmlFor="vendor-key">{t('vendors.apiKey')}</label>
      <input
        id="vendor-key"
        type="password"
        autoComplete="off"
        value={apiKey}
        placeholder={props.editing?.apiKey?.set ? t('vendors.apiKeyKeep') : ''}
        onChange={(event) => setApiKey(event.target.value)}
      />
      {errors('apiKey')}
      {otherProblems.map((problem) => (
        <div key={`${problem.path}:${problem.message}`} className="field-error" role="alert">
          {problem.path}: {problem.message}
        </div>
      ))}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t('vendors.save')}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('vendors.cancel')}
        </button>
      </div>
    </form>
  );
}
