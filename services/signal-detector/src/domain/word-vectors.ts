import { meantWord } from './fuzzy-words';
import { previousAiTurn, type DetectionInput } from './signal-engine.port';

// Pretrained word vectors (a distilled subset of GloVe, see data/README.md) as dense features of the model: the
// mean vector of the lead's words, of the words after a verb of asking or reaching, and of the AI's previous turn,
// and how close windows of the lead's text come to a few prototype phrases per signal. Where n-grams only match
// phrasings seen in training, neighbouring words share a direction here ("ring" and "phone" and "call"; "useless"
// and "pointless"). Pure: the same vectors and text give the same numbers.

/** Texting forms read as the words the vectors know (the vectors are of edited English). */
const spelledOut: Record<string, string[]> = {
  u: ['you'],
  ur: ['your'],
  r: ['are'],
  pls: ['please'],
  plz: ['please'],
  pls_: ['please'],
  w: ['with'],
  abt: ['about'],
  tmrw: ['tomorrow'],
  tmr: ['tomorrow'],
  ppl: ['people'],
  rn: ['now'],
  thx: ['thanks'],
  ty: ['thanks'],
  b4: ['before'],
  dont: ['do', 'not'],
  cant: ['can', 'not'],
  wont: ['will', 'not'],
  didnt: ['did', 'not'],
  doesnt: ['does', 'not'],
  isnt: ['is', 'not'],
  im: ['i', 'am'],
  ive: ['i', 'have'],
  id: ['i', 'would'],
  youre: ['you', 'are'],
  whats: ['what', 'is'],
  thats: ['that', 'is'],
  prolly: ['probably'],
  wanna: ['want', 'to'],
  gonna: ['going', 'to'],
  lemme: ['let', 'me'],
  gimme: ['give', 'me'],
  ya: ['you'],
  yea: ['yes'],
  yeah: ['yes'],
  yep: ['yes'],
  ok: ['okay'],
  k: ['okay'],
};

const stopWords = new Set(
  'a an the to of and or in on at for is are was be it this that i me my you your we us our just so do can would could will with'.split(
    ' ',
  ),
);

// The vectors are English: a text that reads as Spanish (more Spanish function words than English ones) gets no
// vector features at all, in training and in scoring, so Spanish requests rest on the n-grams and the rules as before.
const spanishWords = new Set(
  'que de la el los las un una con por para es esta estoy quiero puede pueden alguien llame llama llamen llamar hablar hable hola gracias si mi su le lo ya pero bien porfa favor me mañana manana hoy tengo necesito como cuando donde'.split(
    ' ',
  ),
);
const englishWords = new Set([...stopWords, 'please', 'not', 'have', 'get', 'call', 'can', 'what', 'how', 'when']);
const readsSpanish = (words: readonly string[]) => {
  let es = 0,
    en = 0;
  for (const w of words) {
    if (spanishWords.has(w)) es++;
    else if (englishWords.has(w)) en++;
  }
  return es > en;
};

