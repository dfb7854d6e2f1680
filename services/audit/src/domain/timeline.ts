import type { Static } from '@sinclair/typebox';
import type { Actor, CloudEvent, Detection, Driver, HandoffMode } from '@baton/contracts';

type ActorOf = Static<typeof Actor>;
type DetectionOf = Static<typeof Detection>;
type DriverOf = Static<typeof Driver>;
type ModeOf = Static<typeof HandoffMode>;

/** A conversation fact as the event store holds it: `baton.conversations.*`, with actor, cause and at in data. */
export interface StreamFact {
  id: string;
  type: string;
  revision: number;
  data: Record<string, unknown>;
}

/** The conversation as its facts make it: what replay yields and what is compared with the live service. */
export interface ReplayedState {
  driver: DriverOf;
  repId: string | null;
  handoff: { mode: ModeOf; triggeredAt: string; messageId: string; signals: DetectionOf[] } | null;
  turn: { turnId: string; inReplyTo: string; directive: string; open: boolean } | null;
  meetingId: string | null;
  optedOut: boolean;
  closed: boolean;
  channel: string | null;
  vertical: string | null;
  lastActivityAt: string | null;
  revision: number;
}

export const startingState = (): ReplayedState => ({
  driver: 'ai',
  repId: null,
  handoff: null,
  turn: null,
  meetingId: null,
  optedOut: false,
  closed: false,
  channel: null,
  vertical: null,
  lastActivityAt: null,
  revision: -1,
});

const fact = (type: string) => type.replace(/^baton\.conversations\./, '').replace(/\.v\d+$/, '');
// The facts that change who drives: any of them voids an open turn (design section 3).
const driverChanges = new Set([
  'handoff.triggered',
  'human.took-over',
  'handed-back',
  'ai.paused',
  'ai.resumed',
  'opted-out',
  'opted-in',
  'conversation.closed',
]);

/**
 * Folds one conversation fact, written from the contract alone (not from conversation-state's code), so a
 * replay is an independent second opinion on the state the live service holds.
 */
export function replayFact(state: ReplayedState, stored: StreamFact): ReplayedState {
  const name = fact(stored.type);
  const data = stored.data;
  const next: ReplayedState = {
    ...state,
    lastActivityAt: typeof data.at === 'string' ? data.at : state.lastActivityAt,
    revision: stored.revision,
  };
  if (driverChanges.has(name) && next.turn?.open) next.turn = { ...next.turn, open: false };
  switch (name) {
    case 'conversation.started':
      return {
        ...next,
        channel: String(data.channel),
        vertical: typeof data.vertical === 'string' ? data.vertical : null,
      };
    case 'lead-message.recorded':
      return { ...next, closed: false, turn: next.turn ? { ...next.turn, open: false } : null };
    case 'handoff.triggered':
      return {
        ...next,
        driver: state.driver === 'ai' ? 'handoff_pending' : state.driver,
        handoff: {
          mode: data.mode as ModeOf,
          triggeredAt: String(data.at),
          messageId: String(data.messageId),
          signals: (data.signals as DetectionOf[]) ?? [],
        },
      };
    case 'turn.granted':
      return {
        ...next,
        turn: {
          turnId: String(data.turnId),
          inReplyTo: String(data.inReplyTo),
          directive: String(data.directive),
          open: true,
        },
      };
    case 'human.took-over':
      return { ...next, driver: 'human', repId: String(data.repId) };
    case 'handed-back':
      return { ...next, driver: 'ai', repId: null, handoff: null };
    case 'ai.paused':
      return { ...next, driver: 'paused' };
    case 'ai.resumed':
      return { ...next, driver: 'ai', handoff: null };
    case 'opted-out':
      return { ...next, driver: 'opted_out', optedOut: true };
    case 'opted-in':
      return { ...next, driver: 'paused', optedOut: false };
    case 'meeting.linked':
      return { ...next, meetingId: String(data.meetingId) };
    case 'conversation.closed':
      return { ...next, closed: true };
    default:
      return next;
  }
}

export interface TimelineEntry {
  at: string;
  /** Where it was read: the conversation's stream (event store) or the audit log (messages, scheduling, ...). */
  from: 'event-store' | 'audit-log';
  eventId: string;
  type: string;
  /** Who did it. */
  who: string;
  /** What happened, in a sentence. */
  what: string;
  /** Why (the fact's cause, the gate's reason). */
  why?: string;
  /** Who drives the conversation after it (driver changes only). */
  driver?: DriverOf;
  signals?: { signal: string; confidence: number; evidence: string; detector: string }[];
  message?: { author: string; body: string; messageId?: string; turnId?: string };
  blocked?: { reason: string; detail: string; turnId?: string };
  /** Personal fields that read [erased]: the lead's key was shredded. */
  erased?: string[];
}

