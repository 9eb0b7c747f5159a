import { createContext, useContext, useEffect, useState } from 'react';

/** The dashboard's clock. Views never read the wall clock themselves, so tests and the bench can pin it. */
export const ClockContext = createContext<() => number>(() => Date.now());

/** The current time, refreshed every minute (enough for day boundaries and nudge windows). */
export function useNow(intervalMs = 60_000): number {
  const clock = useContext(ClockContext);
  const [now, setNow] = useState(clock);
  useEffect(() => {
    setNow(clock());
    const id = setInterval(() => setNow(clock()), intervalMs);
    return () => clearInterval(id);
  }, [clock, intervalMs]);
  return now;
}
