import type { Detection, DetectionInput, SignalEngine, SignalKind, Turn } from './signal-engine.port';
import * as words from './lexicon';

/** A pattern that matches whole words (or whole punctuation runs) anywhere in a message. */
const phrase = (alternatives: string[] | string) =>
  new RegExp(`(?<![\\p{L}\\p{N}'])(?:${Array.isArray(alternatives) ? alternatives.join('|') : alternatives})(?![\\p{L}\\p{N}])`, 'giu');

const person = words.personNoun;
const strongPerson = '(?:(?:a|an|the|some|a\\s+real|an\\s+actual|a\\s+live)\\s+)?(?:human(?:\\s+being)?|person|real\\s+(?:person|human)|live\\s+(?:person|agent|human|rep)|actual\\s+(?:person|human)|agent|rep|representative|operator|manager|supervisor|someone\\s+real|loan\\s+officer|realtor|broker|advisor|salesperson|sales\\s+rep)';

const explicitPatterns: { pattern: RegExp; confidence: number }[] = [
  { pattern: phrase(`${words.contactVerb}\\s*(?:to|with|tl)\\s*${person}`), confidence: 0.95 },
  { pattern: phrase(`${words.connectVerb}\\s+(?:me|us)\\s+(?:to|with|through(?:\\s+to)?|over(?:\\s+to)?)\\s+${person}`), confidence: 0.95 },
  { pattern: phrase(`(?:${words.reachVerb})\\s+${person}`), confidence: 0.9 },
  { pattern: phrase(`(?:want|need|get\\s+me|give\\s+me|prefer|request|like|rather\\s+have|can\\s+i\\s+(?:get|have)|could\\s+i\\s+(?:get|have)|may\\s+i\\s+have)\\s+(?:to\\s+(?:have|get)\\s+)?${strongPerson}`), confidence: 0.85 },
  { pattern: phrase(`(?:have|can|could|will|would)\\s+(?:someone|somebody|a\\s+(?:person|human|rep|agent|loan\\s+officer|realtor|broker|salesperson))\\s+(?:please\\s+)?(?:call|text|contact|reach\\s+out\\s+to|email|get\\s+back\\s+to|phone)\\s+me`), confidence: 0.9 },
  { pattern: phrase('(?:(?:is|are)\\s*there|there\\s+(?:is|are)|is\\s+their)\\s+(?:(?:a|any)\\s+)?(?:\\S+\\s+){0,2}(?:person|human|people|one|agent|representative|rep|someone)(?:\\s+agent)?\\s+(?:i\\s+can|to|there|available|free|around|on\\s+duty)'), confidence: 0.9 },
  { pattern: phrase(`(?:${strongPerson})\\s*,?\\s*(?:please|pls|plz|now)`), confidence: 0.9 },
  { pattern: /^\s*(?:human|agent|representative|operator|real person|live agent|person|persona|humano|asesor)\s*[.!?]*\s*$/giu, confidence: 0.9 },
  { pattern: phrase('human\\s+(?:handoff|support|help|assistance)|(?:transfer|connect|put)\\s+to\\s+me\\s+(?:an?\\s+|some)?\\S+'), confidence: 0.85 },
  { pattern: phrase(`(?:stop|enough\\s+with)\\s+(?:the\\s+)?(?:bot|robot|ai|automated)`), confidence: 0.85 },
  { pattern: phrase(words.spanishRequest), confidence: 0.95 },
];

