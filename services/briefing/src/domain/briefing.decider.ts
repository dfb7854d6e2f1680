import type { Channel } from '@baton/contracts';
import type { Decider } from '@baton/decider';
import type { HandoffFacts, MeetingFacts } from './brief-input';

// The brief's life in one conversation: built when a handoff triggers (a cycle opens), updated as the
// conversation goes on, final when a meeting is booked or a rep takes over (and delivered then, once per
// rep and cycle), closed by a hand-back; the next handoff opens the next cycle.

export type BriefPhase = 'none' | 'open' | 'final' | 'handed_back';
export type DeliveryReason = 'meeting_booked' | 'rep_took_over';
/** The event that made a delivery due: the brief.ready it causes carries its correlation. */
export interface Cause {
  id: string;
  correlationid: string;
}
export interface DueDelivery {
  cycle: number;
  repId: string;
  reason: DeliveryReason;
  meetingId?: string;
  cause?: Cause;
}

export interface BriefingState {
  lead?: { phone: string; batonNumber: string; channel: Channel };
  phase: BriefPhase;
  cycle: number;
  handoff?: HandoffFacts;
  repId?: string;
  repName?: string;
  meeting?: MeetingFacts;
  /** deliveries decided and not yet handed to the outbox with the brief they carry */
  due: DueDelivery[];
  /** `${cycle}:${repId}`: who has had this cycle's brief */
  delivered: string[];
}

export type BriefingCommand =
  | { type: 'note-lead'; phone: string; batonNumber: string; channel: Channel }
  | { type: 'open-handoff'; handoff: HandoffFacts }
  | { type: 'take-over'; repId: string; repName?: string; at: string; cause?: Cause }
  | { type: 'book-meeting'; repId: string; meeting: MeetingFacts; cause?: Cause }
  | { type: 'hand-back' }
  | { type: 'hand-to-outbox'; deliveries: DueDelivery[] };

export type BriefingEvent =
  | { type: 'lead.noted'; lead: NonNullable<BriefingState['lead']> }
  | { type: 'cycle.opened'; cycle: number; handoff: HandoffFacts }
  | { type: 'handoff.updated'; handoff: HandoffFacts }
  | { type: 'rep.assigned'; repId: string; repName?: string }
  | { type: 'meeting.noted'; meeting: MeetingFacts }
  | { type: 'brief.finalized' }
  | { type: 'delivery.due'; delivery: DueDelivery }
  | { type: 'deliveries.handed'; deliveries: DueDelivery[] }
  | { type: 'cycle.closed' };

export const initialBriefingState = (): BriefingState => ({ phase: 'none', cycle: 0, due: [], delivered: [] });

const key = (d: Pick<DueDelivery, 'cycle' | 'repId'>) => `${d.cycle}:${d.repId}`;

/** A rep (by takeover or booking) gets the cycle's brief once; a new cycle opens if none is open. */
function finalizeFor(
  state: BriefingState,
  repId: string,
  reason: DeliveryReason,
  opened: HandoffFacts,
  extra: BriefingEvent[],
  meetingId?: string,
  cause?: Cause,
): BriefingEvent[] {
  const out: BriefingEvent[] = [];
  let cycle = state.cycle;
  if (state.phase === 'none' || state.phase === 'handed_back') {
    cycle += 1;
    out.push({ type: 'cycle.opened', cycle, handoff: opened });
  }
  out.push(...extra);
  if (state.phase !== 'final') out.push({ type: 'brief.finalized' });
  if (state.repId !== repId) out.push({ type: 'rep.assigned', repId });
  const delivery: DueDelivery = {
    cycle,
    repId,
    reason,
    ...(meetingId ? { meetingId } : {}),
    ...(cause ? { cause } : {}),
  };
  const already = state.delivered.includes(key(delivery)) || state.due.some((d) => key(d) === key(delivery));
  if (!already) out.push({ type: 'delivery.due', delivery });
  return out;
}

export function decide(command: BriefingCommand, state: BriefingState): BriefingEvent[] {
  switch (command.type) {
    case 'note-lead':
      if (state.lead?.phone === command.phone && state.lead.batonNumber === command.batonNumber) return [];
      return [
        {
          type: 'lead.noted',
          lead: { phone: command.phone, batonNumber: command.batonNumber, channel: command.channel },
        },
      ];
    case 'open-handoff':
      if (state.phase === 'none' || state.phase === 'handed_back')
        return [{ type: 'cycle.opened', cycle: state.cycle + 1, handoff: command.handoff }];
      // a second trigger while the same handoff waits adds its signals; once a rep drives there is no handoff to trigger
      if (state.phase === 'open')
        return [{ type: 'handoff.updated', handoff: mergeHandoff(state.handoff, command.handoff) }];
      return [];
    case 'take-over': {
      const events = finalizeFor(
        state,
        command.repId,
        'rep_took_over',
        { cause: 'rep_took_over', triggeredAt: command.at, signals: [] },
        [],
        undefined,
        command.cause,
      );
      return events.map((e) =>
        e.type === 'rep.assigned' ? { ...e, ...(command.repName ? { repName: command.repName } : {}) } : e,
      );
    }
    case 'book-meeting': {
      if (state.meeting?.meetingId === command.meeting.meetingId && state.repId === command.repId) return [];
      return finalizeFor(
        state,
        command.repId,
        'meeting_booked',
        { cause: 'signals', signals: [] },
        [{ type: 'meeting.noted', meeting: command.meeting }],
        command.meeting.meetingId,
        command.cause,
      );
    }
    case 'hand-back':
      return state.phase === 'open' || state.phase === 'final' ? [{ type: 'cycle.closed' }] : [];
    case 'hand-to-outbox': {
      const handed = command.deliveries.filter((d) => state.due.some((x) => key(x) === key(d)));
      return handed.length > 0 ? [{ type: 'deliveries.handed', deliveries: handed }] : [];
    }
  }
}

function mergeHandoff(current: HandoffFacts | undefined, next: HandoffFacts): HandoffFacts {
  if (!current) return next;
  const seen = new Set(current.signals.map((s) => `${s.signal}:${s.evidence.text}`));
  return {
    ...current,
    ...(next.mode ? { mode: next.mode } : {}),
    signals: [...current.signals, ...next.signals.filter((s) => !seen.has(`${s.signal}:${s.evidence.text}`))],
  };
}

export function evolve(state: BriefingState, event: BriefingEvent): BriefingState {
  switch (event.type) {
    case 'lead.noted':
      return { ...state, lead: event.lead };
    case 'cycle.opened':
      return { ...state, phase: 'open', cycle: event.cycle, handoff: event.handoff, meeting: undefined };
    case 'handoff.updated':
      return { ...state, handoff: event.handoff };
    case 'rep.assigned':
      return { ...state, repId: event.repId, ...(event.repName ? { repName: event.repName } : {}) };
    case 'meeting.noted':
      return { ...state, meeting: event.meeting };
    case 'brief.finalized':
      return { ...state, phase: 'final' };
    case 'delivery.due':
      return { ...state, due: [...state.due, event.delivery] };
    case 'deliveries.handed': {
      const handed = new Set(event.deliveries.map(key));
      return {
        ...state,
        due: state.due.filter((d) => !handed.has(key(d))),
        delivered: [...state.delivered, ...handed].slice(-50),
      };
    }
    case 'cycle.closed':
      return { ...state, phase: 'handed_back' };
  }
}

export const briefingDecider: Decider<BriefingCommand, BriefingEvent, BriefingState> = {
  decide,
  evolve,
  initialState: initialBriefingState,
};
