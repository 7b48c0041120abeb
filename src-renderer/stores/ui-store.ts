import { create } from 'zustand';
import type { UsageRange } from '../../src-shared/contract.ts';
import { formats, type Formats } from '../format/intl.ts';
import {
  type Language,
  type MessageKey,
  type PluralKey,
  translate,
  translatePlural,
} from '../i18n/strings.ts';
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
  /** One column with top tabs: a narrow window (the tray popover) or `?compact=1` in the URL. */
  compact: boolean;
  spendRange: UsageRange['range'];
  setSpendRange(range: UsageRange['range']): void;
  setView(view: View): void;
  setTheme(theme: ThemePreference): void;
  setLanguage(language: Language): void;
  setSpendMetric(spendMetric: SpendMetric): void;
  /** A vendor whose form the Vendors view should open (the board's "Fix in Vendors"). */
  vendorToEdit: string | null;
  /** Opens the Vendors view with that vendor's form; `null` clears the request once it is served. */
  editVendor(name: string | null): void;
}

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
// Below this width the sidebar would squeeze the content; the tray popover is ~420 px wide.
const narrowQuery = window.matchMedia('(max-width: 600px)');
const forcedCompact = new URLSearchParams(window.location.search).get('compact') === '1';

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
  compact: forcedCompact || narrowQuery.matches,
  spendRange: '7d',
  setSpendRange: (spendRange) => set({ spendRange }),
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
  vendorToEdit: null,
  editVendor: (name) => set(name === null ? { vendorToEdit: null } : { vendorToEdit: name, view: 'vendors' }),
}));

darkQuery.addEventListener('change', (event) => useUi.setState({ osPrefersDark: event.matches }));
narrowQuery.addEventListener('change', (event) =>
  useUi.setState({ compact: forcedCompact || event.matches }),
);

/** Applies the resolved theme and language to <html> (CSS variables switch on `data-theme`). */
export function applyDocumentPrefs(state: UiState): void {
  document.documentElement.dataset.theme = resolveTheme(state.theme, state.osPrefersDark);
  document.documentElement.lang = state.language;
  document.documentElement.dataset.layout = state.compact ? 'compact' : 'wide';
}

/** `t('tiers.backIn', {time})` in the current language; re-renders the caller when the language changes. */
export function useT(): (key: MessageKey, params?: Record<string, string | number>) => string {
  const language = useUi((state) => state.language);
  return (key, params) => translate(language, key, params);
}

/** `tn('tiers.failures', 3)` → "3 failures" / "失败 3 次", by the language's plural rules. */
export function usePlural(): (
  key: PluralKey,
  count: number,
  params?: Record<string, string | number>,
) => string {
  const language = useUi((state) => state.language);
  return (key, count, params) => translatePlural(language, key, count, params);
}

/** Number, money, duration and date formats of the current language. */
export function useFormats(): Formats {
  return formats(useUi((state) => state.language));
}
