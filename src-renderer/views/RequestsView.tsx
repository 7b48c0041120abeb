import { useState } from 'react';
import type { RequestOutcome } from '../../src-shared/contract.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { RequestList } from '../components/RequestList.tsx';
import { useQuery } from '../data/query.ts';
import { useRequestFilter, useRequestLog } from '../data/request-log.ts';
import type { MessageKey } from '../i18n/strings.ts';
import { type RequestPeriod, requestQuery } from '../stores/request-filter.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useFormats, useT } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';

const OUTCOMES: ReadonlyArray<{ id: RequestOutcome; label: MessageKey }> = [
  { id: 'ok', label: 'requests.outcome.ok' },
  { id: 'error', label: 'requests.outcome.error' },
  { id: 'failover', label: 'requests.outcome.failover' },
  { id: 'no-tier', label: 'requests.outcome.no-tier' },
  { id: 'aborted', label: 'requests.outcome.aborted' },
];
const PERIODS: ReadonlyArray<RequestPeriod> = ['all', '1h', '24h', '7d', '30d'];

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function RequestsView() {
  const t = useT();
  const f = useFormats();
  const { filter, setFilter } = useRequestFilter();
  const log = useRequestLog(filter);
  const tiers = useTiers((state) => state.order);
  const facets = useQuery('requestFacets', () => transport().call('requestFacets', {}), {
    refreshOn: (event) => event.type === 'order-changed',
  });
  const [exporting, setExporting] = useState<string | null>(null);
  const vendors = [...new Set([...tiers, ...(facets.status === 'ready' ? facets.data.vendors : [])])];
  const models = facets.status === 'ready' ? facets.data.models : [];

  const exportCsv = async () => {
    setExporting('');
    try {
      const result = await transport().call('exportRequests', requestQuery(filter, Date.now()));
      const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
      download(`coding-proxy-requests-${stamp}.csv`, result.csv);
      setExporting(null);
    } catch (error) {
      setExporting((error as Error).message);
    }
  };

  return (
    <section className="view">
      <header className="view-head">
        <div>
          <h2>{t('requests.heading')}</h2>
          {log.status === 'ready' && (
            <p className="muted small" data-testid="request-count">
              {t('requests.showing', {
                shown: f.count(log.requests.length),
                total: `${f.count(log.total)}${log.totalCapped ? '+' : ''}`,
              })}
            </p>
          )}
        </div>
        <button
          type="button"
          className="button"
          data-testid="export-csv"
          disabled={exporting === ''}
          onClick={() => void exportCsv()}
        >
          {t('requests.export')}
        </button>
      </header>
      <div className="filters" data-testid="request-filters">
        <select
          aria-label={t('requests.filter.vendor')}
          data-testid="filter-vendor"
          value={filter.vendor ?? ''}
          onChange={(event) => setFilter({ vendor: event.target.value || null })}
        >
          <option value="">{t('requests.allVendors')}</option>
          {vendors.map((vendor) => (
            <option key={vendor} value={vendor}>
              {vendor}
            </option>
          ))}
        </select>
        <select
          aria-label={t('requests.filter.model')}
          data-testid="filter-model"
          value={filter.model ?? ''}
          onChange={(event) => setFilter({ model: event.target.value || null })}
        >
          <option value="">{t('requests.allModels')}</option>
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
        <select
          aria-label={t('requests.filter.outcome')}
          data-testid="filter-outcome"
          value={filter.outcome ?? ''}
          onChange={(event) => setFilter({ outcome: (event.target.value || null) as RequestOutcome | null })}
        >
          <option value="">{t('requests.allOutcomes')}</option>
          {OUTCOMES.map((outcome) => (
            <option key={outcome.id} value={outcome.id}>
              {t(outcome.label)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('requests.filter.period')}
          data-testid="filter-period"
          value={filter.period}
          onChange={(event) => setFilter({ period: event.target.value as RequestPeriod })}
        >
          {PERIODS.map((period) => (
            <option key={period} value={period}>
              {t(`requests.period.${period}`)}
            </option>
          ))}
        </select>
      </div>
      {exporting && <ErrorNote title={t('requests.exportFailed')} message={exporting} />}
      <RequestList log={log} emptyText={t('requests.empty')} />
    </section>
  );
}
