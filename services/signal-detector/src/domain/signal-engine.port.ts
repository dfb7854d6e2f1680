export type SignalKind = 'explicit_request' | 'high_intent' | 'out_of_confidence' | 'sentiment_shift';
export const signalKinds: readonly SignalKind[] = ['explicit_request', 'high_intent', 'out_of_confidence', 'sentiment_shift'];

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
  detector: 'rules' | 'anthropic' | 'ensemble';
  reason?: string;
}

export interface DetectionInput {
  text: string;
  /** Recent turns before this message, oldest first. */
  context: Turn[];
}

/** One port, several engines with the same output. */
export interface SignalEngine {
  readonly name: 'rules' | 'anthropic' | 'ensemble';
  detect(input: DetectionInput): Promise<Detection[]>;
}
