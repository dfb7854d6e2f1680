import { distance } from 'fastest-levenshtein';
import { matchesOf } from './matches';

// The words a request for a person turns on, matched through typos by edit distance instead of lists of literal
// misspellings: "peson", "agnet", "tlak", "somoene" read as the word meant. Real words that sit one edit away
// ("walk", "tall", "urgent", "reason") are never rewritten.
const personWords = [
  'person',
  'human',
  'someone',
  'somebody',
  'agent',
  'representative',
  'operator',
  'manager',
  'supervisor',
  'specialist',
  'consultant',
  'advisor',
  'realtor',
  'broker',
  'officer',
  'salesperson',
  'technician',
  'people',
  'anyone',
  'anybody',
];
// The words a complaint turns on ("ridiculoous", "wssting my time", "answring the same q", "not listenign").
const complaintWords = [
  'ridiculous',
  'waiting',
  'wasting',
  'answering',
  'question',
  'confused',
  'confusing',
  'already',
  'literally',
  'listening',
  'frustrating',
  'frustrated',
  'annoying',
  'useless',
  'answer',
  'said',
  'told',
  'what',
  'this',
  'puede',
  'pueden',
  'llamar',
  'llamarme',
  'hablar',
  'escalate',
  'unhappy',
  'circles',
  'patience',
  'seriously',
  'nobody',
  'helping',
  'helpful',
  'pointless',
  'unbelievable',
  'repeating',
  'explained',
];
const verbWords = [
  'want',
  'speak',
  'talk',
  'contact',
  'connect',
  'transfer',
  'reach',
  'chat',
  'call',
  'phone',
  'please',
  'connected',
  'transferred',
  'whoever',
  'qualify',
  'approved',
  'premium',
  'payment',
  'contract',
  'deductible',
  'exactly',
];
// A fourth round: more of the words the patterns are built on, so one typo in a word of five letters or more no
// longer breaks a frame ("is there a phone numebr", "are there any humans worknig there", "lo necestio urgente").
const frameWords = [
  'working',
  'available',
  'office',
  'explain',
  'review',
  'lender',
  'started',
  'tomorrow',
  'respond',
  'response',
  'twice',
  'follow',
  'different',
  'license',
  'permit',
  'integrate',
  'coverage',
  'unless',
  'urgent',
  'urgente',
  'necesito',
  'quiero',
  'persona',
  'alguien',
  'asesor',
  'llamada',
  'prefiero',
  'comunica',
  'installer',
  'electrician',
  'surveyor',
  'person',
  'number',
  'someone',
  // intent and hard questions ("unlses u can do bteter", "estoy lsto para firmar", "do i pay capital gians")
  'tonight',
  'urgently',
  'better',
  'forward',
  'going',
  'deposit',
  'offered',
  'listo',
  'lista',
  'empezar',
  'firmar',
  'semana',
  'mejorar',
  'ofrecieron',
  'capital',
  'gains',
  'background',
  'cover',
  'refundable',
  'handle',
  'install',
];
// Short and common words a frame needs ("theer", "nede", "wtih", "doees"): read through a swap of two letters or a
// letter held down only, never through a letter changed, which would turn real words ("these", "nerd") into them.
const functionWords = [
  'there',
  'need',
  'want',
  'with',
  'does',
  'have',
  'this',
  'that',
  'start',
  'sign',
  'week',
  'times',
  'again',
  'ready',
  'today',
  'talk',
  'call',
  'phone',
  'could',
  'would',
  'will',
  'from',
  'done',
  'work',
  'lock',
  'beat',
  'cost',
  'para',
  'gonna',
];
// Spellings that are not typos but texting: read as the word.
const texting: Record<string, string> = {
  some1: 'someone',
  sum1: 'someone',
  somone: 'someone',
  sombody: 'somebody',
  ppl: 'people',
  prson: 'person',
  agnt: 'agent',
  rep: 'rep',
  hmn: 'human',
};
const canonical = [...new Set([...personWords, ...verbWords, ...complaintWords, ...frameWords])];
const functionSet = new Set(functionWords);
const realWords = new Set([
  'walk',
  'tall',
  'tale',
  'tail',
  'task',
  'tank',
  'balk',
  'chalk',
  'stalk',
  'talks',
  'talkie',
  'peak',
  'speck',
  'sneak',
  'steak',
  'spear',
  'spears',
  'speaks',
  'cell',
  'call',
  'all',
  'ball',
  'hall',
  'mall',
  'wall',
  'fall',
  'tall',
  'calm',
  'calls',
  'coal',
  'cool',
  'chart',
  'chap',
  'chats',
  'that',
  'cheat',
  'reach',
  'teach',
  'peach',
  'beach',
  'react',
  'ranch',
  'roach',
  'reaches',
  'contract',
  'contacts',
  'connects',
  'content',
  'context',
  'convect',
  'transfers',
  'persons',
  'prison',
  'poison',
  'reason',
  'season',
  'parson',
  'pension',
  'version',
  'humans',
  'humane',
  'hunan',
  'humid',
  'human',
  'humor',
  'someones',
  'agents',
  'urgent',
  'agenda',
  'argent',
  'manger',
  'manages',
  'managed',
  'mangers',
  'operators',
  'officers',
  'office',
  'brokers',
  'broken',
  'brokes',
  'realtors',
  'advisors',
  'adviser',
  'supervise',
  'specialty',
  'consultants',
  'peoples',
  'purple',
  'people',
  'please',
  'pleased',
  'plea',
  'lease',
  'peace',
  'speed',
  'spent',
  'spend',
  'space',
  'spell',
  'smell',
  'sweat',
  'swear',
  'chain',
  'chair',
  'chant',
  'cash',
  'catch',
  'coach',
  'couch',
  'touch',
  'persona',
  'personas',
  'humano',
  'humana',
  'humanos',
  'agente',
  'agentes',
  'operador',
  'gerente',
  'asesor',
  'alguien',
  'llame',
  'llamar',
  'hable',
  'hablar',
  'speaker',
  'talker',
  'phones',
  'phoned',
  'photo',
  'prone',
  'phony',
  'payments',
  'premiums',
  'contracts',
  'approve',
  'approves',
  'improved',
  'exact',
  'connecter',
  'reconnected',
  // real words one or two edits from a complaint word
  'thus',
  'sold',
  'toll',
  'tole',
  'sail',
  'raid',
  'whet',
  'wheat',
  'this',
  'thin',
  'thick',
  'puedo',
  'pueda',
  'llamas',
  'llamada',
  'hablas',
  'hablan',
  'hable',
  'escalated',
  'escalator',
  'wanting',
  'wasted',
  'wastes',
  'answers',
  'answered',
  'questions',
  'questioned',
  'confuses',
  'confusion',
  'literal',
  'literary',
  'listing',
  'listings',
  'listened',
  'listens',
  'glistening',
  'annoyingly',
  'circle',
  'circled',
  'patients',
  'patient',
  'serious',
  'waits',
  'waited',
  'waiter',
  'helped',
  'helper',
  'helpers',
  'helpless',
  'explains',
  'explainer',
  'repeated',
  'repeats',
  'nobodys',
  'readily',
  'confuse',
  'unhappily',
  'helpings',
  'helpfully',
  'wants',
  'wanted',
  'wand',
  'wane',
  'wart',
  'went',
  'wait',
  'some',
  'come',
  'home',
  'homes',
  'anyway',
  'anytime',
  'agency',
  'magnet',
  'manner',
  'banner',
  'planner',
  'honest',
  'roman',
  'woman',
  'women',
  'three',
  'these',
  'dose',
  'thaw',
]);

