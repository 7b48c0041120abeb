import { LANGUAGES, type Language, type MessageKey } from './i18n/strings.ts';
import { useTiers } from './stores/tiers-store.ts';
import type { ThemePreference, View } from './stores/ui-prefs.ts';
import { useT, useUi } from './stores/ui-store.ts';
import { ConnectView } from './views/ConnectView.tsx';
import { LogsView } from './views/LogsView.tsx';
import { RequestsView } from './views/RequestsView.tsx';
import { SessionsView } from './views/SessionsView.tsx';
import { SpendView } from './views/SpendView.tsx';
import { TierBoard } from './views/TierBoard.tsx';
import { VendorsView } from './views/VendorsView.tsx';

const VIEWS: ReadonlyArray<{ id: View; label: MessageKey; icon: string }> = [
  { id: 'tiers', label: 'nav.tiers', icon: '☰' },
  { id: 'spend', label: 'nav.spend', icon: '▦' },
  { id: 'requests', label: 'nav.requests', icon: '⇄' },
  { id: 'sessions', label: 'nav.sessions', icon: '◷' },
  { id: 'vendors', label: 'nav.vendors', icon: '◫' },
  { id: 'connect', label: 'nav.connect', icon: '⌁' },
  { id: 'logs', label: 'nav.logs', icon: '≡' },
];

const THEMES: ReadonlyArray<{ id: ThemePreference; label: MessageKey }> = [
  { id: 'system', label: 'theme.system' },
  { id: 'light', label: 'theme.light' },
  { id: 'dark', label: 'theme.dark' },
];

export function App() {
  const t = useT();
  const ui = useUi();
  const connection = useTiers((state) => state.connection);
  return (
    <div className="app">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ⇶
          </span>
          <span>{t('app.title')}</span>
        </div>
        <nav aria-label="views">
          {VIEWS.map((view) => (
            <button
              key={view.id}
              type="button"
              className={`nav-item${ui.view === view.id ? ' active' : ''}`}
              aria-current={ui.view === view.id ? 'page' : undefined}
              data-testid={`nav-${view.id}`}
              onClick={() => ui.setView(view.id)}
            >
              <span className="nav-icon" aria-hidden="true">
                {view.icon}
              </span>
              {t(view.label)}
            </button>
          ))}
        </nav>
        <div className="sidebar-foot">
          <span className={`connection connection-${connection}`} data-testid="connection">
            <span className="dot" aria-hidden="true" />
            {t(`conn.${connection}`)}
          </span>
          <select
            aria-label="theme"
            value={ui.theme}
            onChange={(event) => ui.setTheme(event.target.value as ThemePreference)}
          >
            {THEMES.map((theme) => (
              <option key={theme.id} value={theme.id}>
                {t(theme.label)}
              </option>
            ))}
          </select>
          <select
            aria-label="language"
            data-testid="language"
            value={ui.language}
            onChange={(event) => ui.setLanguage(event.target.value as Language)}
          >
            {LANGUAGES.map((language) => (
              <option key={language.id} value={language.id}>
                {language.label}
              </option>
            ))}
          </select>
        </div>
      </aside>
      <main className="content">
        {ui.view === 'tiers' && <TierBoard />}
        {ui.view === 'spend' && <SpendView />}
        {ui.view === 'requests' && <RequestsView />}
        {ui.view === 'vendors' && <VendorsView />}
        {ui.view === 'connect' && <ConnectView />}
        {ui.view === 'sessions' && <SessionsView />}
        {ui.view === 'logs' && <LogsView />}
      </main>
    </div>
  );
}
