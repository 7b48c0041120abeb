import { useState } from 'react';
import type { ClaudeSettingsStatus } from '../../src-shared/contract.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { QueryStatus } from '../components/QueryStatus.tsx';
import { useQuery } from '../data/query.ts';
import { useT } from '../stores/ui-store.ts';
import { transport } from '../transport/current-transport.ts';

export function ConnectView() {
  const t = useT();
  const status = useQuery('status', () => transport().call('status', {}));
  const stored = useQuery('claudeSettingsStatus', () => transport().call('claudeSettingsStatus', {}));
  // What connect/restore answered, until the next fetch replaces it.
  const [changed, setChanged] = useState<ClaudeSettingsStatus | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);

  const baseUrl = status.status === 'ready' ? status.data.baseUrl : null;
  const line = baseUrl ? `export ANTHROPIC_BASE_URL=${baseUrl}` : '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(line);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard can be refused (no focus, permissions): the line stays selectable.
    }
  };
  const act = async (command: 'connectClaudeCode' | 'restoreClaudeCode') => {
    setBusy(true);
    try {
      setChanged(await transport().call(command, {}));
      setActionError(null);
    } catch (error) {
      setActionError((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="view">
      <header className="view-head">
        <h2>{t('connect.heading')}</h2>
      </header>
      <div className="panel">
        <p>{t('connect.shell')}</p>
        <div className="command-line">
          <code data-testid="export-line">{line}</code>
          <button type="button" className="button small" onClick={() => void copy()} disabled={!line}>
            {copied ? t('connect.copied') : t('connect.copy')}
          </button>
        </div>
      </div>
      <div className="panel">
        <p>{t('connect.settings')}</p>
        {actionError && <ErrorNote title={t('error.prefix')} message={actionError} />}
        <QueryStatus query={stored} errorTitle={t('connect.unavailable')}>
          {(fetched) => {
            const settings = changed ?? fetched;
            return (
              <>
                <p data-testid="claude-settings-state" className={settings.connected ? 'ok-text' : 'muted'}>
                  {settings.connected
                    ? t('connect.connected', { path: settings.path })
                    : t('connect.notConnected', { path: settings.path })}{' '}
                  {!settings.connected &&
                    settings.baseUrl &&
                    t('connect.otherUrl', { url: settings.baseUrl })}
                </p>
                {settings.problem && <ErrorNote title={t('error.prefix')} message={settings.problem} />}
                <div className="filters">
                  <button
                    type="button"
                    className="button primary"
                    disabled={busy || settings.connected || Boolean(settings.problem)}
                    onClick={() => void act('connectClaudeCode')}
                  >
                    {t('connect.connect')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={busy || !settings.backupPath}
                    onClick={() => void act('restoreClaudeCode')}
                  >
                    {t('connect.restore')}
                  </button>
                </div>
                <p className="muted small">{t('connect.restartHint')}</p>
              </>
            );
          }}
        </QueryStatus>
      </div>
    </section>
  );
}
