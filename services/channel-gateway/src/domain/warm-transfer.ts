/** One warm transfer on a live call: the reps to try, in order, and where it stands. */
export interface Transfer {
  transferId: string;
  leadCallSid: string;
  /** When the handoff fired (handoff.triggered's time): the clock the trigger-to-rep time runs from. */
  triggeredAt: string;
  reps: { repId: string; phone: string }[];
  /** 0 before the first rep is dialled. */
  attempt: number;
  status: 'awaiting_transition' | 'dialling' | 'connected' | 'failed';
  repCallSid?: string;
  reason?: string;
  /** The line whose saying starts the transfer, when it is not the AI's transition turn (a rep's take-over announcement). */
  transitionSendId?: string;
  /** A rep took over from the console: they are the only one dialled, and nobody joining does not bring the AI back. */
  takeOver?: boolean;
}

/** What a rep leg's outcome means for the transfer. */
export type RepLegOutcome = 'answered' | 'no_answer' | 'voicemail' | 'declined' | 'busy' | 'failed';

/** Twilio's status of a rep leg read as an outcome; undefined for a status that settles nothing (ringing...). */
export function repLegOutcome(
  callStatus: string | undefined,
  answeredBy: string | undefined,
): RepLegOutcome | undefined {
  if (answeredBy && /^(machine|fax)/.test(answeredBy)) return 'voicemail';
  switch (callStatus) {
    case 'no-answer':
      return 'no_answer';
    case 'busy':
      return 'busy';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return undefined;
  }
}

/** After a rep leg did not join: the next rep to dial, or the fallback when none is left. */
export function nextStep(
  transfer: Transfer,
): { kind: 'dial'; rep: { repId: string; phone: string }; attempt: number } | { kind: 'fallback'; reason: string } {
  if (transfer.attempt < transfer.reps.length)
    return { kind: 'dial', rep: transfer.reps[transfer.attempt], attempt: transfer.attempt + 1 };
  return {
    kind: 'fallback',
    reason: transfer.reps.length === 0 ? 'no rep to dial' : `no rep joined after ${transfer.reps.length} tried`,
  };
}

export const whisperWordLimit = 60;

/** At most `limit` words, ending on a full stop. */
export function clipWords(text: string, limit = whisperWordLimit): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length <= limit) return words.join(' ');
  return `${words
    .slice(0, limit)
    .join(' ')
    .replace(/[,;:]$/, '')}.`;
}

/**
 * What the rep hears before joining: the brief's spoken summary when briefing has one, else the handoff's
 * reason and what the lead said so far (their latest words first), at most 60 words.
 */
export function whisperFor(input: {
  spokenSummary?: string;
  reason?: string;
  evidence?: string;
  leadLines: string[];
}): string {
  if (input.spokenSummary?.trim()) return clipWords(input.spokenSummary);
  const reason = input.reason ? `${input.reason.replace(/_/g, ' ')}` : 'a handoff';
  const said = input.leadLines
    .slice(-3)
    .map((l) => l.trim().replace(/[.!?]*$/, '.'))
    .join(' ');
  return clipWords(
    `Warm transfer: ${reason}${input.evidence ? `, "${input.evidence}"` : ''}. The lead said: ${said || 'nothing yet.'}`,
  );
}
