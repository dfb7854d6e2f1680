import MurmurHash3 from 'imurmurhash';
import { aiMoves } from './ai-turn';
import { meantWord, normalizeTypos } from './fuzzy-words';
import * as lexicon from './lexicon';
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

export const featureVersion = 5;

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
  if (ai !== undefined) {
    add('ai:present');
    for (const word of new Set(tokensOf(ai).slice(-30))) add(`a:${word}`);
    const moves = aiMoves(ai);
    const short = lead.length <= 8;
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
  return Uint32Array.from(out);
}
