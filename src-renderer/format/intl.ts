// Numbers, money, durations, times and dates in the UI's language, through the browser's Intl: "1,234" and
// "1.23K" in English, "1,234" and "1234" / "1.23万" in Chinese; dates as "Nov 27" or "11月27日"; times with
// seconds. One cached set of formatters per language (Intl constructors are costly, formatting is cheap).
import type { Language } from '../i18n/strings.ts';

export interface Formats {
  language: Language;
  count(value: number): string;
  /** Token counts in short form: 1.23K / 45.6M (en), 1.23万 / 4560万 (zh). */
  tokens(value: number): string;
  /** Money in one currency; `fractionDigits` pins the decimals (chart ticks), otherwise sub-cent amounts keep two
   * significant digits so they never read as zero. */
  money(amount: number, currency: string, fractionDigits?: number): string;
  percent(ratio: number): string;
  duration(ms: number | null | undefined): string;
  /** A wait: "42s", "4m 12s", "1h 02m", "2d 2h" (en); "42秒", "4分12秒" (zh). */
  countdown(ms: number): string;
  /** Time of day with seconds. */
  time(at: number): string;
  /** Time of day for today, date and time otherwise. */
  clock(at: number, now: number): string;
  /** Full date and time, for tooltips and details. */
  dateTime(at: number): string;
  /** A chart bucket key: `2026-11-26T14` → "14:00", `2026-11-26` → "Nov 26" / "11月26日". */
  bucket(key: string): string;
}

const UNITS: Record<Language, { ms: string; s: string; m: string; h: string; d: string; sep: string }> = {
  en: { ms: ' ms', s: 's', m: 'm', h: 'h', d: 'd', sep: ' ' },
  'zh-CN': { ms: ' 毫秒', s: '秒', m: '分', h: '小时', d: '天', sep: '' },
};

const cache = new Map<Language, Formats>();

export function formats(language: Language): Formats {
  const cached = cache.get(language);
  if (cached) return cached;
  const made = makeFormats(language);
  cache.set(language, made);
  return made;
}

function makeFormats(language: Language): Formats {
  const units = UNITS[language];
  const count = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const compact = new Intl.NumberFormat(language, { notation: 'compact', maximumSignificantDigits: 3 });
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
  const time = new Intl.DateTimeFormat(language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const dayMonth = new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const hour = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const moneyFormat = (currency: string, options: Intl.NumberFormatOptions) => {
    const key = `${currency}|${JSON.stringify(options)}`;
    let format = moneyFormats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(language, {
        style: 'currency',
        currency,
        currencyDisplay: 'narrowSymbol',
        ...options,
      });
      moneyFormats.set(key, format);
    }
    return format;
  };
  const pad = (value: number) => String(value).padStart(2, '0');

  const formats: Formats = {
    language,
    count: (value) => count.format(Math.round(value)),
    tokens: (value) => (Math.abs(value) < 1000 ? count.format(Math.round(value)) : compact.format(value)),
    money(amount, currency, fractionDigits) {
      if (fractionDigits !== undefined)
        return moneyFormat(currency, {
          minimumFractionDigits: fractionDigits,
          maximumFractionDigits: fractionDigits,
        }).format(amount);
      const magnitude = Math.abs(amount);
      if (magnitude > 0 && magnitude < 0.005)
        return moneyFormat(currency, { maximumSignificantDigits: 2 }).format(amount);
      return moneyFormat(currency, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
    },
    percent: (ratio) => percent.format(ratio),
    duration(ms) {
      if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
      if (ms < 1000) return `${count.format(Math.round(ms))}${units.ms}`;
      if (ms < 60_000) return `${decimal.format(ms / 1000)}${units.sep ? ' ' : ''}${units.s}`;
      return formats.countdown(ms);
    },
    countdown(ms) {
      const total = Math.max(0, Math.ceil(ms / 1000));
      if (total < 60) return `${total}${units.s}`;
      const minutes = Math.floor(total / 60);
      if (minutes < 60) return `${minutes}${units.m}${units.sep}${pad(total % 60)}${units.s}`;
      const hours = Math.floor(minutes / 60);
      if (hours < 48) return `${hours}${units.h}${units.sep}${pad(minutes % 60)}${units.m}`;
      return `${Math.floor(hours / 24)}${units.d}${units.sep}${hours % 24}${units.h}`;
    },
    time: (at) => time.format(at),
    clock(at, now) {
      const date = new Date(at);
      if (date.toDateString() === new Date(now).toDateString()) return time.format(at);
      return `${dayMonth.format(at)} ${time.format(at)}`;
    },
    dateTime: (at) => dateTime.format(at),
    bucket(key) {
      const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}))?$/.exec(key);
      if (!match) return key;
      const [, year, month, day, hourOfDay] = match;
      const date = new Date(Number(year), Number(month) - 1, Number(day), Number(hourOfDay ?? 0));
      return hourOfDay === undefined ? dayMonth.format(date) : hour.format(date);
    },
  };
  return formats;
}
