import type { IdentityQuestion, SignalEngineName, SignalKind as SignalKindWord } from '@baton/contracts';

export type SignalKind = SignalKindWord;
export type { IdentityQuestion, SignalEngineName };
export const signalKinds: readonly SignalKind[] = [
  'explicit_request',
  'high_intent',
  'out_of_confidence',
  'sentiment_shift',
];

export interface Turn {
  author: 'lead' | 'ai' | 'rep';
  text: string;
}

export interface Detection {
  signal: SignalKind;
  /** 0..1 */
  confidence: number;
  /** The words in the message that show it. */
  evidence: { text: string; start: number; end: number };
  /** The engine that decided this signal. */
  detector: SignalEngineName;
  reason?: string;
}

export interface DetectionInput {
  text: string;
  /** Recent turns before this message, oldest first. */
  context: Turn[];
}

/** What an engine read in one lead message: its handoff signals and whether it asks if the lead is talking to an AI. */
export interface Reading {
  detections: Detection[];
  identityQuestion?: IdentityQuestion;
}

/** One port, several engines with the same output. */
export interface SignalEngine {
  readonly name: SignalEngineName;
  read(input: DetectionInput): Promise<Reading>;
}

/** The AI's turn just before the lead's message, the one a short reply ("yes please") answers. */
export function previousAiTurn(context: Turn[]): string | undefined {
  // The lead may have sent one more line before this one ("ok" then "after 6 works"): look past it.
  for (let i = context.length - 1, leadLines = 0; i >= 0 && leadLines <= 1; i--) {
    if (context[i]!.author !== 'lead') return context[i]!.text;
    leadLines++;
  }
  return undefined;
}
