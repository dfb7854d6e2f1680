import type { MeetingNote, SlotOffer } from '@baton/contracts';
import type { Decider } from '@baton/decider';
import type {
  Actor,
  Channel,
  ConversationEvent,
  Directive,
  Driver,
  HandoffMode,
  IdentityQuestion,
  SignalKind,
  SignalRef,
  ThreadLine,
} from './conversation.events';
import { driverChanges } from './conversation.events';
import { HeldByAnotherRep, LeadOptedOut, NotDrivenByRep, NotPaused } from './conversation.errors';
import {
  announcementFor,
  decideHandoff,
  leadingSignal,
  type HandoffContext,
  type HandoffPolicy,
} from './handoff-policy';

export interface Turn {
  turnId: string;
  inReplyTo: string;
  directive: Directive;
  /** Why the turn was granted (a handoff's signal): a disclose_ai turn with a reason says a person is coming. */
  reason?: SignalKind;
  /** False once a newer lead message, a newer turn or any change of driver is recorded. */
  open: boolean;
}

export interface Conversation {
  started: boolean;
  leadPhone?: string;
  batonNumber?: string;
  channel?: Channel;
  /** The line of business of the Baton number the lead wrote to, when its registration names one. */
  vertical?: string;
  driver: Driver;
  repId?: string;
  handoff?: { mode: HandoffMode; signals: SignalRef[]; messageId: string; at: string };
  /** Sequence of each recorded lead message (1, 2, ...). */
  leadMessages: Record<string, number>;
  latestLeadMessageId?: string;
  latestLeadSequence: number;
  /** Lead messages with their signals in. */
  signalsIn: Record<string, true>;
  /** Lead sequence at the last hand-back or resume: signals of earlier messages never trigger again. */
  aiResumedAtSequence: number;
  turn?: Turn;
  /** The latest slot offer a turn carried (an offer heard again grants nothing). */
  offerId?: string;
  meetingId?: string;
  meetingStart?: string;
  closed: boolean;
  lastActivityAt?: string;
  /** The latest lines of the thread, as of the last lead message: what a turn carries to the agent. */
  lines?: ThreadLine[];
}

/**
 * The shape of `Conversation` the snapshots in the read model are folded with. Bump it with any change of the
 * state's shape or of evolve: old snapshots are then refolded from the stream instead of being read wrongly.
 */
export const stateSchemaVersion = 3;

/** How many recent lead messages the state remembers by id; older redeliveries are dropped earlier, by the inbox. */
export const rememberedMessages = 256;
const recent = <V>(record: Record<string, V>, key: string, value: V): Record<string, V> => {
  const next = { ...record, [key]: value };
  const keys = Object.keys(next);
  if (keys.length > rememberedMessages)
    for (const old of keys.slice(0, keys.length - rememberedMessages)) delete next[old];
  return next;
};

export const initialState = (): Conversation => ({
  started: false,
  driver: 'ai',
  leadMessages: {},
  latestLeadSequence: 0,
  signalsIn: {},
  aiResumedAtSequence: 0,
  closed: false,
});

interface LeadFacts {
  leadPhone: string;
  batonNumber: string;
  channel: Channel;
  /** The vertical of the Baton number, when its registration names one (KPIs per vertical). */
  vertical?: string;
}

export type ConversationCommand =
  | { type: 'record-lead-message'; messageId: string; at: string; lead: LeadFacts; lines?: ThreadLine[] }
  | {
      type: 'record-signals';
      messageId: string;
      signals: SignalRef[];
      at: string;
      turnId: string;
      policy: HandoffPolicy;
      context: HandoffContext;
      /** The message itself, when the signals carry it (they do on the bus): recorded with them, at once. */
      lead?: LeadFacts;
      lines?: ThreadLine[];
      /** The lead asked whether they are talking to an AI: the next AI message says so truthfully. */
      identityQuestion?: IdentityQuestion;
    }
  | {
      type: 'take-over';
      repId: string;
      repName?: string;
      via: 'claim' | 'human-message' | 'warm-transfer';
      at: string;
      policy: HandoffPolicy;
    }
  | { type: 'hand-back'; repId: string; note?: string; at: string; turnId: string }
  | { type: 'pause'; actor: Actor; reason?: string; at: string }
  | { type: 'resume'; actor: Actor; at: string }
  | { type: 'opt-out'; channel: Channel | 'all'; messageId?: string; source: string; at: string }
  | { type: 'opt-in'; channel: Channel | 'all'; messageId?: string; source: string; at: string }
  | { type: 'offer-slots'; offer: SlotOffer; inReplyTo?: string; at: string; turnId: string }
  | { type: 'report-no-slots'; inReplyTo?: string; at: string; turnId: string }
  | { type: 'link-meeting'; meeting: MeetingNote; repId: string; inReplyTo?: string; at: string; turnId: string }
  | {
      type: 'unlink-meeting';
      meetingId: string;
      reason: 'cancelled' | 'attended' | 'no_show';
      meeting: MeetingNote;
      repId: string;
      policy: HandoffPolicy;
      inReplyTo?: string;
      at: string;
      turnId: string;
    }
  | { type: 'close'; actor: Actor; reason?: string; at: string }
  /** A warm transfer on a call found no rep: the handoff goes on as an async booking (the AI offers times on the call). */
  | { type: 'fall-back-to-booking'; reason: string; at: string };

