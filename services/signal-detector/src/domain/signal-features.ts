import MurmurHash3 from 'imurmurhash';
import { aiMoves } from './ai-turn';
import { meantWord, normalizeTypos } from './fuzzy-words';
import * as lexicon from './lexicon';
import { negativity } from './rule-signal-engine';
import { previousAiTurn, type DetectionInput } from './signal-engine.port';

// What the learned model reads in a lead message, hashed into a fixed number of buckets (the hashing trick):
// words and word pairs of the lead's text (lowercased, accents and apostrophes off: casing and punctuation are not
// features, so a capitalised, punctuated public row and a lowercase text share them), character n-grams of each
// word of four letters or more (so typos and inflections share most features), misspelt person words and verbs
// as the word meant, the rules' word classes present and their pairs, words of the AI's previous turn, and what
// that turn does (offers a person, asks when to call, proposes the next step, offers information) paired with
// each word of a short reply, which is what lets
// "yes please" mean a request after "want someone to call you?" and nothing after "want our rate sheet?".
// Pairing moves rather than the AI's raw words keeps the model from learning one script's wording.
// Pure: the same text gives the same features on every machine.

export const featureVersion = 6;

/** Lowercase, accents off (leads drop them), digits as 0 (amounts and dates generalize), apostrophes gone. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[0-9]/g, '0')
    .replace(/['’`]/g, '');
}

const tokenPattern = /[\p{L}\p{N}]+|[?!]+|\p{Extended_Pictographic}/gu;
export const tokensOf = (text: string): string[] => normalizeText(text).match(tokenPattern) ?? [];

const lengthBucket = (n: number) => (n <= 1 ? '1' : n <= 3 ? '2-3' : n <= 6 ? '4-6' : n <= 12 ? '7-12' : '13+');

// Word classes from the rules' lexicon: whether the message has a word for a person, a way of reaching one, a
// negation, a deadline, a complaint... A phrasing no family had still shares these with the ones that were, which
// n-grams alone do not give ("have the estimator ring me" is person + reach, like "can someone call me"). Pairs of
// classes present together let a linear model read "person and a call" apart from either alone.
const alternation = (list: readonly string[] | string) => (typeof list === 'string' ? list : list.join('|'));
const classOf = (source: string) => new RegExp(`(?<![\\p{L}\\p{N}'])(?:${source})(?![\\p{L}\\p{N}])`, 'iu');
const wordClasses: [string, RegExp][] = (
  [
    ['person', lexicon.people],
    ['talk', lexicon.contactVerb],
    ['connect', lexicon.connectVerb],
    ['reach', lexicon.reachVerb],
    ['call', 'call|calls|phone|ring|llam\\w*|marc\\w*|number|n[uú]mero|tel[eé]fono|line'],
    ['me', 'me|us|my\\s+(?:cell|phone|number)'],
    ['es_request', lexicon.spanishRequest],
    ['negator', lexicon.negators],
    ['reported', lexicon.reportedSpeech],
    ['deadline', lexicon.timeline],
    ['commit', lexicon.commitment],
    ['urgent', lexicon.strongUrgency],
    ['soon', lexicon.urgency],
    ['competitor', lexicon.competitors],
    ['not_urgent', lexicon.notUrgent],
    ['pricing', lexicon.pricingSpecifics],
    ['legal', lexicon.legalTax],
    ['angry', lexicon.strongNegative],
    ['displeased', lexicon.mildNegative],
    ['confused', lexicon.confusion],
    ['repeats', lexicon.repetition],
  ] as [string, readonly string[] | string][]
).map(([name, list]) => [name, classOf(alternation(list))]);

const numbersOf = (text: string) =>
  (text.toLowerCase().match(/\d[\d,.]*\d(?:\s?k\b)?|\d\d?\s?k\b/gu) ?? []).map((n) => n.replace(/[,\s]/g, ''));
/** The share of `mine` found among `theirs`. */
const shared = (mine: Set<string>, theirs: string[]) => {
  const other = new Set(theirs);
  let n = 0;
  for (const w of mine) if (other.has(w)) n++;
  return n / mine.size;
};

