import { create } from 'zustand';
import { type Language, type MessageKey, translate } from '../i18n/strings.ts';
import {
  PREFS_KEY,
  readPrefs,
  resolveTheme,
  type SpendMetric,
  type ThemePreference,
  type UiPrefs,
  type View,
} from './ui-prefs.ts';

interface UiState extends UiPrefs {
  view: View;
  osPrefersDark: boolean;
  setView(view: View): void;
  setTheme(theme: ThemePreference): void;
  setLanguage(language: Language): void;
  setSpendMetric(spendMetric: SpendMetric): void;
}

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

function save({ theme, language, spendMetric }: UiPrefs): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify({ theme, language, spendMetric }));
  } catch {
    // Storage can be disabled (private mode); the choice then lasts for this session only.
  }
}

function storedPrefs(): string | null {
  try {
    return localStorage.getItem(PREFS_KEY);
  } catch {
    return null;
  }
}

export const useUi = create<UiState>((set, get) => ({
  ...readPrefs(storedPrefs(), navigator.languages ?? [navigator.language]),
  view: 'tiers',
  osPrefersDark: darkQuery.matches,
  setView: (view) => set({ view }),
  setTheme(theme) {
    set({ theme });
    save(get());
  },
  setLanguage(language) {
    set({ language });
    save(get());
  },
  setSpendMetric(spendMetric) {
    set({ spendMetric });
    save(get());
  },
}));

darkQuery.addEventListener('change', (event) => useUi.setState({ osPrefersDark: event.matches }));

/** Applies the resolved theme and language to <html> (CSS variables switch on `data-theme`). */
export function applyDocumentPrefs(state: UiState): void {
  document.documentElement.dataset.theme = resolveTheme(state.theme, state.osPrefersDark);
  document.documentElement.lang = state.language;
}

/** `t('tiers.backIn', {time})` in the current language; re-renders the caller when the language changes. */
export function useT(): (key: MessageKey, params?: Record<string, string | number>) => string {
  const language = useUi((state) => state.language);
  return (key, params) => translate(language, key, params);
}
