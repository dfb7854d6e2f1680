import { playbookFor, transitionLineFor, type Playbook } from './playbooks';

export type Directive = 'qualify' | 'handoff_transition' | 'offer_slots' | 'confirm_booking' | 'follow_up';
export interface Line {
  author: 'lead' | 'ai' | 'rep';
  text: string;
}

export interface TurnRequest {
  directive: Directive;
  reason?: string;
  /** Everything said in the thread so far, oldest first: the lead, the AI, and reps while the AI was away. */
  transcript: Line[];
  playbook?: string;
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
      return transitionLineFor(request.reason);
    case 'offer_slots':
      return 'I can set up a call with a specialist. Which works better for you: the first or the second time I sent?';
    case 'confirm_booking':
      return "You're booked. You'll get a reminder 30 minutes before, and the specialist will already have the details you shared.";
    case 'follow_up': {
      const recap = Object.keys(known).length > 0 ? 'Thanks for your patience while my colleague helped out. ' : 'Thanks for your patience. ';
      return next ? `${recap}${next.question}` : `${recap}I have everything I need; is there anything else I can help with?`;
    }
    case 'qualify':
      if (!next) return "Thanks, that's everything I need. Would you like me to set up a quick call with a specialist?";
      return spokeBefore ? `Got it. ${next.question}` : `${playbook.greeting} ${next.question}`;
  }
}