const meant = new Map<string, string | undefined>();
const squeezedCanonical = new Map<string, string>();

/** The word a token was meant to be, or undefined when it is itself a word or too far from any (remembered per word: a few thousand at most). */
export function meantWord(token: string): string | undefined {
  const word = token.toLowerCase();
  if (meant.has(word)) return meant.get(word);
  const found = lookUp(word);
  if (meant.size < 50_000) meant.set(word, found);
  return found;
}

function lookUp(word: string): string | undefined {
  if (texting[word] && texting[word] !== word) return texting[word];
  if (word.length < 4 || realWords.has(word) || canonical.includes(word) || functionSet.has(word)) return undefined;
  const squeezedWord = squeezed(word);
  for (const target of functionWords)
    if (squeezedWord === squeezedOf(target) || isTransposition(word, target)) return target;
  for (const target of canonical) {
    // an inflection is the word itself ("follows", "numbers", "permits"), not a typo of it
    if (word.startsWith(target) && /^(?:s|es|d|ed|ing)$/.test(word.slice(target.length))) return undefined;
    // a letter held down: "caall", "numbeer", "pleasse"
    if (squeezedWord === squeezedOf(target)) return target;
    if (Math.abs(target.length - word.length) > 2) continue;
    if (isTransposition(word, target)) return target;
    // four letters: a swap, or one key hit for the one beside it ("csll", "cakl"); "tall" and "walk" are real words
    if (word.length === target.length && word[0] === target[0] && isNeighbourSlip(word, target)) return target;
    if (word.length < 5 || target.length < 5) continue;
    const allowed = target.length >= 8 ? 2 : 1;
    if (distance(word, target) <= allowed && word[0] === target[0]) return target;
  }
  return undefined;
}

