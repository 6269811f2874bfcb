/**
 * Instants (epoch ms) as the evidence text shows them. Dates are UTC calendar dates: the renewal
 * card shows days, and a fact recorded late in the evening may show as the next day's date, which
 * no criterion turns on (windows are months long).
 */
export const DAY_MS = 86_400_000;

/** An instant, or an ISO 8601 string as FHIR gives it; a bare date means the start of that day (UTC). */
export type When = number | string;

export function instantOf(when: When): number {
  if (typeof when === 'number') return when;
  const ms = Date.parse(when);
  if (Number.isNaN(ms)) throw new Error(`"${when}" is not an ISO 8601 date or date-time`);
  return ms;
}

export const isBareDate = (when: When): boolean => typeof when === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(when);

export const dateText = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The same instant `months` calendar months earlier (31 March less one month is 3 March, as Date does). */
export function monthsBefore(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.getTime();
}

export function daysAgoText(at: number, now: number): string {
  const days = Math.floor((now - at) / DAY_MS);
  if (days < 0) return 'dated in the future';
  if (days === 0) return 'today';
  if (days === 1) return '1 day ago';
  return `${days} days ago`;
}
