import { useEffect } from 'react';

/** What counts as someone at the desk. Pointer moves too: reading a long result is activity. */
const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Calls `onIdle` once after `minutes` with no key press, click, pointer move or scroll in the
 * window. A plain timer, restarted on activity, so the browser tests can run it on their clock.
 */
export function useIdleLock(minutes: number, onIdle: () => void): void {
  useEffect(() => {
    if (!(minutes > 0)) return;
    const ms = minutes * 60_000;
    let timer = window.setTimeout(onIdle, ms);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(onIdle, ms);
    };
    for (const type of ACTIVITY) window.addEventListener(type, restart, { capture: true, passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, restart, { capture: true });
    };
  }, [minutes, onIdle]);
}