export interface Timeline {
  conversationId: string;
  tenantId: string;
  state: ReplayedState;
  /** Who drove it, from when to when, and why it changed. */
  drivers: { driver: DriverOf; from: string; by: string; cause: string }[];
  entries: TimelineEntry[];
}

const whoOf = (actor: unknown) => {
  const a = actor as ActorOf | undefined;
  return a ? (a.id ? `${a.kind} ${a.id}` : a.kind) : 'system';
};
const signalsOf = (list: unknown) =>
  ((list as DetectionOf[] | undefined) ?? []).map((d) => ({
    signal: d.signal,
    confidence: d.confidence,
    evidence: d.evidence.text,
    detector: d.detector,
  }));
const quote = (list: { signal: string; evidence: string }[]) =>
  list.map((s) => `${s.signal} ("${s.evidence}")`).join(', ');

function describeFact(
  name: string,
  data: Record<string, unknown>,
  driver: DriverOf,
): Pick<TimelineEntry, 'what' | 'driver' | 'signals'> {
  const changes = driverChanges.has(name) ? { driver } : {};
  switch (name) {
    case 'conversation.started':
      return { what: `the lead opened the conversation on ${String(data.channel)} to ${String(data.batonNumber)}` };
    case 'lead-message.recorded':
      return { what: `lead message ${String(data.sequence)} recorded` };
    case 'signal.recorded': {
      const signals = signalsOf(data.signals);
      return { what: signals.length ? `signals: ${quote(signals)}` : 'no handoff signal in the message', signals };
    }
    case 'handoff.triggered': {
      const signals = signalsOf(data.signals);
      return { what: `handoff triggered (${String(data.mode)}) by ${quote(signals)}`, signals, ...changes };
    }
    case 'turn.granted':
      return {
        what: `the AI was granted one turn: ${String(data.directive)}${data.reason ? ` (${String(data.reason)})` : ''}`,
      };
    case 'human.took-over':
      return {
        what: `rep ${String(data.repId)}${data.repName ? ` (${String(data.repName)})` : ''} took over`,
        ...changes,
      };
    case 'handed-back':
      return {
        what: `rep ${String(data.repId)} handed back to the AI${data.note ? `: ${String(data.note)}` : ''}`,
        ...changes,
      };
    case 'ai.paused':
      return { what: 'automatic replies paused', ...changes };
    case 'ai.resumed':
      return { what: 'automatic replies resumed', ...changes };
    case 'opted-out':
      return { what: `the lead opted out (${String(data.channel)}, by ${String(data.source)})`, ...changes };
    case 'opted-in':
      return { what: `the lead opted in again (${String(data.channel)})`, ...changes };
    case 'meeting.linked':
      return {
        what: `meeting ${String(data.meetingId)} with rep ${String(data.repId)} at ${String(data.startsAt)} linked`,
      };
    case 'conversation.closed':
      return { what: 'conversation closed', ...changes };
    default:
      return { what: name };
  }
}

