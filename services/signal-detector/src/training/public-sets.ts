import MurmurHash3 from 'imurmurhash';
import type { ModelHead } from '../domain/signal-model';

// The public sets in ../shared/data/signals (read there at train time, never copied into the repo), what their
// licences allow, and how their labels map onto the model's heads. A fifth of each set (or the set's own
// validation split) is held out of training, so each can be reported on rows the model never saw.

export interface PublicRow {
  text: string;
  label: string;
  mapping?: string;
  original_label?: string;
  split?: string;
  also?: string[];
}

export interface PublicSet {
  file: string;
  licence: string;
  /** Whether its rows may train the committed weights. */
  trains: boolean;
  why: string;
  /** How much one row counts against one sales-domain row. */
  weight: number;
  /** Heads per row: 1 there, 0 not there, -1 says nothing; undefined leaves the row out. */
  labels(row: PublicRow): Partial<Record<ModelHead, 0 | 1 | -1>> | undefined;
}

const none = {
  explicit_request: 0,
  high_intent: 0,
  out_of_confidence: 0,
  sentiment_shift: 0,
  identity_question: 0,
} as const;
/**
 * Each public set trains only the heads it speaks for; on the others it says nothing (-1). A set's label mix is its
 * own: CLINC's out-of-scope questions are long, well-formed and capitalised, its in-scope ones short commands, so
 * reading "out of scope" as out of confidence taught the model that a full sentence about one's house is a hard
 * question ("Hi, I'm looking to refinance my house" at 0.99). Out-of-domain turns are not out of confidence.
 */
const only = (heads: Partial<Record<ModelHead, 0 | 1>>): Partial<Record<ModelHead, 0 | 1 | -1>> => ({
  explicit_request: -1,
  high_intent: -1,
  out_of_confidence: -1,
  sentiment_shift: -1,
  identity_question: -1,
  ...heads,
});
export const publicSets: PublicSet[] = [
  {
    file: 'bitext.jsonl',
    licence: 'CDLA-Sharing-1.0',
    trains: true,
    weight: 0.15,
    why: 'CDLA-Sharing puts no terms on results of computational use such as trained weights',
    labels: (r) =>
      r.mapping === 'proxy'
        ? undefined
        : r.label === 'human_request'
          ? only({ explicit_request: 1, high_intent: 0 })
          : r.label === 'none'
            ? only({ explicit_request: 0, high_intent: 0, identity_question: 0 })
            : undefined,
  },
  {
    file: 'clinc150.jsonl',
    licence: 'CC BY 3.0',
    trains: true,
    weight: 0.25,
    why: 'attribution given in the model card',
    // identity questions (are_you_a_bot) against the rest; no request for a person among its intents
    labels: (r) =>
      r.original_label === 'are_you_a_bot'
        ? only({ identity_question: 1, explicit_request: 0 })
        : only({ identity_question: 0, explicit_request: 0, high_intent: 0, sentiment_shift: 0 }),
  },
  {
    file: 'goemotions.jsonl',
    licence: 'Apache-2.0',
    trains: true,
    weight: 0.15,
    why: 'permissive',
    labels: (r) => (r.mapping === 'proxy' ? undefined : only({ sentiment_shift: r.label === 'negative' ? 1 : 0 })),
  },
  {
    file: 'banking77.jsonl',
    licence: 'CC BY 4.0',
    trains: true,
    weight: 0.2,
    why: 'attribution given in the model card',
    labels: () => only({ explicit_request: 0, identity_question: 0, high_intent: 0 }),
  },
  {
    file: 'dstc11.jsonl',
    licence: 'CDLA-Permissive-2.0',
    trains: true,
    weight: 0.3,
    why: 'permissive; results are not restricted',
    labels: (r) => {
      const also = r.also ?? [];
      if (r.label === 'high_intent')
        return { ...none, high_intent: 1, out_of_confidence: also.includes('out_of_scope') ? 1 : -1 };
      if (r.label === 'human_request') return { ...none, explicit_request: 1 };
      return none;
    },
  },
  {
    file: 'multidogo_ood.jsonl',
    licence: 'CDLA-Permissive-1.0',
    trains: true,
    weight: 0.25,
    why: 'permissive; results are not restricted',
    // out-of-domain turns are not out of confidence: this set trains the request and identity heads only
    labels: () => only({ explicit_request: 0, identity_question: 0, high_intent: 0, sentiment_shift: 0 }),
  },
  {
    file: 'rasa_demo.jsonl',
    licence: 'GPL-3.0',
    trains: false,
    weight: 0,
    why: 'GPL-3.0: whether weights learned from it are a derivative work is unsettled, so it is kept for evaluation only',
    labels: () => undefined,
  },
  {
    file: 'sms_ham.jsonl',
    licence: 'CC BY 4.0 (UCI); the copy here has no licence file',
    trains: false,
    weight: 0,
    why: 'the copy read here carries no licence of its own, and its "call me" between friends is labelled none where a lead\'s "call me" is a request: evaluation only',
    labels: () => undefined,
  },
];

const hashOf = (text: string) => new MurmurHash3(text, 20260301).result();
const ownHeldOutSplits = new Set(['val', 'oos_val', 'dev', 'test']);
const setsWithOwnSplits = new Set(['clinc150.jsonl', 'goemotions.jsonl']);

/** Rows never trained on: the set's own validation split where it has one, else a fixed fifth by text hash. */
export function heldOut(file: string, row: PublicRow): boolean {
  const name = file.split('/').pop()!;
  if (setsWithOwnSplits.has(name)) return ownHeldOutSplits.has(row.split ?? '');
  return hashOf(row.text) % 5 === 0;
}
