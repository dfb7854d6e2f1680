import type { Brief, BriefInput, CitedFact, ListSection, Turn } from '../domain/brief-input';
import { wordCount } from '../domain/clauses';
import { statedValues } from '../domain/quantities';

// Scoring a brief against labelled conversations: one JSON object a line,
// {id, vertical, lead: {name, phone, timezone, state}, turns: [{from, text}], facts: [{field, value, evidence}]}.

export const labelledFields = [
  'need',
  'timeline',
  'budget',
  'financial_profile',
  'specifics',
  'decision_maker',
  'objection',
  'competitor',
  'contact_preference',
] as const;
export type LabelledField = (typeof labelledFields)[number];

/** Where the brief keeps each labelled field (budget is part of the self-reported financial profile). */
export const sectionOf: Record<LabelledField, ListSection> = {
  need: 'need',
  timeline: 'timeline',
  budget: 'financialProfile',
  financial_profile: 'financialProfile',
  specifics: 'specifics',
  decision_maker: 'decisionMakers',
  objection: 'objections',
  competitor: 'competitors',
  contact_preference: 'contactPreference',
};

export interface LabelledFact {
  field: LabelledField;
  value: string;
  evidence: string;
}
export interface LabelledConversation {
  id: string;
  vertical: string;
  lead: { name?: string; phone?: string; timezone?: string; state?: string };
  turns: { from: 'ai' | 'lead' | 'rep'; text: string }[];
  facts: LabelledFact[];
}

/** Reads one line; a line that is not a conversation is an error naming where it is. */
export function parseConversation(line: string, where: string): LabelledConversation | undefined {
  if (!line.trim()) return undefined;
  let raw: LabelledConversation;
  try {
    raw = JSON.parse(line) as LabelledConversation;
  } catch (error) {
    throw new Error(`${where}: not JSON (${(error as Error).message})`);
  }
  if (typeof raw.id !== 'string' || !Array.isArray(raw.turns) || !Array.isArray(raw.facts))
    throw new Error(`${where}: needs id, turns and facts`);
  for (const t of raw.turns) {
    if (!['ai', 'lead', 'rep'].includes(t.from) || typeof t.text !== 'string')
      throw new Error(`${where}: a turn needs from (ai, lead or rep) and text`);
  }
  for (const f of raw.facts) {
    if (!(labelledFields as readonly string[]).includes(f.field))
      throw new Error(`${where}: unknown fact field ${f.field}; one of ${labelledFields.join(', ')}`);
  }
  return { ...raw, lead: raw.lead ?? {} };
}

// A fixed Monday, so "by Friday" means the same day on every run.
const start = Date.parse('2026-03-02T15:00:00Z');
export function inputOf(c: LabelledConversation): BriefInput {
  const turns: Turn[] = c.turns.map((t, i) => ({
    id: `${c.id}#${i + 1}`,
    author: t.from,
    text: t.text,
    at: new Date(start + i * 3 * 60_000).toISOString(),
  }));
  return {
    conversationId: c.id,
    lead: {
      phone: c.lead.phone ?? '+15555550100',
      ...(c.lead.name ? { name: c.lead.name } : {}),
      ...(c.lead.timezone ? { timezone: c.lead.timezone } : {}),
      ...(c.lead.state ? { state: c.lead.state } : {}),
    },
    source: { channel: 'sms' },
    turns,
    reQuestions: [],
  };
}

const norm = (text: string) =>
  text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}$%.'\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const stop = new Set([
  'the',
  'a',
  'an',
  'and',
  'or',
  'to',
  'of',
  'i',
  'my',
  'we',
  'our',
  'is',
  'it',
  'its',
  "it's",
  'in',
  'on',
  'for',
  'so',
  'that',
  'be',
  'me',
  'with',
  'at',
  'im',
  "i'm",
  'just',
  'like',
  'about',
]);
const words = (text: string) =>
  norm(text)
    .split(' ')
    .filter((w) => w && !stop.has(w));

/** The quote holds the evidence: one contains the other, or most of the shorter's words are in both. */
export function overlaps(quote: string, evidence: string): boolean {
  const q = norm(quote);
  const e = norm(evidence);
  if (!q || !e) return false;
  if (q.includes(e) || e.includes(q)) return true;
  const qw = new Set(words(quote));
  const ew = words(evidence);
  if (ew.length === 0 || qw.size === 0) return false;
  const shared = ew.filter((w) => qw.has(w)).length;
  return shared / Math.min(ew.length, qw.size) >= 0.6;
}

