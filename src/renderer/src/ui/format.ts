/** Display helpers. Times show in the workstation's zone, which is the clinic's own. */

import { NEAR_DUE_MS } from '../../../shared/work-item';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type DueState = 'overdue' | 'soon' | 'ok' | 'none';

/** "Soon" is the near-due window main also filters on, so the colour and the filter agree. */
export function dueState(dueAt: number | null, now: number): DueState {
  if (dueAt === null) return 'none';
  if (dueAt <= now) return 'overdue';
  return dueAt - now <= NEAR_DUE_MS ? 'soon' : 'ok';
}

/** Minutes matter in the last hours; past ten hours the hour is enough, and keeps the column narrow. */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < HOUR) return `${Math.max(1, Math.round(abs / MINUTE))} min`;
  if (abs < 10 * HOUR) {
    const h = Math.floor(abs / HOUR);
    const m = Math.floor((abs % HOUR) / MINUTE);
    return m === 0 ? `${h} h` : `${h} h ${m} m`;
  }
  if (abs < DAY) return `${Math.round(abs / HOUR)} h`;
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

export function timeLeft(dueAt: number | null, now: number): string {
  if (dueAt === null) return 'No due time';
  const ms = dueAt - now;
  // The state word comes first: it is what the eye (and a screen reader) needs before the number.
  return ms <= 0 ? `Overdue ${formatSpan(ms)}` : `Due in ${formatSpan(ms)}`;
}

const dayTime = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateTime = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Within the week around now: "Thu 14:05"; further away: "Nov 20, 14:05". */
export function formatWhen(ms: number | null, now: number): string {
  if (ms === null) return '—';
  return Math.abs(ms - now) < 6 * DAY ? dayTime.format(ms) : dateTime.format(ms);
}

export function formatDate(ms: number | null): string {
  if (ms === null) return '—';
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' }).format(ms);
}

export function ageFrom(birthDate: string | null, now: number): string | null {
  if (birthDate === null) return null;
  const born = new Date(birthDate);
  if (Number.isNaN(born.getTime())) return null;
  const today = new Date(now);
  let age = today.getFullYear() - born.getFullYear();
  if (today.getMonth() < born.getMonth() || (today.getMonth() === born.getMonth() && today.getDate() < born.getDate()))
    age--;
  return `${age} y`;
}