// A negator governing the request ("I don't need a person yet"), not one about knowing how ("I don't know how to reach an agent").
const negated = new RegExp(`(?:^|[^\\p{L}])${words.negators}(?!\\s+(?:know|understand|sure|see|think|get\\s+it))(?:\\s+(?!(?:and|but|so|i|im|i'm)\\b)\\S+){0,4}\\s*$`, 'iu');
const reported = new RegExp(`${words.reportedSpeech}(?:\\s+(?:to|that|i\\s+should|we\\s+should|i\\s+need\\s+to))?(?:\\s+\\S+){0,3}\\s*$`, 'iu');
const ownWords = /\b(?:i|we)\s+(?:already\s+|just\s+)?(?:said|told\s+you|asked)\b/iu;
// "am I talking to a person or a bot?" asks what the AI is; the honest answer is disclosure, not a handoff.
const askingWhatItIs = /\b(?:am\s+i|are\s+you|r\s+u|is\s+this)\s+(?:\S+\s+){0,2}$|\b(?:sounds?|seems?|looks?|acts?|talks?)\s+like\s+(?:\S+\s+){0,1}$/iu;
const isQuestion = (text: string) => /\?/.test(text) || /^\s*(?:what|how|why|when|where|which|who|can|could|is|are|am|do|does|did|will|would|should|may|shall)\b/iu.test(text)
  || /\b(?:i\s+(?:want|need)\s+to\s+know|tell\s+me|wondering|curious)\b/iu.test(text);

/** The part of the message before `index`, back to the start of its clause. */
function clauseBefore(text: string, index: number): string {
  const before = text.slice(0, index);
  const cut = Math.max(before.lastIndexOf('.'), before.lastIndexOf(';'), before.lastIndexOf('!'), before.lastIndexOf('?'), before.lastIndexOf(','));
  return before.slice(cut + 1);
}

interface Hit {
  start: number;
  end: number;
  text: string;
}

function hits(pattern: RegExp, text: string): Hit[] {
  pattern.lastIndex = 0;
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, text: m[0] }));
}

const detection = (signal: SignalKind, confidence: number, hit: Hit, reason: string): Detection =>
  ({ signal, confidence: Math.round(Math.min(0.99, confidence) * 100) / 100, evidence: { text: hit.text, start: hit.start, end: hit.end }, detector: 'rules', reason });

function explicitRequest(text: string): Detection | undefined {
  for (const { pattern, confidence } of explicitPatterns) {
    for (const hit of hits(pattern, text)) {
      const clause = clauseBefore(text, hit.start);
      if (negated.test(clause)) continue; // "I don't need a person yet"
      if (reported.test(clause) && !ownWords.test(clause)) continue; // "my wife said talk to a real person"
      if (askingWhatItIs.test(clause)) continue;
      return detection('explicit_request', confidence, hit, 'asks for a person');
    }
  }
  return undefined;
}

const timeline = phrase(words.timeline.filter((_, i) => i !== 1));
const commitment = phrase(words.commitment);
const urgency = phrase(words.urgency);
const competitor = phrase(words.competitors.filter((c) => /\\s/.test(c) || c === 'competitor'));
const competitorName = phrase(words.competitors.filter((c) => !/\\s/.test(c) && c !== 'competitor'));
const whenWords = phrase(words.timeline[1]!);
const notUrgent = phrase(words.notUrgent);

function highIntent(text: string): Detection | undefined {
  if (hits(notUrgent, text).length > 0) return undefined;
  const kinds: { kind: string; confidence: number; hit: Hit }[] = [];
  const consider = (kind: string, pattern: RegExp, confidence: number) => {
    const hit = hits(pattern, text).find((h) => !negated.test(clauseBefore(text, h.start)));
    if (hit) kinds.push({ kind, confidence, hit });
  };
  consider('commitment', commitment, 0.85);
  consider('competitor', competitor, 0.8);
  consider('competitor', competitorName, 0.45); // a bare brand name is a mention until a quote or offer comes with it
  consider('timeline', timeline, 0.75);
  consider('time', whenWords, 0.4); // "next week" alone is a date, not a deadline
  consider('urgency', urgency, 0.45);
  if (kinds.length === 0) return undefined;
  const best = kinds.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  return detection('high_intent', best.confidence + 0.1 * (kinds.length - 1), best.hit, kinds.map((k) => k.kind).join('+'));
}

const pricing = phrase(words.pricingSpecifics);
const legalTax = phrase(words.legalTax);

const known = phrase(words.knownGround);

