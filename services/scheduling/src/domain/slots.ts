import type { Slot, WorkingHours } from '@baton/contracts';
import { allowedRanges, type LeadPlace, type Window } from '@baton/lead-time';
import { workingIntervals, type Interval } from '@baton/working-hours';
import { DateTime } from 'luxon';

/** What a lead asked for, in their own clock: a day, a weekday, a part of the day, a time, from a date on. */
export interface TimeWish {
  /** yyyy-MM-dd in the lead's zone */
  date?: string;
  /** 1 = Monday */
  weekday?: number;
  partOfDay?: 'morning' | 'afternoon' | 'evening';
  time?: { hour: number; minute: number };
  /** yyyy-MM-dd in the lead's zone: nothing earlier ("next week") */
  fromDate?: string;
  /** Only later than this instant ("anything later?") */
  after?: string;
}

export interface SlotSearch {
  now: string;
  rep: {
    timezone: string;
    workingHours: WorkingHours;
    meetingMinutes: number;
    bufferBeforeMinutes: number;
    bufferAfterMinutes: number;
  };
  /** Busy time from the rep's calendar and Baton's own bookings. */
  busy: Interval[];
  lead: { place: LeadPlace; window: Window };
  minNoticeMinutes: number;
  horizonDays: number;
  wish?: TimeWish;
  /** Slot starts not to offer again (the pair the lead said no to). */
  exclude?: string[];
}

/** Slots start on the quarter hour. */
export const stepMinutes = 15;
/** The two slots of an offer are at least this far apart, so the lead gets a real choice, not back to back. */
export const separationMinutes = 120;
const parts = { morning: [8 * 60, 12 * 60], afternoon: [12 * 60, 17 * 60], evening: [17 * 60, 21 * 60] } as const;

/** The lead's clock: the first zone their number may be in (the only one, mostly). */
export const leadZone = (place: LeadPlace) => place.zones[0] ?? 'America/New_York';

/** Every slot the lead may take, soonest first, lazily. */
export function* candidateSlots(search: SlotSearch): Generator<Slot> {
  const { rep } = search;
  const now = DateTime.fromISO(search.now, { zone: 'utc' });
  const earliest = roundUp(now.plus({ minutes: search.minNoticeMinutes }));
  const until = now.plus({ days: search.horizonDays });
  const zone = leadZone(search.lead.place);
  const busy = search.busy.map((b) => [Date.parse(b.start), Date.parse(b.end)] as const);
  const excluded = new Set((search.exclude ?? []).map((s) => Date.parse(s)));
  const length = rep.meetingMinutes * 60_000;
  const allowed = allowedRanges(search.lead.place, search.lead.window, earliest.toISO()!, until.toISO()!);
  const inLeadHours = (start: number, end: number) => allowed.some(([from, to]) => from <= start && end <= to);
  for (const range of workingIntervals(rep.workingHours, rep.timezone, earliest.toISO()!, until.toISO()!)) {
    const rangeEnd = Date.parse(range.end);
    for (
      let start = roundUp(DateTime.fromISO(range.start, { zone: 'utc' })).toMillis();
      start + length <= rangeEnd;
      start += stepMinutes * 60_000
    ) {
      const end = start + length;
      if (excluded.has(start)) continue;
      const blockedFrom = start - rep.bufferBeforeMinutes * 60_000;
      const blockedTo = end + rep.bufferAfterMinutes * 60_000;
      if (busy.some(([from, to]) => from < blockedTo && to > blockedFrom)) continue;
      if (!inLeadHours(start, end)) continue;
      const slot = { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
      if (search.wish && !fits(slot, search.wish, zone)) continue;
      yield slot;
    }
  }
}

/** The two soonest sensible slots, not back to back; fewer when the rep has no more. */
export function proposeSlots(search: SlotSearch): Slot[] {
  const chosen: Slot[] = [];
  for (const slot of candidateSlots(search)) {
    if (chosen.length === 0) chosen.push(slot);
    else if (Date.parse(slot.start) >= Date.parse(chosen[0]!.start) + separationMinutes * 60_000) {
      chosen.push(slot);
      break;
    }
  }
  return chosen;
}

/** Whether a slot the lead asked for by time is free and allowed (a move to "3 pm"). */
export function slotAt(search: SlotSearch, startIso: string): Slot | undefined {
  const start = Date.parse(startIso);
  for (const slot of candidateSlots({ ...search, wish: undefined })) {
    const at = Date.parse(slot.start);
    if (at === start) return slot;
    if (at > start) return undefined;
  }
  return undefined;
}

function fits(slot: Slot, wish: TimeWish, zone: string): boolean {
  const local = DateTime.fromISO(slot.start, { zone: 'utc' }).setZone(zone);
  const date = local.toFormat('yyyy-MM-dd');
  if (wish.date && date !== wish.date) return false;
  if (wish.fromDate && date < wish.fromDate) return false;
  if (wish.weekday && local.weekday !== wish.weekday) return false;
  if (wish.after && Date.parse(slot.start) <= Date.parse(wish.after)) return false;
  const minute = local.hour * 60 + local.minute;
  if (wish.partOfDay) {
    const [from, to] = parts[wish.partOfDay];
    if (minute < from || minute >= to) return false;
  }
  if (wish.time && minute !== wish.time.hour * 60 + wish.time.minute) return false;
  return true;
}

function roundUp(at: DateTime): DateTime {
  const ms = stepMinutes * 60_000;
  return DateTime.fromMillis(Math.ceil(at.toMillis() / ms) * ms, { zone: 'utc' });
}
