import { DateTime } from 'luxon';

// How a moment reads to the lead, in their own clock: "tomorrow at 10:30", "Thursday at 1:15".
// Pure: `now` is an input, so a sentence is the same whenever it is computed.

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);

/** "10:30", "1:15"; am/pm only where a business hour could be misread (before 8 a.m., from 7 p.m.). */
export function sayTime(iso: string, zone: string, options: { zoneName?: boolean } = {}): string {
  const at = local(iso, zone);
  const plain = at.hour >= 8 && at.hour < 19;
  const text = plain ? at.toFormat('h:mm') : at.toFormat('h:mm a').toLowerCase();
  return options.zoneName ? `${text} ${at.toFormat('ZZZZ')}` : text;
}

/** "today", "tomorrow", a weekday within the week, else "Mon, Mar 16". */
export function sayDay(iso: string, zone: string, nowIso: string): string {
  const at = local(iso, zone).startOf('day');
  const today = local(nowIso, zone).startOf('day');
  const days = Math.round(at.diff(today, 'days').days);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days > 1 && days < 7) return at.toFormat('cccc');
  return at.toFormat('ccc, LLL d');
}

/** "tomorrow at 10:30" */
export function sayMoment(iso: string, zone: string, nowIso: string, options: { zoneName?: boolean } = {}): string {
  return `${sayDay(iso, zone, nowIso)} at ${sayTime(iso, zone, options)}`;
}

/** "tomorrow at 10:30 or 1:15", "tomorrow at 4:00 or Thursday at 10:30": the day once when both share it. */
export function saySlots(starts: string[], zone: string, nowIso: string, options: { zoneName?: boolean } = {}): string {
  const [first, ...rest] = starts;
  if (!first) return '';
  const day = sayDay(first, zone, nowIso);
  const others = rest.map((s) =>
    sayDay(s, zone, nowIso) === day ? sayTime(s, zone, options) : sayMoment(s, zone, nowIso, options),
  );
  return [sayMoment(first, zone, nowIso, options), ...others].join(rest.length > 1 ? ', ' : ' or ');
}

/** "30 minutes", "1 hour", "2 days" */
export function sayDuration(minutes: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (minutes % (24 * 60) === 0) return unit(minutes / (24 * 60), 'day');
  if (minutes % 60 === 0) return unit(minutes / 60, 'hour');
  return unit(minutes, 'minute');
}

/** The lead's first name in a sentence: "Sarah" of "Sarah Lee". */
export const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;
