import type { Author, Directive as DirectiveWord, MeetingNote, SlotOffer } from '@baton/contracts';
import { firstName, sayDuration, sayMoment, saySlots, sayTime } from '@baton/lead-time';
import { identityLines, offerOpenings, playbookFor, transitionLineFor, type Playbook } from './playbooks';

export type Directive = DirectiveWord;
export interface Line {
  /** a system line (a reminder, a notice) is never shown to the agent as a speaker */
  author: Exclude<Author, 'system'>;
  text: string;
}

export interface TurnRequest {
  directive: Directive;
  reason?: string;
  /** Everything said in the thread so far, oldest first: the lead, the AI, and reps while the AI was away. */
  transcript: Line[];
  playbook?: string;
  /** offer_slots: the two times, the lead's zone, the rep. */
  offer?: SlotOffer;
  /** confirm_booking (and a follow-up after a meeting): the meeting as booked, moved or cancelled. */
  meeting?: MeetingNote;
  /** When the turn was granted: "tomorrow" is counted from here, in the lead's zone. */
  now?: string;
  /** The handoff's mode, on a transition turn: a warm transfer is said on a live call before a rep comes in. */
  mode?: string;
}

/** What the lead hears on a call before the warm transfer puts them on hold for a rep. */
export const warmTransferLine = 'Let me bring someone live in, give me one second.';

/** The offered times as the lead should read them: "tomorrow at 10:30 or 1:15". */
export function offeredTimes(offer: SlotOffer, now: string): string {
  return saySlots(
    offer.slots.map((s) => s.start),
    offer.leadTimezone,
    now,
    { zoneName: offer.zoneUncertain },
  );
}

/** Each offered time as it must appear in any wording of the offer ("10:30", "1:15"). */
export const offeredClockTimes = (offer: SlotOffer) => offer.slots.map((s) => sayTime(s.start, offer.leadTimezone));

/** One message that moves the lead to a booking: why (on the first offer), the two times, the rep. */
export function offerLine(request: TurnRequest): string {
  const { offer } = request;
  if (!offer) return 'I can set up a call with a specialist. What day and time usually work best for you?';
  const now = request.now ?? new Date(0).toISOString();
  const times = offeredTimes(offer, now);
  const rep = firstName(offer.repName);
  switch (offer.why) {
    case 'handoff':
      return `${offerOpenings[request.reason ?? 'default'] ?? ''}Want to grab a quick ${offer.minutes} minutes with ${rep}? I've got ${times}.`;
    case 'clarify':
      return `Sorry, just so I book the right one: ${times}?`;
    case 'other_times':
      return `No problem. How about ${times}?`;
    case 'slot_taken':
      return `Ah, that one just got taken. I can do ${times} instead?`;
    case 'reschedule':
      return `Sure, we can move it. ${rep} is free ${times}. Which works?`;
    case 'no_show':
      return `Sorry we missed you! Want to find another time with ${rep}? I've got ${times}.`;
  }
}

/** The booking, its move or its cancellation confirmed, and nothing asked: the exchange ends here. */
export function confirmationLine(request: TurnRequest): string {
  const { meeting } = request;
  if (!meeting)
    return "You're booked. You'll get a reminder 30 minutes before, and the specialist will already have the details you shared.";
  const when = sayMoment(meeting.start, meeting.leadTimezone, request.now ?? meeting.start, {
    zoneName: meeting.zoneUncertain,
  });
  const rep = firstName(meeting.repName);
  const reminder =
    meeting.reminderMinutes > 0 ? ` We'll send a reminder ${sayDuration(meeting.reminderMinutes)} before.` : '';
  switch (meeting.status) {
    case 'rescheduled':
      return `Done, your call with ${rep} is now ${when}.${meeting.leadInvited ? ' I sent the updated invite.' : ''}${reminder}`;
    case 'cancelled':
      return `No problem, your call with ${rep} ${when} is cancelled. Text here anytime if you'd like a new time.`;
    default:
      return meeting.leadInvited
        ? `Great, just sent the calendar invite for ${when} with ${rep}.${reminder}`
        : `Great, you're all set with ${rep} ${when}.${reminder}`;
  }
}

/** What the thread has already answered: filled from what the lead and reps said, never asked again. */
export function knownAnswers(playbook: Playbook, transcript: Line[]): Record<string, string> {
  const known: Record<string, string> = {};
  for (const line of transcript) {
    if (line.author === 'ai') continue;
    for (const slot of playbook.slots) {
      if (known[slot.key]) continue;
      const match = slot.answer.exec(line.text);
      if (match) known[slot.key] = (match[1] ?? match[0]).trim();
    }
  }
  return known;
}

// Words a Spanish or an English text is likely to hold, so the identity answer is given in the lead's language.
const spanishWords =
  /(?<![\p{L}])(?:eres|es|estoy|hablando|usted|una?|persona|humano|m[aá]quina|autom[aá]tic[oa]|qui[eé]n|qu[eé]|s[ií]|gracias|hola|por\s+favor|necesito|quiero|con|el|la|de)(?![\p{L}])/giu;
const englishWords =
  /(?<![\p{L}])(?:are|is|am|you|u|r|this|the|a|an|i|talking|real|person|human|to|with|bot)(?![\p{L}])/giu;
export const speaksSpanish = (text: string) =>
  (text.match(spanishWords) ?? []).length > (text.match(englishWords) ?? []).length;

/**
 * The truthful answer to "are you a bot?": an AI assistant, and a person on offer (or, during a handoff, on the way).
 * Never a claim to be human, whatever the directive before it was.
 */
export function identityAnswer(request: Pick<TurnRequest, 'reason' | 'transcript'>): string {
  const lastLead = [...request.transcript].reverse().find((l) => l.author === 'lead')?.text ?? '';
  const lines = identityLines[speaksSpanish(lastLead) ? 'es' : 'en'];
  return request.reason ? lines.handoff : lines.offer;
}

/**
 * The deterministic reference agent: it speaks only as the turn's directive says, asks only for what is not
 * known yet, and never treats an old handoff as a reason to hand off again (it has no such rule at all:
 * handoffs are conversation-state's decision).
 */
export function scriptedReply(request: TurnRequest): string {
  const playbook = playbookFor(request.playbook);
  const known = knownAnswers(playbook, request.transcript);
  const next = playbook.slots.find((s) => !known[s.key]);
  const spokeBefore = request.transcript.some((l) => l.author === 'ai');
  switch (request.directive) {
    case 'handoff_transition':
      return request.mode === 'warm_transfer' ? warmTransferLine : transitionLineFor(request.reason);
    case 'disclose_ai':
      return identityAnswer(request);
    case 'offer_slots':
      return offerLine(request);
    case 'confirm_booking':
      return confirmationLine(request);
    case 'follow_up': {
      if (request.meeting?.status === 'attended')
        return `Thanks for making time for ${firstName(request.meeting.repName)} today! If anything else comes up, just text here.`;
      const recap =
        Object.keys(known).length > 0
          ? 'Thanks for your patience while my colleague helped out. '
          : 'Thanks for your patience. ';
      return next
        ? `${recap}${next.question}`
        : `${recap}I have everything I need; is there anything else I can help with?`;
    }
    case 'qualify':
      if (!next) return "Thanks, that's everything I need. Would you like me to set up a quick call with a specialist?";
      return spokeBefore ? `Got it. ${next.question}` : `${playbook.greeting} ${next.question}`;
  }
}