/** The brief's value says the labelled value: the same numbers, or the same words. */
export function sameValue(item: string, labelled: string): boolean {
  const want = statedValues(labelled);
  if (want.length > 0) {
    const have = statedValues(item);
    return want.every((w) => have.some((h) => Math.abs(h - w) < 1e-6));
  }
  const lw = words(labelled);
  const iw = new Set(words(item));
  return lw.length > 0 && lw.every((w) => iw.has(w));
}

export function factFound(brief: Brief, fact: LabelledFact, input: BriefInput): boolean {
  const items = brief.fields[sectionOf[fact.field]];
  const inMessage = (item: CitedFact) =>
    input.turns.find((t) => t.id === item.messageId)?.text.includes(fact.evidence) ?? false;
  return items.some(
    (item) => (inMessage(item) && overlaps(item.quote, fact.evidence)) || sameValue(item.value, fact.value),
  );
}

/** Every fact the brief cites, with the message it names. */
export function citedFacts(brief: Brief): CitedFact[] {
  const f = brief.fields;
  const lists: ListSection[] = [
    'need',
    'timeline',
    'specifics',
    'financialProfile',
    'decisionMakers',
    'objections',
    'competitors',
    'contactPreference',
  ];
  return [
    ...lists.flatMap((s) => f[s]),
    ...[f.needsMost, f.lead.name, f.lead.email, f.source.referral].filter((x): x is CitedFact => Boolean(x)),
  ];
}

/** The cited message really says it: it is the lead's, the quote is in it word for word, and the value's numbers are in the quote. */
export function citationHolds(fact: CitedFact, turns: Turn[]): boolean {
  const message = turns.find((t) => t.id === fact.messageId);
  if (!message || message.author !== 'lead') return false;
  if (!message.text.replace(/\s+/g, ' ').includes(fact.quote.replace(/\s+/g, ' '))) return false;
  const claimed = statedValues(fact.value.replace(/\s\([^)]*\)$/, '').replace(/^[^:]{1,40}:\s/, ''));
  const said = statedValues(fact.quote);
  return claimed.every((c) => said.some((s) => s === c || s * 1000 === c));
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface Scored {
  conversation: LabelledConversation;
  input: BriefInput;
  brief: Brief;
  ms: number;
}
export interface Report {
  factRecall: number;
  perField: Record<LabelledField, { recall: number; facts: number }>;
  evidencePrecision: number;
  summaryWords: { p50: number; max: number };
  msPerBrief: { p50: number; p99: number };
  conversations: number;
  /** not in --json: how many of the brief's facts in labelled sections match a labelled fact */
  labelledPrecision: number;
  misses: { id: string; field: string; evidence: string }[];
}

export function score(results: Scored[]): Report {
  const perField = Object.fromEntries(labelledFields.map((f) => [f, { found: 0, facts: 0 }])) as Record<
    LabelledField,
    { found: number; facts: number }
  >;
  const misses: Report['misses'] = [];
  let cited = 0;
  let holding = 0;
  let listed = 0;
  let matching = 0;
  for (const { conversation, input, brief } of results) {
    for (const fact of conversation.facts) {
      perField[fact.field].facts++;
      if (factFound(brief, fact, input)) perField[fact.field].found++;
      else misses.push({ id: conversation.id, field: fact.field, evidence: fact.evidence });
    }
    for (const fact of citedFacts(brief)) {
      cited++;
      if (citationHolds(fact, input.turns)) holding++;
    }
    const labelledSections = new Set(conversation.facts.map((f) => sectionOf[f.field]));
    for (const section of labelledSections) {
      for (const item of brief.fields[section]) {
        listed++;
        const labels = conversation.facts.filter((f) => sectionOf[f.field] === section);
        if (labels.some((f) => overlaps(item.quote, f.evidence) || sameValue(item.value, f.value))) matching++;
      }
    }
  }
  const total = labelledFields.reduce((n, f) => n + perField[f].facts, 0);
  const found = labelledFields.reduce((n, f) => n + perField[f].found, 0);
  const summaries = results.map((r) => wordCount(r.brief.summary));
  const ms = results.map((r) => r.ms);
  return {
    factRecall: round(total ? found / total : 0),
    perField: Object.fromEntries(
      labelledFields.map((f) => [
        f,
        { recall: round(perField[f].facts ? perField[f].found / perField[f].facts : 0), facts: perField[f].facts },
      ]),
    ) as Report['perField'],
    evidencePrecision: round(cited ? holding / cited : 1),
    summaryWords: { p50: percentile(summaries, 50), max: Math.max(0, ...summaries) },
    msPerBrief: { p50: round(percentile(ms, 50), 2), p99: round(percentile(ms, 99), 2) },
    conversations: results.length,
    labelledPrecision: round(listed ? matching / listed : 1),
    misses,
  };
}
