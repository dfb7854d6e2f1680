import type { BriefInput, ExtractedFields } from './brief-input';

/** What an engine writes; the words it offers for the summary, opening and whisper are checked before use. */
export interface EngineDraft {
  fields: ExtractedFields;
  summary?: string;
  openingLine?: string;
  spokenSummary?: string;
}

/** One port, two engines with the same output: the offline extractive one and the optional language model. */
export interface BriefEngine {
  readonly name: 'extractive' | 'anthropic';
  draft(input: BriefInput): Promise<EngineDraft>;
}