/** What the audit log adds that the stream does not hold: what was said, sent, blocked, booked, briefed. */
function describeRecord(event: CloudEvent, erased: string[]): TimelineEntry | undefined {
  const d = event.data as Record<string, unknown>;
  const base = {
    at: event.time,
    from: 'audit-log' as const,
    eventId: event.id,
    type: event.type,
    ...(erased.length ? { erased } : {}),
  };
  switch (event.type) {
    case 'baton.messages.message.received.v1':
      return {
        ...base,
        who: 'lead',
        what: `the lead wrote: ${String(d.body)}`,
        message: { author: 'lead', body: String(d.body), messageId: String(d.messageId) },
      };
    case 'baton.messages.message.sent.v1': {
      const author = String(d.author);
      return {
        ...base,
        who: d.repId ? `${author} ${String(d.repId)}` : author,
        what: `sent to the lead (${author}): ${String(d.body)}`,
        message: {
          author,
          body: String(d.body),
          messageId: String(d.messageId),
          ...(d.turnId ? { turnId: String(d.turnId) } : {}),
        },
      };
    }
    case 'baton.messages.message.blocked.v1':
      return {
        ...base,
        who: d.repId ? `${String(d.author)} ${String(d.repId)}` : String(d.author),
        what: `the send gate ${d.reason === 'quiet_hours_deferred' ? 'deferred' : 'blocked'} a message from ${String(d.author)}`,
        why: `${String(d.reason)}: ${String(d.detail)}`,
        blocked: {
          reason: String(d.reason),
          detail: String(d.detail),
          ...(d.turnId ? { turnId: String(d.turnId) } : {}),
        },
      };
    case 'baton.messages.lead.opted-out.v1':
      return {
        ...base,
        who: 'lead',
        what: `the lead opted out (${String(d.source)}${d.keyword ? `: ${String(d.keyword)}` : ''})`,
      };
    case 'baton.messages.consent.recorded.v1':
      return {
        ...base,
        who: 'lead',
        what: `consent for ${String(d.channel)} ${d.granted ? 'granted' : 'withdrawn'} (${String(d.source)})`,
      };
    case 'baton.commands.take-over.requested.v1':
    case 'baton.commands.hand-back.requested.v1':
    case 'baton.commands.pause.requested.v1':
    case 'baton.commands.resume.requested.v1':
    case 'baton.commands.close.requested.v1':
      return { ...base, who: whoOf(d.actor), what: `${event.type.split('.')[2]} requested` };
    case 'baton.scheduling.slots.offered.v1':
      return {
        ...base,
        who: 'scheduling',
        what: `slots offered: ${((d.slots as { start: string }[]) ?? []).map((s) => s.start).join(', ')}`,
      };
    case 'baton.scheduling.meeting.booked.v1':
      return {
        ...base,
        who: 'scheduling',
        what: `meeting ${String(d.meetingId)} booked with rep ${String(d.repId)} at ${String(d.start)}`,
      };
    case 'baton.scheduling.meeting.rescheduled.v1':
    case 'baton.scheduling.meeting.cancelled.v1':
    case 'baton.scheduling.meeting.attended.v1':
    case 'baton.scheduling.meeting.no-show.v1':
      return { ...base, who: 'scheduling', what: `meeting ${String(d.meetingId)} ${event.type.split('.')[3]}` };
    case 'baton.briefs.brief.ready.v1':
      return { ...base, who: 'briefing', what: `brief ready${d.repId ? ` for rep ${String(d.repId)}` : ''}` };
    case 'baton.briefs.brief.updated.v1':
      return { ...base, who: 'briefing', what: `brief updated (version ${String(d.version)})` };
    case 'baton.briefs.rep.re-questioned.v1':
      return {
        ...base,
        who: d.repId ? `rep ${String(d.repId)}` : 'rep',
        what: `the rep asked again for ${String(d.field)}, which the brief held`,
      };
    case 'baton.calls.call.started.v1':
    case 'baton.calls.call.ended.v1':
    case 'baton.calls.transfer.requested.v1':
    case 'baton.calls.transfer.connected.v1':
    case 'baton.calls.transfer.failed.v1':
    case 'baton.calls.call.recorded.v1':
    case 'baton.calls.call.refused.v1':
    case 'baton.calls.participant.updated.v1':
      return {
        ...base,
        who: 'gateway',
        what: event.type.replace(/^baton\.calls\./, '').replace(/\.v1$/, ''),
        ...(d.reason ? { why: String(d.reason) } : {}),
      };
    default:
      return undefined;
  }
}

/**
 * The auditor's timeline: the stream's facts (who drove it, when, why, which signals with their evidence)
 * merged with what the audit log adds (what the lead wrote, what went out, what the gate blocked and why),
 * in time order.
 */
export function buildTimeline(
  tenantId: string,
  conversationId: string,
  facts: StreamFact[],
  audited: { event: CloudEvent; erased: string[] }[],
): Timeline {
  let state = startingState();
  const entries: TimelineEntry[] = [];
  const drivers: Timeline['drivers'] = [];
  for (const stored of facts) {
    const name = fact(stored.type);
    const before = state.driver;
    state = replayFact(state, stored);
    const at = String(stored.data.at);
    const described = describeFact(name, stored.data, state.driver);
    entries.push({
      at,
      from: 'event-store',
      eventId: stored.id,
      type: stored.type,
      who: whoOf(stored.data.actor),
      why: String(stored.data.cause),
      ...described,
    });
    if (drivers.length === 0 || state.driver !== before)
      drivers.push({ driver: state.driver, from: at, by: whoOf(stored.data.actor), cause: String(stored.data.cause) });
  }
  for (const { event, erased } of audited) {
    if (event.type.startsWith('baton.conversations.')) continue; // the stream is the source for these
    const entry = describeRecord(event, erased);
    if (entry) entries.push(entry);
  }
  const order = new Map(entries.map((e, i) => [e, i]));
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || order.get(a)! - order.get(b)!);
  return { conversationId, tenantId, state, drivers, entries };
}