// A QWERTY keyboard: a key touches the keys beside it and, rows being staggered, two above and two below.
const rows = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const touching = new Map<string, Set<string>>();
rows.forEach((row, r) =>
  [...row].forEach((key, i) => {
    const near = [
      row[i - 1],
      row[i + 1],
      rows[r - 1]?.[i],
      rows[r - 1]?.[i + 1],
      rows[r + 1]?.[i - 1],
      rows[r + 1]?.[i],
    ];
    touching.set(key, new Set(near.filter((k): k is string => k !== undefined)));
  }),
);

const squeezed = (word: string) => word.replace(/(\p{L})\1+/gu, '$1');
const squeezedOf = (target: string) => {
  let s = squeezedCanonical.get(target);
  if (s === undefined) squeezedCanonical.set(target, (s = squeezed(target)));
  return s;
};

/** One letter differs, and the one typed sits next to the one meant. */
function isNeighbourSlip(typed: string, meant: string): boolean {
  let differs = -1;
  for (let i = 0; i < typed.length; i++) {
    if (typed[i] === meant[i]) continue;
    if (differs >= 0) return false;
    differs = i;
  }
  return differs > 0 && (touching.get(meant[differs]!)?.has(typed[differs]!) ?? false);
}

function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** The message with misspelt person words and verbs spelt right; offsets map back to the original. */
export interface Normalized {
  text: string;
  /** Offset in the original text of offset `i` in the normalized one. */
  toOriginal(i: number): number;
}

const word = /[\p{L}\p{N}]+/gu;

export function normalizeTypos(text: string): Normalized {
  const pieces: { from: number; original: string; replaced: string }[] = [];
  for (const m of matchesOf(word, text)) {
    const meant = meantWord(m[0]);
    if (meant) pieces.push({ from: m.index, original: m[0], replaced: meant });
  }
  if (pieces.length === 0) return { text, toOriginal: (i) => i };
  let out = '';
  let cursor = 0;
  const marks: { at: number; shift: number }[] = [];
  for (const p of pieces) {
    out += text.slice(cursor, p.from) + p.replaced;
    cursor = p.from + p.original.length;
    marks.push({ at: out.length, shift: cursor - out.length });
  }
  out += text.slice(cursor);
  return {
    text: out,
    toOriginal: (i) => {
      let shift = 0;
      for (const mark of marks) if (i >= mark.at) shift = mark.shift;
      return Math.min(text.length, Math.max(0, i + shift));
    },
  };
}