function outOfConfidence(text: string): Detection | undefined {
  const price = hits(pricing, text)[0];
  if (price) return detection('out_of_confidence', 0.85, price, 'pricing that depends on the lead');
  if (!isQuestion(text)) return undefined;
  const legal = hits(legalTax, text)[0];
  if (legal) return detection('out_of_confidence', 0.8, legal, 'legal, compliance or tax question');
  // A real question about none of what the AI was given: a weak hint for the rep (0.45), below the default trigger and the evaluation's cut.
  const content = text.match(/\p{L}{3,}/gu) ?? [];
  if (content.length >= 3 && hits(known, text).length === 0) {
    return detection('out_of_confidence', 0.45, { start: 0, end: text.length, text }, 'question on ground the AI was not given');
  }
  return undefined;
}

const strong = phrase(words.strongNegative);
const mild = phrase(words.mildNegative);
const confused = phrase(words.confusion);
const repeated = phrase(words.repetition);
const shouting = /\b[A-Z]{3,}\b(?:[^a-z]*\b[A-Z]{3,}\b)+/gu;
const acronyms = /^(?:FHA|VA|USDA|APR|ARM|HOA|PMI|LLC|CRM|API|SLA|SOC|ROI|USA|ASAP|FICO|LOL|OMG|HELP|STOP)$/;

/** How negative one message reads, and the words that show it most. */
export function negativity(text: string): { score: number; hit?: Hit; cues: string[] } {
  let score = 0;
  let best: { weight: number; hit: Hit } | undefined;
  const cues: string[] = [];
  const add = (pattern: RegExp, weight: number, cue: string, cap = 2) => {
    const found = hits(pattern, text).filter((h) => !/(?:not|n't)\s+(?:\w+\s+)?$/iu.test(clauseBefore(text, h.start)) || weight < 0.4).slice(0, cap);
    if (found.length === 0) return;
    score += weight * found.length;
    cues.push(cue);
    if (!best || weight > best.weight) best = { weight, hit: found[0]! };
  };
  add(strong, 0.6, 'anger');
  add(confused, 0.45, 'confusion');
  add(repeated, 0.5, 'repeating');
  add(mild, 0.2, 'displeasure');
  const caps = hits(shouting, text).filter((h) => !h.text.split(/[^A-Z]+/).every((w) => !w || acronyms.test(w)));
  if (caps.length > 0) {
    score += 0.3;
    cues.push('shouting');
    best ??= { weight: 0.3, hit: caps[0]! };
  }
  if (/!{2,}/.test(text)) score += 0.15;
  return { score, hit: best?.hit, cues };
}

const tokens = (text: string) => new Set(text.toLowerCase().match(/\p{L}{3,}/gu) ?? []);
const overlap = (a: Set<string>, b: Set<string>) => {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / Math.min(a.size, b.size);
};

/** Frustration, confusion or anger rising across the lead's turns, not one grumpy word. */
function sentimentShift(text: string, context: Turn[]): Detection | undefined {
  const now = negativity(text);
  const earlier = context.filter((t) => t.author === 'lead').slice(-4);
  const earlierScores = earlier.map((t) => negativity(t.text).score);
  let score = now.score;
  const reasons = [...now.cues];
  const negativeBefore = earlierScores.filter((s) => s >= 0.25).length;
  if (now.score > 0 && negativeBefore > 0) {
    score += 0.2 * negativeBefore;
    reasons.push(`rising over ${negativeBefore + 1} turns`);
  }
  const mine = tokens(text);
  if (isQuestion(text) && mine.size >= 3 && earlier.some((t) => overlap(mine, tokens(t.text)) >= 0.7)) {
    score += 0.4;
    reasons.push('asked again');
  }
  if (score < 0.5) return undefined;
  const hit = now.hit ?? { start: 0, end: text.length, text };
  return detection('sentiment_shift', Math.min(0.95, score), hit, reasons.join(', '));
}

/** The offline engine: rules and lexicons, no I/O, a few microseconds a message. */
export class RuleSignalEngine implements SignalEngine {
  readonly name = 'rules' as const;

  detect(input: DetectionInput): Promise<Detection[]> {
    return Promise.resolve(this.detectNow(input));
  }

  detectNow({ text, context }: DetectionInput): Detection[] {
    const found = [explicitRequest(text), highIntent(text), outOfConfidence(text), sentimentShift(text, context)];
    return found.filter((d): d is Detection => d !== undefined);
  }
}
