import type { Slot } from '@baton/contracts';
import { DateTime } from 'luxon';
import type { TimeWish } from './slots';

// What a lead's free-text answer means, for an open slot offer and for a booked meeting. Pure: the slots,
// the lead's zone and now are inputs. It never guesses: anything it cannot pin to one slot is unclear, and
// the lead is asked once more rather than booked wrongly. English and basic Spanish.

export type SlotReply =
  | { kind: 'pick'; index: number; how: 'ordinal' | 'time' | 'day' }
  | { kind: 'either' }
  /** Neither of these: a new pair as wished; `exact` when the lead named a day and a time to book as is. */
  | { kind: 'other'; wish: TimeWish; exact: boolean }
  | { kind: 'unclear' };

export type MeetingReply = { kind: 'cancel' } | { kind: 'move'; wish: TimeWish; exact: boolean } | { kind: 'none' };

export interface ReplyContext {
  zone: string;
  now: string;
}

interface Said {
  text: string;
  ordinals: { index: number; negated: boolean }[];
  times: { hour: number; minute?: number; meridiem?: 'am' | 'pm' }[];
  date?: string;
  weekday?: number;
  partOfDay?: TimeWish['partOfDay'];
  nextWeek: boolean;
  notToday: boolean;
  later: boolean;
  either: boolean;
  neither: boolean;
}

const weekdays: Record<string, number> = {
  monday: 1,
  mon: 1,
  lunes: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  martes: 2,
  wednesday: 3,
  wed: 3,
  miercoles: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  jueves: 4,
  friday: 5,
  fri: 5,
  viernes: 5,
  saturday: 6,
  sat: 6,
  sabado: 6,
  sunday: 7,
  sun: 7,
  domingo: 7,
};

function normalize(raw: string): string {
  return ` ${raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/\b(tmrw|tmr|tmrrw|tomorow|tomorrw|2moro|2morrow|tomo)\b/g, 'tomorrow')
    .replace(/\b(pls|plz|please|thx|thanks|thank you|gracias|porfa|por favor)\b/g, ' ')
    .replace(/\bpor la manana\b|\bde la manana\b|\bin the am\b/g, ' morning ')
    .replace(/\bpor la tarde\b|\bde la tarde\b/g, ' afternoon ')
    .replace(/\bpor la noche\b|\bde la noche\b|\btonight\b/g, ' evening ')
    .replace(/\bmanana\b/g, ' tomorrow ')
    .replace(/[!?.,;]+(\s|$)/g, ' ')
    .replace(/\s+/g, ' ')} `;
}

