import { useCallback, useEffect, useRef, useState } from 'react';
import type { InboxViews, WorkItemSummary } from '../../../shared/work-item';
import { DEFAULT_FILTERS } from '../../../shared/work-item';
import { api } from '../ui/api';
import { announcements, noticeArrivals } from './arrivals';
import type { Arrival } from './arrivals';

/** Emergencies sort first in a pool: this many rows of each of the person's pools hold them all. */
const TOP_ROWS = 25;
const SOUND_KEY = 'triage-desk.emergency-sound';

/**
 * Emergencies that arrive while the desk is open, in the person's pools: looked for at every
 * change of the inbox, announced in the live regions (and with a beep, when the person has chosen
 * sound), and kept in the banner until opened. The first look is the backlog and says nothing.
 */
export function useArrivals(views: InboxViews | null, reloadKey: number, sound: boolean) {
  const seen = useRef<Set<string> | null>(null);
  const [waiting, setWaiting] = useState<Arrival[]>([]);
  const [said, setSaid] = useState({ assertive: '', polite: '' });
  /** The first look (the backlog) is done: what arrives from now on is news. */
  const [watching, setWatching] = useState(false);
  const pools =
    views === null ? null : views.pools.some((p) => p.member) ? views.pools.filter((p) => p.member) : views.pools;
  const poolIds = pools === null ? null : pools.map((p) => p.id).join(',');
  const soundOn = useRef(sound);
  useEffect(() => {
    soundOn.current = sound;
  }, [sound]);

  useEffect(() => {
    if (poolIds === null) return;
    let current = true;
    const ids = poolIds === '' ? [] : poolIds.split(',');
    void Promise.all(
      ids.map((poolId) =>
        api().listInbox({
          view: { kind: 'pool', poolId },
          filters: DEFAULT_FILTERS,
          search: '',
          offset: 0,
          limit: TOP_ROWS,
        }),
      ),
    ).then((answers) => {
      if (!current) return;
      const rows: WorkItemSummary[] = answers.flatMap((a) => (a.ok ? a.value.items : []));
      const { seen: next, fresh, current: now } = noticeArrivals(seen.current, rows);
      seen.current = next;
      setWatching(true);
      const still = new Set(now.map((a) => `${a.id}|${a.tier}`));
      setWaiting((old) => [
        ...fresh,
        // Acknowledged or closed by someone else meanwhile: no longer waiting for anyone.
        ...old.filter((a) => still.has(`${a.id}|${a.tier}`) && !fresh.some((f) => f.id === a.id)),
      ]);
      if (fresh.length > 0) {
        setSaid(announcements(fresh));
        if (soundOn.current) beep(fresh.some((a) => a.tier === 'emergency') ? 2 : 1);
      }
    });
    return () => {
      current = false;
    };
  }, [poolIds, reloadKey]);

  const opened = useCallback((id: string) => setWaiting((old) => old.filter((a) => a.id !== id)), []);
  return { waiting, said, opened, watching };
}

/** The person's choice of a sound on an emergency, kept on this workstation; off until chosen. */
export function useSoundSetting(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => {
    try {
      return window.localStorage.getItem(SOUND_KEY) === 'on';
    } catch {
      return false;
    }
  });
  const set = useCallback((next: boolean) => {
    setOn(next);
    try {
      window.localStorage.setItem(SOUND_KEY, next ? 'on' : 'off');
    } catch {
      // No storage: the choice lasts this session.
    }
  }, []);
  return [on, set];
}

/** Short beeps made by Web Audio (no file to fetch, nothing for the CSP to allow). */
export function beep(times: number): void {
  try {
    const context = new AudioContext();
    const start = context.currentTime;
    for (let i = 0; i < times; i++) {
      const at = start + i * 0.3;
      const tone = context.createOscillator();
      const gain = context.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.25, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + 0.2);
      tone.connect(gain).connect(context.destination);
      tone.start(at);
      tone.stop(at + 0.2);
    }
    window.setTimeout(() => void context.close(), times * 300 + 200);
  } catch {
    // No audio device: the banner and the announcement still say it.
  }
}
