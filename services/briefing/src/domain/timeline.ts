import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';

/** A day a lead's words point to, resolved against the time the message was sent, in the lead's zone. */
export interface DateMention {
  text: string;
  start: number;
  end: number;
  /** YYYY-MM-DD in the lead's zone */
  date: string;
  /** whole days from the message to that day */
  days: number;
  /** the words name a day or month (not only a time of day) */
  dayKnown: boolean;
}

const dateish =
  /\b(today|tonight|tomorrow|tmrw|tmr|next|this|in \d|in (a|an|one|two|three|four|five|six|few|couple)|within|weeks?|months?|days?|years?|mon|tues?|wed|thu(rs)?|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec|end of|beginning of|early|mid|late|spring|summer|fall|autumn|winter|q[1-4]|quarter|\d{1,2}(st|nd|rd|th)|\d{1,2}\/\d{1,2}|weekend)/i;
const seasons: Record<string, [number, number]> = {
  spring: [3, 20],
  summer: [6, 21],
  fall: [9, 22],
  autumn: [9, 22],
  winter: [12, 21],
};
const monthNames = /^(may|march|mar|jan|june|jun|aug|sat|sun|wed|second)$/i;

/**
 * Future days in a clause: chrono for the phrasing ("by Friday", "in 9 days", "end of March"), plus seasons, quarters, "the 28th".
 * A brief is rebuilt from every line of the conversation at each new message, and chrono was most of that work:
 * the answer depends only on the words, the time they were sent and the zone, so it is kept for the lines seen lately.
 */
export function datesIn(text: string, sentAt: string, zone: string): DateMention[] {
  if (!dateish.test(text)) return [];
  const key = `${zone}\n${sentAt}\n${text}`;
  let found = recentDates.get(key);
  if (!found) {
    found = Object.freeze(findDates(text, sentAt, zone).map((d) => Object.freeze(d)));
    if (recentDates.size >= 5_000) recentDates.delete(recentDates.keys().next().value!);
    recentDates.set(key, found);
  }
  return [...found];
}
const recentDates = new Map<string, readonly Readonly<DateMention>[]>();

function findDates(text: string, sentAt: string, zone: string): DateMention[] {
  const sent = DateTime.fromISO(sentAt, { zone });
  const out: DateMention[] = [];
  const add = (start: number, end: number, day: DateTime, dayKnown: boolean) => {
    const days = Math.round(day.startOf('day').diff(sent.startOf('day'), 'days').days);
    if (days < 0) return; // the past is history, not a timeline
    if (out.some((o) => start < o.end && end > o.start)) return;
    out.push({ text: text.slice(start, end), start, end, date: day.toISODate()!, days, dayKnown });
  };
  const results = chrono.parse(text, { instant: sent.toJSDate(), timezone: sent.offset }, { forwardDate: true });
  for (const r of results) {
    // "I may refinance": a lower-case month word alone is a verb, not a month
    if (monthNames.test(r.text) && r.text === r.text.toLowerCase()) continue;
    const known = r.start.isCertain('day') || r.start.isCertain('weekday') || r.start.isCertain('month');
    if (!known) continue; // a time of day only ("after 5"): contact hours, not a timeline
    add(r.index, r.index + r.text.length, DateTime.fromJSDate(r.start.date(), { zone }), true);
  }
  for (const m of text.matchAll(
    /\b(?:(early|mid|late|end of( the)?|this|next)\s+)?(spring|summer|fall|autumn|winter)\b/gi,
  )) {
    const [month, day] = seasons[m[3]!.toLowerCase()]!;
    let when = sent.set({ month, day });
    if (when < sent.startOf('day') || /next/i.test(m[1] ?? '')) when = when.plus({ years: 1 });
    add(m.index!, m.index! + m[0].length, when, true);
  }
  for (const m of text.matchAll(/\b(?:(end of|by( the end of)?|before)\s+)?q([1-4])\b/gi)) {
    let when = sent.set({ month: Number(m[3]) * 3, day: 1 }).endOf('month');
    if (when < sent) when = when.plus({ years: 1 });
    add(m.index!, m.index! + m[0].length, when, true);
  }
  // "before the new quarter", "by end of quarter": the quarter's first or last day
  for (const m of text.matchAll(/\b(?:the )?(next|new|this|coming|end of( the)?|end of this)\s+quarter\b/gi)) {
    const quarterEnd = sent.set({ month: Math.ceil(sent.month / 3) * 3 }).endOf('month');
    add(
      m.index!,
      m.index! + m[0].length,
      /end/i.test(m[1]!) || /this/i.test(m[1]!) ? quarterEnd : quarterEnd.plus({ days: 1 }),
      true,
    );
  }
  for (const m of text.matchAll(/\b(?:on |by |before )?the (\d{1,2})(st|nd|rd|th)\b/gi)) {
    const day = Number(m[1]);
    if (day < 1 || day > 31) continue;
    let when = sent.set({ day: Math.min(day, sent.daysInMonth!) });
    if (when.startOf('day') < sent.startOf('day'))
      when = sent.plus({ months: 1 }).set({ day: Math.min(day, sent.plus({ months: 1 }).daysInMonth!) });
    add(m.index!, m.index! + m[0].length, when, true);
  }
  // "3-6 months": chrono reads only the upper end; the lower end says when it may start
  for (const m of text.matchAll(/\b(\d+)\s*(?:-|to)\s*(\d+)\s*(days?|weeks?|months?|years?)\b/gi)) {
    const unit = m[3]!.toLowerCase().replace(/s$/, '') as 'day' | 'week' | 'month' | 'year';
    const existing = out.findIndex((o) => o.start < m.index! + m[0].length && o.end > m.index!);
    if (existing >= 0) out.splice(existing, 1);
    add(m.index!, m.index! + m[0].length, sent.plus({ [`${unit}s`]: Number(m[1]) }), true);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** "Fri Mar 13" (and the year when it is not the message's). */
export function formatDay(date: string, sentAt: string, zone: string): string {
  const day = DateTime.fromISO(date, { zone });
  const sent = DateTime.fromISO(sentAt, { zone });
  return day.toFormat(day.year === sent.year ? 'ccc LLL d' : 'ccc LLL d yyyy');
}

/** Days from `date` to the deadline, in the lead's zone: for urgency. */
export function urgencyOf(days: number): 'high' | 'medium' | 'low' {
  if (days <= 14) return 'high';
  if (days <= 60) return 'medium';
  return 'low';
}