const ordinalWords: [RegExp, number][] = [
  [
    /\b(first|1st|earlier one|earliest|former|primera|primero|la uno|opcion uno|opcion 1|option 1|option one|number one|#1|(?:la|el) 1(?![:.]?\d))\b/g,
    0,
  ],
  [
    /\b(second|2nd|later one|latter|last one|segunda|segundo|la dos|opcion dos|opcion 2|option 2|option two|number two|#2|(?:la|el) 2(?![:.]?\d))\b/g,
    1,
  ],
];

function read(raw: string, context: ReplyContext): Said {
  const text = normalize(raw);
  const said: Said = {
    text,
    ordinals: [],
    times: [],
    nextWeek: false,
    notToday: false,
    later: false,
    either: false,
    neither: false,
  };
  for (const [pattern, index] of ordinalWords) {
    for (const match of text.matchAll(pattern)) {
      const before = text.slice(Math.max(0, match.index! - 12), match.index);
      said.ordinals.push({ index, negated: /\b(not|no|ni)( the| la| el)? $/.test(before) });
    }
  }
  // 10:30, 1.15, 10:30am, 3 pm, a las 3, at 3, 3 o'clock; a bare 1 or 2 is an ordinal ("2" answers "which one?")
  const times =
    /\b(?:(a las|a la|at|@|for|to|para las|para la|de las|de la)\s+)?(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m|p\.m|o'?clock|hrs)?\b/g;
  for (const match of text.matchAll(times)) {
    const [, cue, h, m, suffix] = match;
    const hour = Number(h);
    if (hour > 23) continue;
    if (m === undefined && !cue && !suffix && (hour === 1 || hour === 2)) {
      if (!/\d/.test(text.replace(match[0], ''))) said.ordinals.push({ index: hour - 1, negated: false });
      continue;
    }
    if (m === undefined && !cue && !suffix && (hour > 12 || hour === 0)) continue; // "15 minutes", a count
    if (
      /^\s*(min|minute|minutes|mins|hour|hours|days|weeks|people|k)\b/.test(text.slice(match.index! + match[0].length))
    )
      continue;
    const meridiem = suffix?.startsWith('a') ? 'am' : suffix?.startsWith('p') ? 'pm' : undefined;
    said.times.push({ hour, ...(m !== undefined ? { minute: Number(m) } : {}), ...(meridiem ? { meridiem } : {}) });
  }
  const today = DateTime.fromISO(context.now, { zone: 'utc' }).setZone(context.zone).startOf('day');
  said.notToday = /\b(not today|can'?t (do |make )?today|hoy no|no puedo hoy|today doesn'?t work|today is bad)\b/.test(
    text,
  );
  if (!said.notToday && /\b(today|hoy|later today|this afternoon|this morning|this evening)\b/.test(text))
    said.date = today.toFormat('yyyy-MM-dd');
  if (/\btomorrow\b/.test(text)) said.date = today.plus({ days: 1 }).toFormat('yyyy-MM-dd');
  for (const [word, day] of Object.entries(weekdays)) if (new RegExp(`\\b${word}\\b`).test(text)) said.weekday = day;
  said.nextWeek =
    /\b(next week|following week|week after|la proxima semana|la semana que viene|semana que viene|proxima semana)\b/.test(
      text,
    );
  if (/\b(morning|mornings|am)\b/.test(text) && !said.times.some((t) => t.meridiem)) said.partOfDay = 'morning';
  if (/\b(afternoon|afternoons|tarde|after lunch|lunchtime)\b/.test(text)) said.partOfDay = 'afternoon';
  if (/\b(evening|evenings|noche|after work)\b/.test(text)) said.partOfDay = 'evening';
  said.later = /\b(anything later|something later|later (time|in the day|slot)|mas tarde)\b/.test(text);
  said.either =
    /\b(either|whichever|any of (them|those|these)|any works|any is fine|both work|both are fine|both good|doesn'?t matter|don'?t mind|dont care|whatever works|cualquiera|me da igual|las dos|ambas|ambos|da lo mismo)\b/.test(
      text,
    );
  said.neither =
    /\b(neither|none of (them|those|these)|not those|those don'?t work|these don'?t work|that doesn'?t work|doesn'?t work|don'?t work|can'?t do (either|those|them|any)|can'?t make (either|those|them|any)|busy (then|both)|other times?|another time|different time|some other time|something else|ninguna|ninguno|ni una ni otra|no me sirve|no me sirven|no puedo|otro dia|otra hora|otro horario|can we do|could we do|how about|what about|do you have|anything on|is there anything)\b/.test(
      text,
    ) ||
    said.later ||
    said.nextWeek ||
    said.notToday;
  return said;
}

/** A spoken hour on the offered slot's clock: "1:15" is 1:15 pm; without am/pm, hours 1 to 7 are afternoon. */
function hour24(time: Said['times'][number]): number {
  if (time.meridiem === 'pm') return (time.hour % 12) + 12;
  if (time.meridiem === 'am') return time.hour % 12;
  if (time.hour >= 13) return time.hour;
  return time.hour >= 1 && time.hour <= 7 ? time.hour + 12 : time.hour === 12 ? 12 : time.hour;
}

function timeMatches(slotLocal: DateTime, time: Said['times'][number]): boolean {
  if (time.minute !== undefined && slotLocal.minute !== time.minute) return false;
  if (time.meridiem || time.hour >= 13) return slotLocal.hour === hour24(time);
  return slotLocal.hour % 12 === time.hour % 12;
}

function wishOf(said: Said, context: ReplyContext, offered: Slot[]): { wish: TimeWish; exact: boolean } {
  const today = DateTime.fromISO(context.now, { zone: 'utc' }).setZone(context.zone).startOf('day');
  const wish: TimeWish = {};
  if (said.date) wish.date = said.date;
  if (said.weekday) wish.weekday = said.weekday;
  if (said.partOfDay) wish.partOfDay = said.partOfDay;
  if (said.nextWeek) wish.fromDate = today.plus({ weeks: 1 }).startOf('week').toFormat('yyyy-MM-dd');
  if (said.notToday) wish.fromDate = wish.fromDate ?? today.plus({ days: 1 }).toFormat('yyyy-MM-dd');
  if (said.later && offered.length > 0) wish.after = offered[offered.length - 1]!.start;
  const time = said.times.length === 1 ? said.times[0]! : undefined;
  if (time) wish.time = { hour: hour24(time), minute: time.minute ?? 0 };
  return { wish, exact: Boolean(wish.time && (wish.date || wish.weekday)) };
}

/** The lead's answer to an offer of slots. */
export function readSlotReply(raw: string, offered: Slot[], context: ReplyContext): SlotReply {
  const said = read(raw, context);
  const local = offered.map((s) => DateTime.fromISO(s.start, { zone: 'utc' }).setZone(context.zone));
  const picked = new Set<number>();
  let how: 'ordinal' | 'time' | 'day' = 'ordinal';
  const positive = said.ordinals.filter((o) => !o.negated && o.index < offered.length);
  const negated = said.ordinals.filter((o) => o.negated && o.index < offered.length);
  for (const o of positive) picked.add(o.index);
  if (positive.length === 0 && negated.length === 1 && offered.length === 2) picked.add(1 - negated[0]!.index); // "not the first one"
  let unmatchedTime = false;
  if (said.times.length > 0) {
    const byTime = local.map((l, i) => (said.times.some((t) => timeMatches(l, t)) ? i : -1)).filter((i) => i >= 0);
    if (byTime.length === 0) unmatchedTime = true;
    // An ordinal and a time that point at different slots: ask, never guess.
    if (picked.size > 0 && byTime.length > 0 && !byTime.some((i) => picked.has(i))) return { kind: 'unclear' };
    if (picked.size === 0) {
      for (const i of byTime) picked.add(i);
      how = 'time';
    }
  }
  const dayGiven = said.date !== undefined || said.weekday !== undefined || said.partOfDay !== undefined;
  if (dayGiven) {
    const byDay = local.map((l, i) => (dayFits(l, said) ? i : -1)).filter((i) => i >= 0);
    if (picked.size === 0 && !unmatchedTime) {
      for (const i of byDay) picked.add(i);
      how = 'day';
    } else if (picked.size > 0) for (const i of [...picked]) if (!byDay.includes(i)) picked.delete(i); // "tomorrow at 1:15" must be both
    if (byDay.length === 0 && !said.either) return { kind: 'other', ...wishOf(said, context, offered) };
  }
  if (unmatchedTime && picked.size === 0) return { kind: 'other', ...wishOf(said, context, offered) };
  if (said.neither && picked.size === 0) return { kind: 'other', ...wishOf(said, context, offered) };
  if (picked.size === 1) return { kind: 'pick', index: [...picked][0]!, how };
  if (said.either) return { kind: 'either' };
  return { kind: 'unclear' };
}

function dayFits(local: DateTime, said: Said): boolean {
  if (said.date && local.toFormat('yyyy-MM-dd') !== said.date) return false;
  if (said.weekday && local.weekday !== said.weekday) return false;
  if (said.partOfDay) {
    const minute = local.hour * 60 + local.minute;
    const [from, to] = { morning: [0, 12 * 60], afternoon: [12 * 60, 17 * 60], evening: [17 * 60, 24 * 60] }[
      said.partOfDay
    ];
    if (minute < from! || minute >= to!) return false;
  }
  return true;
}

// A body that is exactly a carrier opt-out keyword is the gateway's (it opts the lead out), not a cancellation.
const optOutKeywords = /^\s*(stop|stopall|unsubscribe|cancel|end|quit|revoke|optout|start|help)\s*$/i;
export const isCarrierKeyword = (raw: string) => optOutKeywords.test(raw);

/** The lead's words about a meeting already booked: cancel it, move it, or nothing to do with it. */
export function readMeetingReply(raw: string, meetingStart: string, context: ReplyContext): MeetingReply {
  if (optOutKeywords.test(raw)) return { kind: 'none' };
  const said = read(raw, context);
  const move =
    /\b(move|moving|reschedul\w*|push (it|this|that|the call|the meeting)|push back|bump|change (the |our |my )?(time|day|call|meeting|appointment)|another (time|day)|different (time|day)|later|earlier|instead|cambiar|mover|moverla|moverlo|movemos|reprogramar|otra hora|otro dia|can we do|could we do|how about)\b/.test(
      said.text,
    );
  const cancel =
    /\b(cancel\w*|cancelar|cancela|cancelo|anular|call it off|can'?t make it|won'?t make it|no (voy a poder|podre|puedo) (ir|asistir|llegar))\b/.test(
      said.text,
    );
  if (move && (said.times.length > 0 || said.date || said.weekday || said.partOfDay || said.nextWeek || !cancel)) {
    const { wish } = wishOf(said, context, []);
    // "move it to 3" keeps the meeting's day unless another is named
    if (wish.time && !wish.date && !wish.weekday && !wish.fromDate)
      wish.date = DateTime.fromISO(meetingStart, { zone: 'utc' }).setZone(context.zone).toFormat('yyyy-MM-dd');
    return { kind: 'move', wish, exact: Boolean(wish.time && (wish.date || wish.weekday)) };
  }
  if (cancel) return { kind: 'cancel' };
  return { kind: 'none' };
}

/**
 * The one date a wish with a weekday and a time means, from now on (the soonest such day), in the lead zone;
 * with a date given, that date. Undefined when the wish names no day.
 */
export function exactStart(wish: TimeWish, context: ReplyContext): string | undefined {
  if (!wish.time) return undefined;
  const now = DateTime.fromISO(context.now, { zone: 'utc' }).setZone(context.zone);
  let day: DateTime | undefined;
  if (wish.date) day = DateTime.fromISO(wish.date, { zone: context.zone });
  else if (wish.weekday) {
    day = now.startOf('day');
    while (day.weekday !== wish.weekday || day.set({ hour: wish.time.hour, minute: wish.time.minute }) <= now)
      day = day.plus({ days: 1 });
  }
  if (!day) return undefined;
  return day.set({ hour: wish.time.hour, minute: wish.time.minute, second: 0, millisecond: 0 }).toUTC().toISO()!;
}
