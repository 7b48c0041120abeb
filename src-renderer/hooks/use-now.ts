import { useEffect, useState } from 'react';

/** The current time, re-rendered every second: only for countdowns (state itself comes from pushed events). */
export function useNow(active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