const lead: Actor = { kind: 'lead' };
const system: Actor = { kind: 'system', id: 'conversation-state' };
const rep = (id: string): Actor => ({ kind: 'rep', id });

export function decide(command: ConversationCommand, state: Conversation): ConversationEvent[] {
  switch (command.type) {
    case 'record-lead-message':
      return recordLeadMessage(command.messageId, command.at, state, command.lead, command.lines);
    case 'record-signals':
      return recordSignals(command, state);
    case 'take-over': {
      if (state.driver === 'opted_out') throw new LeadOptedOut('a rep taking over');
      if (state.driver === 'human' && state.repId === command.repId) return []; // a repeated claim changes nothing
      // A claim never takes a conversation from the rep who holds it (two reps clicking at once: the first wins);
      // a rep's message in the thread still does, as any human message does.
      if (state.driver === 'human' && state.repId && command.via === 'claim') throw new HeldByAnotherRep(state.repId);
      // A rep who claims the thread is announced; one who just wrote in it, or joined the lead on the call, already
      // showed the change of voice.
      const announce = state.driver !== 'human' && command.via === 'claim';
      return [
        {
          type: 'human.took-over',
          data: {
            repId: command.repId,
            ...(command.repName ? { repName: command.repName } : {}),
            ...(announce ? { announcement: announcementFor(command.policy, command.repName) } : {}),
          },
          actor: rep(command.repId),
          cause:
            command.via === 'claim'
              ? 'rep claimed the conversation'
              : command.via === 'warm-transfer'
                ? 'rep joined the lead on the call (warm transfer)'
                : 'a human message went out in the thread',
          at: command.at,
        },
      ];
    }
    case 'hand-back': {
      if (state.driver !== 'human') throw new NotDrivenByRep(state.driver);
      if (state.repId && state.repId !== command.repId) throw new HeldByAnotherRep(state.repId, 'hand-back');
      const events: ConversationEvent[] = [
        {
          type: 'handed-back',
          data: { repId: command.repId, ...(command.note ? { note: command.note } : {}) },
          actor: rep(command.repId),
          cause: 'rep handed back',
          at: command.at,
        },
      ];
      // The AI picks the thread up again, reading what was said while it was away.
      if (state.latestLeadMessageId)
        events.push(
          turn(
            command.turnId,
            state.latestLeadMessageId,
            'follow_up',
            command.at,
            'conversation handed back',
            undefined,
            { lines: state.lines },
          ),
        );
      return events;
    }
    case 'pause':
      if (state.driver === 'opted_out') throw new LeadOptedOut('pausing');
      if (state.driver === 'paused') return [];
      return [
        {
          type: 'ai.paused',
          data: command.reason ? { reason: command.reason } : {},
          actor: command.actor,
          cause: command.reason ?? 'paused',
          at: command.at,
        },
      ];
    case 'resume':
      if (state.driver !== 'paused') throw new NotPaused(state.driver);
      return [{ type: 'ai.resumed', data: {}, actor: command.actor, cause: 'resumed', at: command.at }];
    case 'opt-out':
      if (state.driver === 'opted_out') return [];
      return [
        {
          type: 'opted-out',
          data: optData(command),
          actor: lead,
          cause: `opted out by ${command.source}`,
          at: command.at,
        },
      ];
    case 'opt-in':
      if (state.driver !== 'opted_out') return [];
      return [
        {
          type: 'opted-in',
          data: optData(command),
          actor: lead,
          cause: `opted in by ${command.source}`,
          at: command.at,
        },
      ];
    case 'offer-slots': {
      // Only while the handoff waits for a booking; an offer heard again, or one that comes after a rep took over, grants nothing.
      if (state.driver !== 'handoff_pending' || state.offerId === command.offer.offerId) return [];
      const { events, replyTo } = answering(command.inReplyTo, command.at, state);
      if (!replyTo) return events;
      // The first offer carries the handoff's reason: the transition and the two times go out as one message.
      const reason =
        command.offer.why === 'handoff' && state.handoff ? leadingSignal(state.handoff.signals) : undefined;
      events.push(
        turn(command.turnId, replyTo, 'offer_slots', command.at, `slots offered (${command.offer.why})`, reason, {
          offer: command.offer,
          lines: state.lines,
        }),
      );
      return events;
    }
    case 'report-no-slots': {
      // No times to offer: the lead still hears the handoff, without times.
      if (state.driver !== 'handoff_pending') return [];
      const { events, replyTo } = answering(command.inReplyTo, command.at, state);
      if (replyTo)
        events.push(
          turn(
            command.turnId,
            replyTo,
            'handoff_transition',
            command.at,
            'no slots to offer',
            state.handoff ? leadingSignal(state.handoff.signals) : undefined,
            { lines: state.lines },
          ),
        );
      return events;
    }
    case 'link-meeting': {
      const { meeting } = command;
      if (state.meetingId === meeting.meetingId && state.meetingStart === meeting.start) return [];
      const { events, replyTo } = answering(command.inReplyTo, command.at, state);
      events.push({
        type: 'meeting.linked',
        data: { meetingId: meeting.meetingId, repId: command.repId, startsAt: meeting.start },
        actor: system,
        cause: state.meetingId === meeting.meetingId ? 'meeting moved' : 'meeting booked',
        at: command.at,
      });
      // The confirmation ends the exchange: no "anything else?" after it.
      if ((state.driver === 'handoff_pending' || state.driver === 'ai') && replyTo) {
        events.push(
          turn(
            command.turnId,
            replyTo,
            'confirm_booking',
            command.at,
            meeting.status === 'rescheduled' ? 'meeting moved' : 'meeting booked',
            undefined,
            { meeting, lines: state.lines },
          ),
        );
      }
      return events;
    }
    case 'unlink-meeting': {
      if (state.meetingId !== command.meetingId) return [];
      const rebook = command.reason === 'no_show' && command.policy.afterMeeting.noShow === 'rebook';
      const { events, replyTo } = answering(command.inReplyTo, command.at, state);
      events.push({
        type: 'meeting.unlinked',
        data: { meetingId: command.meetingId, reason: command.reason, ...(rebook ? { rebook } : {}) },
        actor: command.reason === 'cancelled' ? system : rep(command.repId),
        cause: {
          cancelled: 'meeting cancelled',
          attended: 'the lead attended the meeting',
          no_show: 'the lead missed the meeting',
        }[command.reason],
        at: command.at,
      });
      const aiMay = state.driver === 'handoff_pending' || state.driver === 'ai';
      if (command.reason === 'cancelled' && aiMay && replyTo) {
        events.push(
          turn(command.turnId, replyTo, 'confirm_booking', command.at, 'meeting cancelled', undefined, {
            meeting: command.meeting,
            lines: state.lines,
          }),
        );
      }
      // After an attended meeting the AI follows up only where the tenant's policy says so: the rep's outcome hands back.
      if (
        command.reason === 'attended' &&
        command.policy.afterMeeting.attended === 'follow_up' &&
        state.driver === 'handoff_pending'
      ) {
        events.push({
          type: 'handed-back',
          data: { repId: command.repId, note: 'meeting attended' },
          actor: rep(command.repId),
          cause: 'meeting attended; the tenant lets the AI follow up',
          at: command.at,
        });
        if (replyTo)
          events.push(
            turn(command.turnId, replyTo, 'follow_up', command.at, 'meeting attended', undefined, {
              meeting: command.meeting,
              lines: state.lines,
            }),
          );
      }
      return events;
    }
    case 'fall-back-to-booking':
      if (state.driver !== 'handoff_pending' || state.handoff?.mode !== 'warm_transfer') return [];
      return [
        {
          type: 'handoff.triggered',
          data: { mode: 'async_booking', signals: state.handoff.signals, messageId: state.handoff.messageId },
          actor: system,
          cause: `warm transfer failed: ${command.reason}`,
          at: command.at,
        },
      ];
    case 'close':
      if (state.closed) return [];
      return [
        {
          type: 'conversation.closed',
          data: command.reason ? { reason: command.reason } : {},
          actor: command.actor,
          cause: command.reason ?? 'closed',
          at: command.at,
        },
      ];
  }
}

