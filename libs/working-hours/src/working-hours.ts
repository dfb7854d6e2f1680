import type { Presence, WorkingHours } from '@baton/contracts';
import { DateTime } from 'luxon';

// A rep's week in their own clock, and what it says about them now. Pure: every moment is an input.

export interface Interval {
  /** ISO instants, UTC */
  start: string;
  end: string;
}

const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof days)[number];
/** luxon's weekday (1 = Monday) as the key of WorkingHours. */
export const weekdayKey = (weekday: number): Weekday => days[weekday - 1]!;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** What is wrong with a week of working hours (an end before its start, two ranges that overlap), or undefined. */
export function problemWithHours(hours: WorkingHours): string | undefined {
  for (const day of days) {
    const ranges = [...(hours[day] ?? [])].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (const [i, range] of ranges.entries()) {
      if (range.start === '24:00') return `${day}: a range cannot start at 24:00`;
      if (minutesOf(range.end) <= minutesOf(range.start))
        return `${day}: ${range.start}-${range.end} ends before it starts`;
      const next = ranges[i + 1];
      if (next && minutesOf(next.start) < minutesOf(range.end))
        return `${day}: ${range.start}-${range.end} overlaps ${next.start}-${next.end}`;
    }
  }
  return undefined;
}

/**
 * The rep's working time between two instants, as UTC intervals. Each day's ranges are laid in the rep's
 * zone (luxon), so a DST change moves them in UTC and a range crossing the change keeps its real length.
 */
export function workingIntervals(hours: WorkingHours, zone: string, fromIso: string, toIso: string): Interval[] {
  const from = DateTime.fromISO(fromIso, { zone: 'utc' });
  const to = DateTime.fromISO(toIso, { zone: 'utc' });
  const out: Interval[] = [];
  for (let day = from.setZone(zone).startOf('day'); day < to; day = day.plus({ days: 1 }).startOf('day')) {
    for (const range of hours[weekdayKey(day.weekday)] ?? []) {
      const start = at(day, range.start);
      const end = range.end === '24:00' ? day.plus({ days: 1 }).startOf('day') : at(day, range.end);
      const clippedStart = start < from ? from : start;
      const clippedEnd = end > to ? to : end;
      if (clippedEnd > clippedStart)
        out.push({ start: clippedStart.toUTC().toISO()!, end: clippedEnd.toUTC().toISO()! });
    }
  }
  return out;
}

/** A wall-clock time on a day; a time skipped by a spring change reads as the first moment after the gap. */
function at(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 });
}

export function isWorking(hours: WorkingHours, zone: string, atIso: string): boolean {
  const moment = DateTime.fromISO(atIso, { zone: 'utc' });
  return workingIntervals(hours, zone, moment.minus({ days: 1 }).toISO()!, moment.plus({ days: 1 }).toISO()!).some(
    (i) => Date.parse(i.start) <= moment.toMillis() && moment.toMillis() < Date.parse(i.end),
  );
}

/**
 * What a rep's presence is at a moment: outside working hours always offline; inside, what the rep said
 * (a rep who never said is busy: only a person at the console can promise a live takeover).
 */
export function effectivePresence(
  rep: { presence?: Presence; workingHours: WorkingHours; timezone: string },
  atIso: string,
): Presence {
  if (!isWorking(rep.workingHours, rep.timezone, atIso)) return 'offline';
  return rep.presence ?? 'busy';
}
