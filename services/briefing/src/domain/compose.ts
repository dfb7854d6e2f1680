import { wordCount } from './clauses';
import { cleanValue } from './extract';
import type { BriefInput, CitedFact, ExtractedFields, HandoffFacts } from './brief-input';

export const summaryWordLimit = 120;
export const spokenWordLimit = 60;

const signalWords: Record<string, string> = {
  explicit_request: 'asked for a person',
  high_intent: 'is ready to move',
  out_of_confidence: 'asked what only a specialist can answer',
  sentiment_shift: 'was getting frustrated',
};
const slotWords: Record<string, string> = {
  credit_score: 'credit',
  income: 'income',
  down_payment: 'down payment',
  current_rate: 'current rate',
  budget: 'budget',
  savings: 'savings',
  debt: 'debt',
  current_payment: 'pays now',
  pre_approval: 'financing',
  employment: 'work',
  equity: 'equity',
};

/** The value without its "who: " lead-in, cut to a few words. */
export function shortValue(fact: CitedFact, words = 10): string {
  const value = fact.value.replace(/^[^:]{1,40}:\s+/, (lead) => (/\d/.test(lead) || fact.slot === 'seats' ? lead : ''));
  const parts = value.replace(/\.\.\.$/, '').split(/\s+/);
  return parts.length <= words ? parts.join(' ') : `${parts.slice(0, words).join(' ')}...`;
}