function optData(command: { channel: Channel | 'all'; messageId?: string; source: string }) {
  return {
    channel: command.channel,
    source: command.source,
    ...(command.messageId ? { messageId: command.messageId } : {}),
  };
}

/** A turn, with what the agent needs to take it: the thread (always, when known), the slots or the meeting. */
function turn(
  turnId: string,
  inReplyTo: string,
  directive: Directive,
  at: string,
  cause: string,
  reason?: SignalKind,
  extra: { offer?: SlotOffer; meeting?: MeetingNote; lines?: ThreadLine[]; mode?: HandoffMode } = {},
): ConversationEvent {
  const { lines, ...rest } = extra;
  return {
    type: 'turn.granted',
    data: { turnId, inReplyTo, directive, ...(reason ? { reason } : {}), ...rest, ...(lines ? { lines } : {}) },
    actor: system,
    cause,
    at,
  };
}

/**
 * The lead message a scheduling answer replies to: recorded first when it has not reached us yet (the pick and
 * its answer travel on different topics), so the turn is not voided when it does. The turn answers the latest.
 */
function answering(
  messageId: string | undefined,
  at: string,
  state: Conversation,
): { events: ConversationEvent[]; replyTo?: string } {
  if (messageId && !Object.hasOwn(state.leadMessages, messageId) && state.started)
    return { events: recordLeadMessage(messageId, at, state), replyTo: messageId };
  return { events: [], replyTo: state.latestLeadMessageId };
}