/** Hashed feature indices (a bucket may repeat: repeats count) for one lead message in its context; `names`, when given, receives each feature by name (to read what a score is made of). */
export function featuresOf(input: DetectionInput, buckets: number, names?: string[]): Uint32Array {
  const out: number[] = [];
  const hasher = new MurmurHash3();
  const add = (feature: string) => (
    names?.push(feature),
    out.push(hasher.reset(featureVersion).hash(feature).result() % buckets)
  );
  const lead = tokensOf(input.text).slice(0, 80);
  add('bias');
  add(`len:${lengthBucket(lead.length)}`);
  if (/[A-Z]{4,}/.test(input.text) && input.text !== input.text.toUpperCase()) add('shouts');
  for (let i = 0; i < lead.length; i++) {
    const word = lead[i]!;
    add(`w:${word}`);
    if (i === 0) add(`first:${word}`);
    if (i === lead.length - 1) add(`last:${word}`);
    if (i + 1 < lead.length) add(`b:${word}_${lead[i + 1]}`);
    if (i + 2 < lead.length) add(`t:${word}_${lead[i + 1]}_${lead[i + 2]}`);
    if (word.length >= 4 && /\p{L}/u.test(word)) {
      const padded = `<${word}>`;
      for (let n = 3; n <= 5; n++) for (let s = 0; s + n <= padded.length; s++) add(`c:${padded.slice(s, s + n)}`);
    }
  }
  // typos read as the word meant ("cakl" also counts as "call"), then the word classes and their pairs
  for (const word of lead) {
    const meant = meantWord(word);
    if (meant) add(`w:${meant}`);
  }
  const spelt = normalizeTypos(input.text).text;
  const present = wordClasses.filter(([, pattern]) => pattern.test(spelt)).map(([name]) => name);
  for (let i = 0; i < present.length; i++) {
    add(`k:${present[i]}`);
    for (let j = i + 1; j < present.length; j++) add(`k:${present[i]}+${present[j]}`);
  }
  const ai = previousAiTurn(input.context);
  const short = lead.length <= 8;
  if (ai !== undefined) {
    add('ai:present');
    for (const word of new Set(tokensOf(ai).slice(-30))) add(`a:${word}`);
    const moves = aiMoves(ai);
    for (const move of moves) {
      add(`m:${move}`);
      add(`m:${move}|len:${lengthBucket(lead.length)}`);
      // A short reply means what it answers: pair the AI's move with each of the lead's words.
      if (short) for (const w of new Set(lead)) add(`m:${move}|${w}`);
      if (lead[0]) add(`m:${move}|first:${lead[0]}`);
    }
    if (moves.length === 0) add('m:none');
  } else {
    add('ai:none');
  }
  // The lead's line before this one: frustration that rises, a question asked again.
  const earlier = [...input.context].reverse().find((t) => t.author === 'lead');
  if (earlier) for (const word of new Set(tokensOf(earlier.text).slice(0, 40))) add(`p:${word}`);
  // The conversation, not one message (fourth round): how negative this text reads against the lead's earlier turns
  // (calm before and cross now is a change of tone), the cues the rules hear in it, a figure or words the lead
  // already gave, and the AI asking the same thing again (what makes a lead repeat themselves).
  const now = negativity(input.text);
  const tone = now.score >= 0.5 ? 'cross' : now.score > 0 ? 'edgy' : 'calm';
  add(`x:tone:${tone}`);
  for (const cue of new Set(now.cues)) add(`x:cue:${cue}`);
  const leadBefore = input.context.filter((t) => t.author === 'lead').slice(-4);
  if (leadBefore.length > 0) {
    const before = Math.max(...leadBefore.map((t) => negativity(t.text).score));
    const was = before >= 0.5 ? 'cross' : before > 0 ? 'edgy' : 'calm';
    add(`x:was:${was}`);
    add(`x:was:${was}|now:${tone}`);
    const numbers = numbersOf(input.text);
    if (numbers.length > 0 && leadBefore.some((t) => numbersOf(t.text).some((n) => numbers.includes(n))))
      add('x:restates-number');
    const mine = new Set(lead.filter((w) => w.length >= 3));
    if (mine.size >= 2 && leadBefore.some((t) => shared(mine, tokensOf(t.text)) >= 0.6)) add('x:restates-words');
  }
  const aiTurns = input.context.filter((t) => t.author === 'ai');
  if (aiTurns.length >= 2) {
    const last = new Set(tokensOf(aiTurns[aiTurns.length - 1]!.text).filter((w) => w.length >= 3));
    if (last.size >= 2 && aiTurns.slice(0, -1).some((t) => shared(last, tokensOf(t.text)) >= 0.6)) {
      add('x:ai-asked-again');
      add(`x:ai-asked-again|now:${tone}`);
      if (short) add('x:ai-asked-again|short');
    }
  }
  return Uint32Array.from(out);
}
