import {useEffect, useState} from 'react';

/**
 * Re-renders every `ms` while `active` (elapsed times keep counting between snapshots); returns the tick count.
 * No timer at all while inactive, and none left behind on unmount.
 */
export function useTick(active: boolean, ms = 1000): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick(t => t + 1), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return tick;
}