function recordLeadMessage(
  messageId: string,
  at: string,
  state: Conversation,
  facts?: LeadFacts,
  lines?: ThreadLine[],
): ConversationEvent[] {
  const events: ConversationEvent[] = [];
  if (!state.started && facts) {
    events.push({ type: 'conversation.started', data: { ...facts }, actor: lead, cause: 'first lead message', at });
  }
  if (!Object.hasOwn(state.leadMessages, messageId)) {
    events.push({
      type: 'lead-message.recorded',
      data: { messageId, sequence: state.latestLeadSequence + 1, ...(lines ? { lines } : {}) },
      actor: lead,
      cause: 'lead wrote',
      at,
    });
  }
  return events;
}

function recordSignals(
  command: Extract<ConversationCommand, { type: 'record-signals' }>,
  state: Conversation,
): ConversationEvent[] {
  // Own keys only: a message id from an event is never a key of Object.prototype.
  if (Object.hasOwn(state.signalsIn, command.messageId)) return [];
  // The signals carry their message: it is recorded with them (or they overtook it, when it came on its own).
  const events = recordLeadMessage(command.messageId, command.at, state, command.lead, command.lines);
  const identity = command.identityQuestion;
  events.push({
    type: 'signal.recorded',
    data: {
      messageId: command.messageId,
      signals: command.signals,
      ...(identity ? { identityQuestion: identity } : {}),
    },
    actor: system,
    cause: 'signals detected',
    at: command.at,
  });
  const known = Object.hasOwn(state.leadMessages, command.messageId)
    ? state.leadMessages[command.messageId]
    : undefined;
  const sequence = known ?? state.latestLeadSequence + 1;
  // Never a message from before the AI last got the conversation back, nor one older than a close
  // (a new message reopens the conversation).
  if (sequence <= state.aiResumedAtSequence || (state.closed && known !== undefined)) return events;
  // A handoff a signal calls for happens even when newer messages came first; a turn always answers the latest.
  const isLatest = sequence >= state.latestLeadSequence;
  const replyTo = isLatest ? command.messageId : state.latestLeadMessageId!;
  // The turn reads the thread up to the message it answers.
  const lines = isLatest ? (command.lines ?? state.lines) : state.lines;
  const explicit = command.signals.some((s) => s.signal === 'explicit_request');
  switch (state.driver) {
    case 'ai': {
      const handoff = decideHandoff(command.signals, command.policy, command.context);
      if (handoff) {
        events.push({
          type: 'handoff.triggered',
          data: { mode: handoff.mode, signals: handoff.signals, messageId: command.messageId },
          actor: system,
          cause: `${handoff.reason} detected`,
          at: command.at,
        });
        if (identity && isLatest) {
          // Asked "are you a bot?" as well: the answer says truthfully that an AI is writing and that a person is
          // coming, at once (honesty does not wait for the slots of an async booking).
          events.push(
            turn(
              command.turnId,
              replyTo,
              'disclose_ai',
              command.at,
              'handoff triggered; lead asked if it is an AI',
              handoff.reason,
              { lines },
            ),
          );
        } else if (handoff.mode !== 'async_booking') {
          // Async booking: the AI's next line carries the two slots scheduling finds for it (granted on slots.offered),
          // so the lead reads the transition and the times in one message instead of two AI messages in a row.
          events.push(
            turn(command.turnId, replyTo, 'handoff_transition', command.at, 'handoff triggered', handoff.reason, {
              lines,
              ...(handoff.mode === 'warm_transfer' ? { mode: handoff.mode } : {}),
            }),
          );
        }
      } else if (isLatest && identity) {
        events.push(
          turn(command.turnId, command.messageId, 'disclose_ai', command.at, 'lead asked if it is an AI', undefined, {
            lines,
          }),
        );
      } else if (isLatest) {
        events.push(
          turn(command.turnId, command.messageId, 'qualify', command.at, 'lead message answered', undefined, { lines }),
        );
      }
      return events;
    }
    case 'handoff_pending':
      // Only handoff moves while a rep is on the way; a repeated ask for a person is acknowledged, and "are you a bot?"
      // is answered truthfully (a person is on the way), never with a question.
      if (identity && isLatest) {
        const reason = explicit
          ? 'explicit_request'
          : (leadingSignal(state.handoff?.signals ?? []) ?? 'explicit_request');
        events.push(
          turn(command.turnId, command.messageId, 'disclose_ai', command.at, 'lead asked if it is an AI', reason, {
            lines,
          }),
        );
      } else if (explicit && isLatest) {
        events.push(
          turn(
            command.turnId,
            command.messageId,
            'handoff_transition',
            command.at,
            'lead asked again for a person',
            'explicit_request',
            { lines },
          ),
        );
      }
      return events;
    case 'paused': {
      // An explicit request is recorded as a handoff at once (reps and CRMs hear of it); nobody replies automatically.
      const handoff = explicit ? decideHandoff(command.signals, command.policy, command.context) : undefined;
      if (handoff) {
        events.push({
          type: 'handoff.triggered',
          data: { mode: handoff.mode, signals: handoff.signals, messageId: command.messageId },
          actor: system,
          cause: 'explicit_request detected while paused',
          at: command.at,
        });
      }
      return events;
    }
    case 'human':
    case 'opted_out':
      return events;
  }
}