/** First person to second: "I'm looking to refinance my house" -> "you're looking to refinance your house". */
export function toSecondPerson(text: string): string {
  const swaps: [RegExp, string][] = [
    [/\bI'm\b|\bIm\b|\bI am\b/gi, "you're"],
    [/\bI've\b|\bIve\b/gi, "you've"],
    [/\bI'd\b/gi, "you'd"],
    [/\bI'll\b/gi, "you'll"],
    [/\bwe're\b/gi, "you're"],
    [/\bwe've\b/gi, "you've"],
    [/\bwe'd\b/gi, "you'd"],
    [/\bI\b/g, 'you'],
    [/\bwe\b/gi, 'you'],
    [/\bmy\b/gi, 'your'],
    [/\bour\b/gi, 'your'],
    [/\bme\b/gi, 'you'],
    [/\bus\b/g, 'you'],
    [/\bmine\b/gi, 'yours'],
    [/\bmyself\b/gi, 'yourself'],
  ];
  return swaps.reduce((t, [pattern, to]) => t.replace(pattern, to), text);
}

/** Why the brief exists, in a few words, with the lead's words that show it. */
export function handoffReason(handoff: HandoffFacts | undefined): string | undefined {
  if (!handoff) return undefined;
  if (handoff.cause === 'rep_took_over' && handoff.signals.length === 0) return 'a rep took over the thread';
  const signals = [...handoff.signals].sort((a, b) => b.confidence - a.confidence);
  const parts = signals.slice(0, 2).map((s) => `${signalWords[s.signal] ?? s.signal} ("${s.evidence.text}")`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

interface Part {
  full: string;
  short?: string;
}

/** Adds parts in priority order while they fit; a part that does not fit tries its short form, then is left out. */
function fit(parts: (Part | undefined)[], limit: number): string {
  const out: string[] = [];
  let words = 0;
  for (const part of parts) {
    if (!part) continue;
    for (const text of [part.full, part.short]) {
      if (!text) continue;
      const n = wordCount(text);
      if (words + n <= limit) {
        out.push(text);
        words += n;
        break;
      }
    }
  }
  return out.join(' ');
}

const list = (facts: CitedFact[], words: number, max = 2) =>
  facts
    .slice(0, max)
    .map((f) => shortValue(f, words))
    .join('; ');
const financial = (facts: CitedFact[], max: number) =>
  facts
    .slice(0, max)
    .map((f) =>
      `${slotWords[f.slot ?? ''] ?? f.slot ?? ''} ${shortValue(f, 6)}${f.previous ? ` (corrected from ${shortValue({ ...f, value: f.previous.value }, 4)})` : ''}`.trim(),
    )
    .join(', ');

/** The summary a rep reads first: at most 120 words, the most useful first. */
export function composeSummary(input: BriefInput, fields: ExtractedFields, name: string | undefined): string {
  const who = name ?? 'The lead';
  const timeline = fields.timeline.length > 0 ? fields.timeline : [];
  const parts: (Part | undefined)[] = [
    fields.need.length > 0
      ? {
          full: `${who} (${input.lead.phone}): ${list(fields.need, 14, 2)}.`,
          short: `${who}: ${list(fields.need, 8, 1)}.`,
        }
      : { full: `${who} (${input.lead.phone}).` },
    timeline.length > 0
      ? {
          full: `Timeline: ${list(timeline, 14, 2)}; urgency ${fields.urgency}.`,
          short: `Timeline: ${list(timeline, 8, 1)}.`,
        }
      : undefined,
    fields.needsMost
      ? {
          full: `Needs most: ${shortValue(fields.needsMost, 14)}.`,
          short: `Needs most: ${shortValue(fields.needsMost, 7)}.`,
        }
      : undefined,
    handoffReason(input.handoff)
      ? {
          full: `Handed off: the lead ${handoffReason(input.handoff)}.`,
          short: `Handed off: ${handoffReason(input.handoff)!.split(' (')[0]}.`,
        }
      : undefined,
    fields.financialProfile.length > 0
      ? {
          full: `Money: ${financial(fields.financialProfile, 4)}.`,
          short: `Money: ${financial(fields.financialProfile, 2)}.`,
        }
      : undefined,
    fields.decisionMakers.length > 0
      ? {
          full: `Decision: ${list(fields.decisionMakers, 10)}.`,
          short: `Decision: ${list(fields.decisionMakers, 5, 1)}.`,
        }
      : undefined,
    fields.objections.length > 0
      ? { full: `Objections: ${list(fields.objections, 10)}.`, short: `Objections: ${list(fields.objections, 6, 1)}.` }
      : undefined,
    fields.competitors.length > 0
      ? {
          full: `Competitors: ${list(fields.competitors, 8)}.`,
          short: `Competitors: ${list(fields.competitors, 4, 1)}.`,
        }
      : undefined,
    fields.specifics.length > 0
      ? { full: `Specifics: ${list(fields.specifics, 10, 3)}.`, short: `Specifics: ${list(fields.specifics, 6, 1)}.` }
      : undefined,
    fields.contactPreference.length > 0 ? { full: `Contact: ${list(fields.contactPreference, 8, 1)}.` } : undefined,
    fields.sentiment.points.length > 1 ? { full: `Mood: ${fields.sentiment.trajectory}.` } : undefined,
  ];
  return fit(parts, summaryWordLimit);
}

/** A first line for the rep that shows they read the brief: the lead's need in their own words, turned to "you". */
export function composeOpeningLine(fields: ExtractedFields, name: string | undefined): string {
  const hello = `Hey${name ? ` ${name.split(' ')[0]}` : ''}, thanks for chatting with us earlier.`;
  const need = fields.need[0];
  const pieces: string[] = [];
  if (need) {
    const said = toSecondPerson(cleanValue(need.quote));
    pieces.push(
      /^you/i.test(said) ? `I saw ${said.replace(/^you/i, 'you')}` : `I saw you mentioned "${cleanValue(need.quote)}"`,
    );
  }
  const money =
    fields.specifics.find((f) => f.slot === 'loan' || f.slot === 'property_value' || f.slot === 'quote') ??
    fields.financialProfile.find((f) => f.slot === 'budget');
  if (money && need && !need.quote.includes(money.quote) && /\$/.test(money.value)) {
    pieces.push(
      `with ${money.slot === 'budget' ? 'a budget of' : `the ${money.slot === 'property_value' ? 'home at' : money.slot === 'quote' ? 'quote at' : 'loan at'}`} ${money.value.replace(/^about /, 'about ')}`,
    );
  }
  const deadline = fields.timeline.find((f) => f.urgency === 'high' && f.date);
  if (deadline) pieces.push(`and that timing matters (${deadline.value.match(/\(([^,)]+)/)?.[1] ?? 'soon'})`);
  const decider = fields.decisionMakers[0];
  const person = decider?.value.split(':')[0];
  if (person && !/decides alone/.test(decider!.value) && wordCount(person) <= 3)
    pieces.push(`and your ${person.split(',')[0]} will weigh in too`);
  const body =
    pieces.length > 0
      ? ` ${pieces.join(', ').replace(/, and/g, ' and')}.`
      : ' I have your notes here so you will not have to repeat yourself.';
  const close = fields.objections.length > 0 ? ' I also want to make sure we address your concerns.' : '';
  return `${hello}${body}${close}`;
}

/** What the rep hears before joining a warm transfer: at most 60 words, no symbols a voice would stumble on. */
export function composeSpoken(input: BriefInput, fields: ExtractedFields, name: string | undefined): string {
  const speak = (text: string) =>
    text
      .replace(/\.\.\./g, '')
      .replace(/\$([\d,.]+)\/mo/g, '$$$1 a month')
      .replace(/\/yr/g, ' a year')
      .replace(/->/g, 'then')
      .replace(/[()"]/g, '');
  const reason = handoffReason(input.handoff)?.split(' (')[0];
  const parts: (Part | undefined)[] = [
    {
      full: `${name ?? 'The lead'}${fields.need[0] ? `: ${shortValue(fields.need[0], 10)}` : ''}.`,
      short: `${name ?? 'The lead'}.`,
    },
    fields.timeline[0]
      ? { full: `Timeline: ${shortValue(fields.timeline[0], 8)}.`, short: `Urgency ${fields.urgency}.` }
      : undefined,
    reason ? { full: `They ${reason}.` } : undefined,
    fields.financialProfile.length > 0
      ? { full: `${financial(fields.financialProfile, 2)}.`, short: `${financial(fields.financialProfile, 1)}.` }
      : undefined,
    fields.decisionMakers[0] ? { full: `Decision: ${shortValue(fields.decisionMakers[0], 6)}.` } : undefined,
    fields.objections[0] ? { full: `Concern: ${shortValue(fields.objections[0], 8)}.` } : undefined,
  ];
  return fit(
    parts.map((p) => p && { full: speak(p.full), short: p.short && speak(p.short) }),
    spokenWordLimit,
  );
}

/** The one thing: what the lead called their priority; else a near deadline; else a worry; else the need. */
export function chooseNeedsMost(
  fields: Omit<ExtractedFields, 'needsMost'>,
  priority: CitedFact[],
): CitedFact | undefined {
  const said = priority[priority.length - 1];
  if (said) return { ...said, value: said.value };
  const deadline = fields.timeline
    .filter((t) => t.urgency === 'high')
    .sort((a, b) => (a.date ?? '9').localeCompare(b.date ?? '9'))[0];
  if (deadline) return { ...deadline, slot: 'timeline', value: `to have it done in time: ${deadline.value}` };
  const worry = fields.objections[0];
  if (worry) return { ...worry, slot: 'objection', value: `an answer to: ${worry.value}` };
  const need = fields.need[0];
  return need ? { ...need, slot: 'need' } : undefined;
}
