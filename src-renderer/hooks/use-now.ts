import { useEffect, useState } from 'react';

/** The current time, re-rendered every second: only for countdowns (state itself comes from pushed events). */
export function useNow(active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // A countdown that just appeared must not start from the time the component first mounted.
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return active ? Math.max(now, Date.now() - 1000) : now;
}
