// npm run data:signals: writes data/sales/{train,dev}.jsonl from the hand-written families and vertical words.
// Deterministic (seeded PRNG): running it again gives byte-identical files. See ../README.md for how the set is made.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom as seeded } from '../../src/training/logistic-regression';
import { families, type Family, type Label, type Lang } from './families';
import { sendInfo, shared, verticals, words, type AiKind, type Vertical } from './verticals';

export type Split = 'train' | 'dev';
export interface SalesRow {
  id: string;
  conversation: string;
  vertical: Vertical;
  lang: Lang;
  family: string;
  split: Split;
  context: { from: 'ai' | 'lead'; text: string }[];
  text: string;
  labels: Label[];
}

/** Entries at positions 3, 7, 11, ... belong to dev; the rest to train. */
export const splitOf = (index: number): Split => (index % 4 === 3 ? 'dev' : 'train');
const forSplit = <T>(list: T[], split: Split): T[] => {
  const mine = list.filter((_, i) => splitOf(i) === split);
  return mine.length > 0 ? mine : list;
};
export const categoryOf = (family: Family) => family.id.split('.')[0]!;

/** Each family's split: every 4th family of its category (in the order written) is a dev family. */
export function familySplits(): Map<string, Split> {
  const seen = new Map<string, number>();
  const splits = new Map<string, Split>();
  for (const family of families) {
    const n = seen.get(categoryOf(family)) ?? 0;
    seen.set(categoryOf(family), n + 1);
    splits.set(family.id, splitOf(n));
  }
  return splits;
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

function slotValues(vertical: Vertical, split: Split): Record<string, string[]> {
  const w = words[vertical];
  const values: Record<string, string[]> = {
    person: w.person,
    product: w.product,
    competitor: w.competitor,
    amount: w.amount,
    detail: w.detail,
    ...shared,
  };
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, forSplit(v, split)]));
}

/** `{a|b|}` picks one choice (innermost first), `<slot>` a vertical word. */
export function expand(template: string, rng: Rng, slots: Record<string, string[]>): string {
  let text = template;
  for (let guard = 0; guard < 50 && /\{[^{}]*\}/.test(text); guard++) {
    text = text.replace(/\{([^{}]*)\}/, (_, body: string) => pick(rng, body.split('|')));
  }
  text = text.replace(/<(\w+)>/g, (_, name: string) => {
    const list = slots[name];
    if (!list) throw new Error(`unknown slot <${name}> in "${template}"`);
    return pick(rng, list);
  });
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.!?])/g, '$1')
    .trim();
}

// ---- the way people text -------------------------------------------------------------------------------------------
interface Style {
  lower: number;
  abbrev: number;
  typo: number;
  emoji: number;
  dropPunct: number;
  filler: number;
  accents: number;
  runOn: number;
}
const abbreviations: Record<string, string[]> = {
  you: ['u', 'ya'],
  your: ['ur', 'yr'],
  "you're": ['ur', 'youre'],
  are: ['r'],
  please: ['pls', 'plz', 'pleeease'],
  with: ['w', 'w/'],
  thanks: ['thx', 'tks'],
  tomorrow: ['tmrw', 'tmr', '2morrow'],
  because: ['bc', 'cuz'],
  "i'm": ['im', 'Im'],
  "don't": ['dont'],
  "can't": ['cant'],
  "what's": ['whats', 'wats'],
  really: ['rly'],
  people: ['ppl'],
  message: ['msg'],
  before: ['b4'],
  tonight: ['tonite'],
  okay: ['ok', 'k'],
  probably: ['prob', 'prolly'],
  something: ['smth'],
  someone: ['some1', 'someone'],
  about: ['abt'],
  right: ['rite'],
  know: ['kno'],
  going: ['goin'],
  minutes: ['mins'],
  through: ['thru'],
  though: ['tho'],
  questions: ['qs'],
  question: ['q'],
  por: ['x'],
  que: ['q', 'k'],
  porque: ['xq', 'pq'],
  también: ['tmb'],
  favor: ['fa'],
  'por favor': ['porfa', 'xfa'],
  qué: ['q'],
};
const keyboard = 'qwertyuiop asdfghjkl zxcvbnm';
const neighbours = (c: string): string => {
  const rows = keyboard.split(' ');
  for (const row of rows) {
    const i = row.indexOf(c);
    if (i >= 0) return (row[i - 1] ?? '') + (row[i + 1] ?? '');
  }
  return c;
};
function typo(word: string, rng: Rng): string {
  if (word.length < 4 || !/^[a-zA-Z]+$/.test(word)) return word;
  const i = 1 + Math.floor(rng() * (word.length - 2));
  switch (Math.floor(rng() * 4)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // swap
    case 1:
      return word.slice(0, i) + word.slice(i + 1); // drop
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i); // double
    default: {
      const n = neighbours(word[i]!.toLowerCase());
      return n ? word.slice(0, i) + pick(rng, n.split('')) + word.slice(i + 1) : word;
    }
  }
}
const stripAccents = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[¿¡]/g, '');
const emojis = {
  calm: ['🙂', '👍', '🙏', '😅', '😊', '👌'],
  upset: ['🙄', '😡', '😤', '🤦', '😒'],
  neutral: ['😂', '🤔', '😬', '🏡', '🚗', '☀️'],
};
const fillersEn = ['hey', 'hi', 'ok so', 'um', 'so', 'yo', 'hello', 'hey there', 'sorry', 'oh'];
const fillersEs = ['hola', 'oiga', 'buenas', 'oye', 'mire', 'ok', 'perdón'];
const tailsEn = [
  'btw im at work till 5',
  'sorry for the late reply',
  'my phone is dying',
  'thx',
  'lmk',
  'just saw this',
  'on my lunch break',
  'kids are screaming lol',
];
const tailsEs = ['perdón la tardanza', 'estoy en el trabajo', 'gracias', 'me avisa', 'ando manejando'];

