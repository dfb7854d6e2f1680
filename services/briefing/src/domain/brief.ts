import { wordCount } from './clauses';
import type { Brief, BriefInput, ExtractedFields } from './brief-input';
import type { EngineDraft } from './brief-engine.port';
import { composeOpeningLine, composeSpoken, composeSummary, spokenWordLimit, summaryWordLimit } from './compose';

export interface BriefMeta {
  briefId: string;
  version: number;
  cycle: number;
  status: Brief['status'];
  builtAt: string;
  engine: Brief['engine'];
}

/**
 * The brief from an engine's draft and the conversation's facts. The engine's own summary is used only when
 * it keeps to 120 words (the whisper to 60); otherwise the brief composes them from the fields.
 */
export function assembleBrief(input: BriefInput, draft: EngineDraft, meta: BriefMeta): Brief {
  const fields: ExtractedFields = draft.fields;
  const name = fields.name?.value ?? input.lead.name;
  const within = (text: string | undefined, limit: number) =>
    text && wordCount(text) <= limit && text.trim().length > 0 ? text.trim() : undefined;
  const warm = input.handoff?.mode === 'warm_transfer';
  const { name: nameFact, email, referral, ...rest } = fields;
  return {
    ...meta,
    summary: within(draft.summary, summaryWordLimit) ?? composeSummary(input, fields, name),
    openingLine: within(draft.openingLine, 80) ?? composeOpeningLine(fields, name),
    ...(warm
      ? { spokenSummary: within(draft.spokenSummary, spokenWordLimit) ?? composeSpoken(input, fields, name) }
      : {}),
    fields: {
      lead: {
        phone: input.lead.phone,
        ...(nameFact ? { name: nameFact } : {}),
        ...(email ? { email } : {}),
        ...(input.lead.timezone ? { timezone: input.lead.timezone } : {}),
        ...(input.lead.state ? { state: input.lead.state } : {}),
      },
      source: {
        ...(input.source.channel ? { channel: input.source.channel } : {}),
        ...(input.source.batonNumber ? { batonNumber: input.source.batonNumber } : {}),
        ...(input.turns[0] ? { firstContactAt: input.turns[0].at, firstMessageId: input.turns[0].id } : {}),
        ...(referral ? { referral } : {}),
      },
      ...rest,
      ...(input.handoff
        ? {
            handoff: {
              cause: input.handoff.cause,
              ...(input.handoff.mode ? { mode: input.handoff.mode } : {}),
              ...(input.handoff.triggeredAt ? { triggeredAt: input.handoff.triggeredAt } : {}),
              ...(input.handoff.messageId ? { messageId: input.handoff.messageId } : {}),
              reasons: input.handoff.signals.map((s) => ({
                signal: s.signal,
                confidence: s.confidence,
                evidence: s.evidence.text,
                detector: s.detector,
                ...(input.handoff!.messageId ? { messageId: input.handoff!.messageId } : {}),
              })),
            },
          }
        : {}),
      ...(input.rep ? { rep: input.rep } : {}),
      ...(input.meeting ? { meeting: input.meeting } : {}),
      reQuestions: input.reQuestions,
    },
  };
}
