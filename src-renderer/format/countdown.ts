// Countdowns on the tier board ("back in 4m 12s") and short clock times, computed from the 1 s local ticker.

/** 252_000 → "4m 12s", 42_000 → "42s", 3_720_000 → "1h 02m"; past or zero → "0s". */
export function formatCountdown(remainingMs: number): string {
  const totalSeconds = Math.max(0, Math.ceil(remainingMs / 1000));
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m ${String(totalSeconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** "14:05" for today, "Nov 26 14:05" otherwise; locale-independent so screenshots and tests agree. */
export function formatClock(at: number, now: number): string {
  const date = new Date(at);
  const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return time;
  const month = date.toLocaleString('en', { month: 'short' });
  return `${month} ${date.getDate()} ${time}`;
}