function textLike(text: string, style: Style, lang: Lang, labels: Label[], rng: Rng): string {
  let out = text;
  const spanish = lang === 'es';
  if (rng() < style.runOn) out = `${out}${rng() < 0.5 ? ' ' : ', '}${pick(rng, spanish ? tailsEs : tailsEn)}`;
  if (rng() < style.filler) out = `${pick(rng, spanish ? fillersEs : fillersEn)}${rng() < 0.5 ? ' ' : ', '}${out}`;
  if (lang !== 'en' && rng() < style.accents) out = stripAccents(out);
  out = out.replace(/por favor/gi, (m) => (rng() < style.abbrev ? pick(rng, abbreviations['por favor']!) : m));
  out = out
    .split(' ')
    .map((word) => {
      const bare = word.toLowerCase().replace(/[,.!?]+$/, '');
      const trail = word.slice(bare.length);
      const short = abbreviations[bare];
      if (short && rng() < style.abbrev) return pick(rng, short) + trail;
      if (rng() < style.typo) return typo(word.replace(/[,.!?]+$/, ''), rng) + trail;
      return word;
    })
    .join(' ');
  if (rng() < style.dropPunct) out = out.replace(/[.,]$/, '').replace(/'/g, '');
  if (rng() < style.lower) out = out.toLowerCase();
  else if (rng() < 0.7) out = out[0]!.toUpperCase() + out.slice(1);
  if (rng() < style.emoji) {
    const mood = labels.includes('sentiment_shift')
      ? rng() < 0.6
        ? 'upset'
        : 'neutral'
      : rng() < 0.7
        ? 'calm'
        : 'neutral';
    out = `${out}${rng() < 0.3 ? '' : ' '}${pick(rng, emojis[mood])}`;
  }
  if (rng() < 0.04) out = out.toUpperCase(); // some leads shout, whatever they say
  return out;
}

function styleFor(rng: Rng): Style {
  const careful = rng() < 0.25;
  return {
    lower: careful ? 0.2 : 0.85,
    abbrev: careful ? 0.05 : 0.2 + rng() * 0.4,
    typo: careful ? 0.01 : 0.02 + rng() * 0.08,
    emoji: rng() * 0.25,
    dropPunct: careful ? 0.1 : 0.6,
    filler: rng() * 0.3,
    accents: 0.6,
    runOn: rng() * 0.15,
  };
}

// ---- conversations ---------------------------------------------------------------------------------------------------
const categoryWeights: Record<string, number> = {
  none: 0.38,
  er: 0.17,
  hi: 0.13,
  oc: 0.12,
  ss: 0.1,
  id: 0.05,
  multi: 0.05,
};

// A lead who texts first mostly says what they are after; some open with a request or a question that needs a person.
const openerWeights: Record<string, number> = {
  none: 0.7,
  er: 0.08,
  hi: 0.06,
  oc: 0.07,
  ss: 0.02,
  id: 0.04,
  multi: 0.03,
};
/** Families that can be a first message: written as openers, or signals that read the same without an AI turn. */
const opensWith = (family: Family) =>
  family.after.includes('open') || (categoryOf(family) !== 'none' && family.after.includes('qualify'));

function pickFamily(pool: Family[], rng: Rng, weights: Record<string, number> = categoryWeights): Family {
  const byCategory = new Map<string, Family[]>();
  for (const family of pool)
    byCategory.set(categoryOf(family), [...(byCategory.get(categoryOf(family)) ?? []), family]);
  const present = [...byCategory.keys()];
  const total = present.reduce((s, c) => s + (weights[c] ?? 0.05), 0);
  let r = rng() * total;
  for (const category of present) {
    r -= weights[category] ?? 0.05;
    if (r <= 0) return pick(rng, byCategory.get(category)!);
  }
  return pick(rng, byCategory.get(present[present.length - 1]!)!);
}

export function buildSalesSet(
  seed = 20260301,
  conversationsPerSplit: Record<Split, number> = { train: 1100, dev: 300 },
): SalesRow[] {
  const rng = seeded(seed);
  const splits = familySplits();
  const rows: SalesRow[] = [];
  for (const split of ['train', 'dev'] as const) {
    for (let c = 0; c < conversationsPerSplit[split]; c++) {
      const vertical = verticals[c % verticals.length]!;
      const roll = rng();
      const lang: Lang = roll < 0.15 ? 'es' : roll < 0.24 ? 'spanglish' : 'en';
      const allowed = (f: Family) =>
        splits.get(f.id) === split && (lang === 'en' ? f.lang === 'en' : lang === 'es' ? f.lang === 'es' : true);
      const pool = families.filter(allowed);
      const style = styleFor(rng);
      const slots = slotValues(vertical, split);
      const conversation = `${split}-${vertical}-${String(c).padStart(4, '0')}`;
      const context: SalesRow['context'] = [];
      const exchanges = 2 + Math.floor(rng() * 3);
      // Four in ten leads text first: their first message has no AI turn before it.
      const leadFirst = rng() < 0.4;
      for (let e = 0; e < exchanges; e++) {
        // A Spanglish conversation mixes: half its texts from the Spanglish families, the rest English or Spanish.
        const mixed = lang === 'spanglish' && rng() < 0.5 ? pool.filter((f) => f.lang === 'spanglish') : pool;
        const from = mixed.length > 0 ? mixed : pool;
        const opening = leadFirst && e === 0;
        const candidates = opening ? from.filter(opensWith) : from.filter((f) => f.after.some((k) => k !== 'open'));
        const family = opening
          ? pickFamily(candidates.length > 0 ? candidates : pool.filter(opensWith), rng, openerWeights)
          : pickFamily(candidates, rng);
        const kinds = family.after.filter((k) => k !== 'open');
        // After a lead's opener the AI qualifies, where the text can answer that.
        const kind: AiKind | 'open' = opening
          ? 'open'
          : leadFirst && e === 1 && kinds.includes('qualify')
            ? 'qualify'
            : pick(rng, kinds);
        if (kind !== 'open') {
          const aiPool =
            kind === 'sendInfo'
              ? sendInfo[lang === 'es' ? 'es' : 'en']
              : (lang === 'es' ? words[vertical].aiEs : words[vertical].ai)[kind];
          context.push({ from: 'ai', text: pick(rng, forSplit(aiPool, split)) });
        }
        const text = textLike(expand(pick(rng, family.templates), rng, slots), style, family.lang, family.labels, rng);
        rows.push({
          id: `${conversation}-${e}`,
          conversation,
          vertical,
          lang: family.lang,
          family: family.id,
          split,
          context: context.map((t) => ({ ...t })),
          text,
          labels: [...family.labels],
        });
        context.push({ from: 'lead', text });
      }
    }
  }
  return rows;
}

function main(): void {
  const rows = buildSalesSet();
  const dir = join(__dirname, '..', 'sales');
  mkdirSync(dir, { recursive: true });
  for (const split of ['train', 'dev'] as const) {
    const mine = rows.filter((r) => r.split === split);
    writeFileSync(join(dir, `${split}.jsonl`), mine.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const count = (p: (r: SalesRow) => boolean) => mine.filter(p).length;
    process.stdout.write(
      `${split}: ${mine.length} texts, ${new Set(mine.map((r) => r.conversation)).size} conversations, ` +
        `spanish ${count((r) => r.lang === 'es')}, spanglish ${count((r) => r.lang === 'spanglish')}, none ${count((r) => r.labels.length === 0)}, ` +
        ['explicit_request', 'high_intent', 'out_of_confidence', 'sentiment_shift', 'identity_question']
          .map((l) => `${l} ${count((r) => r.labels.includes(l as Label))}`)
          .join(', ') +
        '\n',
    );
  }
}

if (require.main === module) main();
