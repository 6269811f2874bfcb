import { IANAZone } from 'luxon';

/**
 * Between local wall-clock time and UTC instants in one IANA zone (luxon reads the zone rules from
 * Intl). Instants are epoch milliseconds; local days are day numbers (civil-date.ts).
 */
export interface ZoneTime {
  readonly zone: string;
  /** The local day an instant falls on. */
  localDay(at: number): number;
  /** Minutes after local midnight, with fractions, at an instant. */
  localMinute(at: number): number;
  /**
   * The first instant at which the local clock shows `minute` (0-1440) of `day` or later. A time
   * the clock skips (spring forward) maps to the instant of the change, so an interval that spans
   * the gap keeps only the time that really passes; a time shown twice (fall back) maps to its first
   * showing.
   */
  instantAt(day: number, minute: number): number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export function zoneTime(zone: string): ZoneTime {
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`"${zone}" is not an IANA time zone`);
  const rules = IANAZone.create(zone);
  const offset = (at: number): number => rules.offset(at) * MINUTE;
  const wallOf = (at: number): number => at + offset(at);

  const instantAt = (day: number, minute: number): number => {
    const wall = day * DAY + minute * MINUTE;
    // Offsets a day either side bracket any change near this wall time.
    const candidates = [wall - offset(wall - DAY), wall - offset(wall + DAY)].filter((at) => wallOf(at) === wall);
    if (candidates.length > 0) return Math.min(...candidates);
    // In a gap: the first instant whose wall time is at or past `wall`. Wall time only rises here.
    let lo = Math.min(wall - offset(wall - DAY), wall - offset(wall + DAY));
    let hi = Math.max(wall - offset(wall - DAY), wall - offset(wall + DAY));
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (wallOf(mid) >= wall) hi = mid;
      else lo = mid;
    }
    return hi;
  };

  return {
    zone,
    localDay: (at) => Math.floor(wallOf(at) / DAY),
    localMinute: (at) => {
      const wall = wallOf(at);
      return (wall - Math.floor(wall / DAY) * DAY) / MINUTE;
    },
    instantAt,
  };
}
