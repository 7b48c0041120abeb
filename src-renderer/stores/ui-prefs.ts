// Theme and language preferences: pure parsing so a corrupt localStorage value never breaks the app.
import { type Language, pickLanguage } from '../i18n/strings.ts';

export type ThemePreference = 'system' | 'light' | 'dark';
export type View = 'tiers' | 'spend' | 'requests' | 'vendors' | 'connect' | 'sessions' | 'logs';
/** What the Spend view's charts measure. */
export type SpendMetric = 'tokens' | 'cost';

export interface UiPrefs {
  theme: ThemePreference;
  language: Language;
  spendMetric: SpendMetric;
}

export const PREFS_KEY = 'coding-proxy.ui';

export function readPrefs(raw: string | null, browserLanguages: readonly string[]): UiPrefs {
  const fallback: UiPrefs = {
    theme: 'system',
    language: pickLanguage(browserLanguages),
    spendMetric: 'tokens',
  };
  if (!raw) return fallback;
  try {
    const value = JSON.parse(raw) as { theme?: unknown; language?: unknown; spendMetric?: unknown };
    return {
      theme: value.theme === 'light' || value.theme === 'dark' ? value.theme : 'system',
      language: value.language === 'en' || value.language === 'zh-CN' ? value.language : fallback.language,
      spendMetric: value.spendMetric === 'cost' ? 'cost' : 'tokens',
    };
  } catch {
    return fallback;
  }
}

export function resolveTheme(preference: ThemePreference, osPrefersDark: boolean): 'light' | 'dark' {
  if (preference === 'system') return osPrefersDark ? 'dark' : 'light';
  return preference;
}
