import { Icon } from './components/Icon.tsx';
import { ReconnectBanner } from './components/ReconnectBanner.tsx';
import { useHealth } from './hooks/use-health.ts';
import { LANGUAGES, type Language, type MessageKey } from './i18n/strings.ts';
import { VIEWS } from './navigation.tsx';
import { useTiers } from './stores/tiers-store.ts';
import type { ThemePreference } from './stores/ui-prefs.ts';
import { useT, useUi } from './stores/ui-store.ts';

const THEMES: ReadonlyArray<{ id: ThemePreference; label: MessageKey }> = [
  { id: 'system', label: 'theme.system' },
  { id: 'light', label: 'theme.light' },
  { id: 'dark', label: 'theme.dark' },
];

function Preferences() {
  const t = useT();
  const ui = useUi();
  return (
    <>
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
    </>
  );
}

/** A dot in the health colour, on every view; the board's header says more. */
function HealthDot() {
  const t = useT();
  const { health, loaded } = useHealth();
  const connection = useTiers((state) => state.connection);
  const state = connection !== 'open' || !loaded ? 'unknown' : health.state;
  const label = state === 'unknown' ? t(`conn.${connection}`) : t(`health.short.${health.state}`);
  return (
    <span
      className={`health-dot health-${state}`}
      data-testid="connection"
      data-state={connection}
      title={label}
    >
      <span className="dot" aria-hidden="true" />
      <span className="health-dot-label">{label}</span>
    </span>
  );
}

function Navigation(props: { compact: boolean }) {
  const t = useT();
  const ui = useUi();
  return (
    <nav aria-label="views" className={props.compact ? 'tabs' : 'side-nav'}>
      {VIEWS.map((view) => (
        <button
          key={view.id}
          type="button"
          className={`nav-item${ui.view === view.id ? ' active' : ''}`}
          aria-current={ui.view === view.id ? 'page' : undefined}
          data-testid={`nav-${view.id}`}
          onClick={() => ui.setView(view.id)}
        >
          <Icon name={view.icon} />
          <span className="nav-label">{t(props.compact ? (view.shortLabel ?? view.label) : view.label)}</span>
        </button>
      ))}
    </nav>
  );
}

export function App() {
  const t = useT();
  const ui = useUi();
  const current = VIEWS.find((view) => view.id === ui.view) ?? VIEWS[0];
  return (
    <div className="app">
      {ui.compact ? (
        <header className="topbar">
          <div className="topbar-row">
            <span className="brand-mark" aria-hidden="true">
              ⇶
            </span>
            <HealthDot />
            <div className="topbar-prefs">
              <Preferences />
            </div>
          </div>
          <Navigation compact />
        </header>
      ) : (
        <aside className="sidebar">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              ⇶
            </span>
            <span>{t('app.title')}</span>
          </div>
          <Navigation compact={false} />
          <div className="sidebar-foot">
            <HealthDot />
            <Preferences />
          </div>
        </aside>
      )}
      <main className="content">
        <ReconnectBanner />
        {current?.render()}
      </main>
    </div>
  );
}
