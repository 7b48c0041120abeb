// Report periods in the user's LOCAL time, as real UTC instants. A "day" is local midnight to local midnight
// (23 or 25 hours across a DST change); the boundaries are full ISO timestamps with milliseconds, so they
// compare correctly with stored `ts` values (the original built boundary strings without a seconds field,
// which dropped the first second of a boundary minute).

export type UsagePeriod = 'day' | 'week' | 'month' | 'total';

export interface PeriodBucket {
  /** `2026-05-01` (day), `2026-W18` (ISO week), `2026-05` (month) or `total`. */
  key: string;
  /** Inclusive lower bound (ISO UTC), null = since the beginning. */
  start: string | null;
  /** Exclusive upper bound (ISO UTC), null = no upper bound. */
  end: string | null;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

export function localDateKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function localMonthKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
}

/** ISO-8601 week (`%G-W%V`): weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeekKey(date: Date): string {
  const mondayOffset = (date.getDay() + 6) % 7;
  const thursday = new Date(date.getFullYear(), date.getMonth(), date.getDate() - mondayOffset + 3);
  const year = thursday.getFullYear();
  const januaryFourth = new Date(year, 0, 4);
  const firstThursday = new Date(year, 0, 4 - ((januaryFourth.getDay() + 6) % 7) + 3);
  // Rounded: days between two local midnights are 23 or 25 hours across DST changes.
  const weeks = Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 24 * 60 * 60 * 1000));
  return `${year}-W${pad(weeks + 1)}`;
}

/** Local midnight starting the period that contains `date`, shifted `back` periods into the past. */
function periodStart(period: Exclude<UsagePeriod, 'total'>, date: Date, back: number): Date {
  const year = date.getFullYear();
  const month = date.getMonth();
  const day = date.getDate();
  if (period === 'day') return new Date(year, month, day - back);
  if (period === 'week') return new Date(year, month, day - ((date.getDay() + 6) % 7) - 7 * back);
  return new Date(year, month - back, 1);
}

function bucketKey(period: Exclude<UsagePeriod, 'total'>, start: Date): string {
  if (period === 'day') return localDateKey(start);
  if (period === 'week') return isoWeekKey(start);
  return localMonthKey(start);
}

/**
 * The last `count` periods up to and including the current one, oldest first (count is clamped to ≥ 1).
 * `total` is a single unbounded bucket.
 */
export function periodBuckets(period: UsagePeriod, count: number, now: number): PeriodBucket[] {
  if (period === 'total') return [{ key: 'total', start: null, end: null }];
  const today = new Date(now);
  const periods = Math.max(1, Math.floor(Number.isFinite(count) ? count : 1));
  const buckets: PeriodBucket[] = [];
  for (let back = periods - 1; back >= 0; back--) {
    const start = periodStart(period, today, back);
    const end = periodStart(period, today, back - 1);
    buckets.push({ key: bucketKey(period, start), start: start.toISOString(), end: end.toISOString() });
  }
  return buckets;
}

/**
 * The last `count` local hours including the current one, oldest first, keyed `YYYY-MM-DDTHH`. Hours are
 * absolute 60-minute spans (the repeated hour of a DST fall-back shares its key with its twin).
 */
export function hourBuckets(count: number, now: number): PeriodBucket[] {
  const current = new Date(now);
  current.setMinutes(0, 0, 0);
  const hourMs = 60 * 60 * 1000;
  const buckets: PeriodBucket[] = [];
  for (let back = Math.max(1, Math.floor(count)) - 1; back >= 0; back--) {
    const start = new Date(current.getTime() - back * hourMs);
    buckets.push({
      key: `${localDateKey(start)}T${pad(start.getHours())}`,
      start: start.toISOString(),
      end: new Date(start.getTime() + hourMs).toISOString(),
    });
  }
  return buckets;
}

/** How many local calendar days from `first` to `now`, both included (≥ 1). */
export function localDaysSpanned(first: number, now: number): number {
  const a = new Date(first);
  const b = new Date(now);
  const startA = new Date(a.getFullYear(), a.getMonth(), a.getDate()).getTime();
  const startB = new Date(b.getFullYear(), b.getMonth(), b.getDate()).getTime();
  return Math.max(1, Math.round((startB - startA) / (24 * 60 * 60 * 1000)) + 1);
}

/** Words for report titles and empty messages: "the last 7 days", "this week", "all time". */
export function describePeriod(period: UsagePeriod, count: number): string {
  if (period === 'total') return 'all time';
  const periods = Math.max(1, Math.floor(Number.isFinite(count) ? count : 1));
  if (periods === 1) return period === 'day' ? 'today' : `this ${period}`;
  return `the last ${periods} ${period}s`;
}
