import type { TierAvailability } from '../../src-shared/health.ts';
import { useFormats, useT } from '../stores/ui-store.ts';

/** "quota exhausted (5h window) until 14:05:10, in 3m 12s", "breaker open, back in 42s", "disabled"… */
export function useAvailabilityText(): (availability: TierAvailability, now: number) => string {
  const t = useT();
  const f = useFormats();
  return (availability, now) => {
    const label = availability.reportedByVendor
      ? t('avail.quota-reported-by-vendor')
      : t(`avail.${availability.state}`, { hours: availability.windowHours ?? '' });
    if (availability.until === undefined) return label;
    const wait = availability.until - now;
    if (wait <= 0) return label;
    return t('avail.until', { label, clock: f.time(availability.until), time: f.countdown(wait) });
  };
}