export function evolve(state: Conversation, event: ConversationEvent): Conversation {
  const next: Conversation = { ...state, lastActivityAt: event.at };
  if (driverChanges.has(event.type) && next.turn?.open) next.turn = { ...next.turn, open: false };
  switch (event.type) {
    case 'conversation.started':
      return {
        ...next,
        started: true,
        leadPhone: event.data.leadPhone,
        batonNumber: event.data.batonNumber,
        channel: event.data.channel,
        ...(event.data.vertical ? { vertical: event.data.vertical } : {}),
      };
    case 'lead-message.recorded':
      return {
        ...next,
        leadMessages: recent(state.leadMessages, event.data.messageId, event.data.sequence),
        latestLeadMessageId: event.data.messageId,
        latestLeadSequence: event.data.sequence,
        turn: next.turn ? { ...next.turn, open: false } : undefined,
        closed: false,
        ...(event.data.lines ? { lines: event.data.lines } : {}),
      };
    case 'signal.recorded':
      return { ...next, signalsIn: recent(state.signalsIn, event.data.messageId, true as const) };
    case 'handoff.triggered':
      return {
        ...next,
        driver: state.driver === 'ai' ? 'handoff_pending' : state.driver,
        handoff: { mode: event.data.mode, signals: event.data.signals, messageId: event.data.messageId, at: event.at },
      };
    case 'turn.granted':
      return {
        ...next,
        turn: {
          turnId: event.data.turnId,
          inReplyTo: event.data.inReplyTo,
          directive: event.data.directive,
          ...(event.data.reason ? { reason: event.data.reason } : {}),
          open: true,
        },
        offerId: event.data.offer?.offerId ?? state.offerId,
      };
    case 'human.took-over':
      return { ...next, driver: 'human', repId: event.data.repId };
    case 'handed-back':
      return {
        ...next,
        driver: 'ai',
        repId: undefined,
        handoff: undefined,
        aiResumedAtSequence: state.latestLeadSequence,
      };
    case 'ai.paused':
      return { ...next, driver: 'paused' };
    case 'ai.resumed':
      return { ...next, driver: 'ai', handoff: undefined, aiResumedAtSequence: state.latestLeadSequence };
    case 'opted-out':
      return { ...next, driver: 'opted_out' };
    case 'opted-in':
      return { ...next, driver: 'paused' };
    case 'meeting.linked':
      return { ...next, meetingId: event.data.meetingId, meetingStart: event.data.startsAt };
    case 'meeting.unlinked':
      return { ...next, meetingId: undefined, meetingStart: undefined };
    case 'conversation.closed':
      return { ...next, closed: true };
  }
}

export const conversationDecider: Decider<ConversationCommand, ConversationEvent, Conversation> = {
  decide,
  evolve,
  initialState,
};