/** Lowercase words as the vectors spell them: apostrophes dropped, texting forms spelled out, digits left out. */
export function vectorTokensOf(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .replace(/['’`]/g, '')
      .match(/\p{L}+/gu) ?? [];
  return words.flatMap((w) => spelledOut[w] ?? [w]);
}

/** Words that ask for or reach a person: the words after one say who or how ("have [the loan guy call me]"). */
const askingVerbs = new Set(
  'talk speak call ring phone text connect transfer put get have loop reach contact meet see schedule book set send patch hablar llamar llame llamen hable comunicar contactar'.split(
    ' ',
  ),
);

/** A few phrases per head; the vectors say how near a window of the lead's words comes to one of them. */
export const prototypePhrases: [string, string[]][] = [
  [
    'explicit_request',
    [
      'talk to a person',
      'speak with someone',
      'have someone call me',
      'call me',
      'connect me with an agent',
      'i want a human',
      'put me through to sales',
      'can a representative contact me',
    ],
  ],
  [
    'high_intent',
    [
      'ready to buy today',
      'sign the contract now',
      'need it this week',
      'closing deadline soon',
      'another company offered a better price',
    ],
  ],
  [
    'out_of_confidence',
    [
      'will i qualify',
      'what would my payment be',
      'does my policy cover',
      'is it legal permit tax',
      'how much would i save',
    ],
  ],
  [
    'sentiment_shift',
    [
      'this is useless',
      'i already told you',
      'not helpful at all',
      'frustrated and annoyed',
      'is this a scam',
      'you are not listening',
    ],
  ],
  ['identity_question', ['are you a bot', 'is this a real person', 'am i talking to a computer']],
];

export const vectorFeatureCount = (dims: number) => 3 * dims + 4 * prototypePhrases.length;

/** int8 vectors with one scale each, looked up by word. */
export class WordVectors {
  private readonly index: Map<string, number>;
  private readonly prototypes: Float32Array[][];

  private constructor(
    readonly dims: number,
    words: readonly string[],
    private readonly values: Float32Array,
  ) {
    this.index = new Map(words.map((w, i) => [w, i]));
    this.prototypes = prototypePhrases.map(([, phrases]) =>
      phrases.map((p) => unit(this.meanOf(vectorTokensOf(p), () => 1)) ?? new Float32Array(dims)),
    );
  }

  /** From the distilled file: per word a float32 LE scale, then `dims` int8 values. */
  static fromBytes(dims: number, words: readonly string[], bytes: Uint8Array): WordVectors {
    const stride = 4 + dims;
    if (bytes.byteLength !== words.length * stride)
      throw new Error(`word vectors: expected ${words.length * stride} bytes, got ${bytes.byteLength}`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const values = new Float32Array(words.length * dims);
    for (let i = 0; i < words.length; i++) {
      const scale = view.getFloat32(i * stride, true);
      for (let d = 0; d < dims; d++) values[i * dims + d] = view.getInt8(i * stride + 4 + d) * scale;
    }
    return new WordVectors(dims, words, values);
  }

  /** The row of a word, read through accents dropped and a misspelt person word or verb. */
  private rowOf(word: string): number | undefined {
    const direct = this.index.get(word);
    if (direct !== undefined) return direct;
    const plain = word.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    const folded = this.index.get(plain);
    if (folded !== undefined) return folded;
    const meant = meantWord(word);
    return meant ? this.index.get(meant) : undefined;
  }

  private meanOf(words: readonly string[], weight: (w: string) => number): Float32Array | undefined {
    return this.meanOfRows(
      words.map((w) => this.rowOf(w)),
      words.map(weight),
    );
  }

  /** The weighted sum of the rows found (undefined: a word not known), or undefined when none is. */
  private meanOfRows(rows: readonly (number | undefined)[], weights: readonly number[]): Float32Array | undefined {
    const sum = new Float32Array(this.dims);
    let n = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (row === undefined) continue;
      const k = weights[i]!;
      for (let d = 0; d < this.dims; d++) sum[d]! += k * this.values[row * this.dims + d]!;
      n += k;
    }
    return n > 0 ? sum : undefined;
  }

  /** The dense features of one lead message in its context (vectorFeatureCount(dims) numbers). */
  featuresOf(input: DetectionInput): Float32Array {
    const dims = this.dims;
    const out = new Float32Array(vectorFeatureCount(dims));
    const lead = vectorTokensOf(input.text).slice(0, 60);
    if (readsSpanish(lead)) return out;
    const weight = (w: string) => (stopWords.has(w) ? 0.3 : 1);
    // each word looked up once (a miss goes through the typo reading, which is the costly part)
    const rows = lead.map((w) => this.rowOf(w));
    const weights = lead.map(weight);
    const whole = unit(this.meanOfRows(rows, weights));
    if (whole) out.set(scaled(whole, 3), 0);
    const verb = lead.findIndex((w) => askingVerbs.has(w));
    const after =
      verb >= 0 ? unit(this.meanOfRows(rows.slice(verb, verb + 6), weights.slice(verb, verb + 6))) : undefined;
    if (after) out.set(scaled(after, 3), dims);
    const ai = previousAiTurn(input.context);
    const aiMean = ai ? unit(this.meanOf(vectorTokensOf(ai).slice(-30), weight)) : undefined;
    if (aiMean) out.set(scaled(aiMean, 3), 2 * dims);
    // how near the whole text and its nearest window of four words come to each head's prototypes
    const windows: Float32Array[] = [];
    for (let s = 0; s + 1 < Math.max(lead.length, 2); s++) {
      const w = unit(this.meanOfRows(rows.slice(s, s + 4), weights.slice(s, s + 4)));
      if (w) windows.push(w);
      if (s + 4 >= lead.length) break;
    }
    const base = 3 * dims;
    const heads = prototypePhrases.length;
    this.prototypes.forEach((protos, h) => {
      let best = 0;
      let bestWindow = 0;
      for (const p of protos) {
        if (whole) best = Math.max(best, dot(whole, p));
        for (const w of windows) bestWindow = Math.max(bestWindow, dot(w, p));
      }
      out[base + h] = best;
      out[base + heads + h] = bestWindow;
      out[base + 2 * heads + h] = Math.max(0, best - 0.7) * 5;
      out[base + 3 * heads + h] = Math.max(0, bestWindow - 0.75) * 5;
    });
    return out;
  }
}

function unit(v: Float32Array | undefined): Float32Array | undefined {
  if (!v) return undefined;
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm === 0) return undefined;
  const k = 1 / Math.sqrt(norm);
  for (let d = 0; d < v.length; d++) v[d]! *= k;
  return v;
}
const scaled = (v: Float32Array, k: number) => v.map((x) => x * k);
function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
  return s;
}
