import type { Static } from '@sinclair/typebox';
import type { BlockReason as BlockReasonSchema, Channel, Directive, Driver } from '@baton/contracts';
import { nextAllowedMoment, type LeadPlace, type Window } from '@baton/lead-time';

export type { Channel, Directive, Driver };
export type BlockReason = Exclude<Static<typeof BlockReasonSchema>, 'quiet_hours_deferred'>;

// disclose_ai answers "are you a bot?" truthfully; during a handoff conversation-state grants it with the handoff's
// reason, so the line says a person is coming and asks nothing.
const handoffMoves: ReadonlySet<Directive> = new Set([
  'handoff_transition',
  'offer_slots',
  'confirm_booking',
  'disclose_ai',
]);

/** What the gate knows of one conversation, kept durably: fed by baton.conversations and by its own traffic. */
export interface Fence {
  driver: Driver;
  openTurn?: { turnId: string; directive: Directive; inReplyTo?: string };
  /** A human message went out since the last hand-back: the AI is fenced off until a rep hands back. */
  humanSpoke: boolean;
  optedOut: Record<Channel, boolean>;
  consent: Partial<Record<Channel, boolean>>;
  /** The lead has been told they are talking with an AI. */
  disclosed: boolean;
  optOutConfirmed: boolean;
  /** The latest turns granted, so a send can tell a void turn from one whose grant has not arrived yet. */
  seenTurns: string[];
  /** The latest lead message the gateway took: a turn answering an older one is void, whatever the fence heard. */
  latestLeadMessageId?: string;
  /** The stream revision of the last conversation fact applied: an older or repeated fact changes nothing. */
  lastSequence?: number;
  /**
   * Turns an AI reply is parked for (awaiting_turn), so only their grants look for parked replies. It may name a
   * turn whose reply has gone since (the sweep voided it): a look-up then finds nothing and sets it right. Unset on
   * a fence stored before it was kept: every grant looks, once, and sets it.
   */
  parkedTurns?: string[];
}

export const openFence = (): Fence => ({
  driver: 'ai',
  humanSpoke: false,
  optedOut: { sms: false, voice: false },
  consent: {},
  disclosed: false,
  optOutConfirmed: false,
  seenTurns: [],
  parkedTurns: [],
});

export type FenceFact =
  | { type: 'turn.granted'; turnId: string; directive: Directive; inReplyTo?: string }
  | { type: 'lead-message.recorded' }
  | { type: 'lead.wrote'; messageId: string }
  | { type: 'handoff.triggered' }
  | { type: 'driver.changed'; driver: Driver }
  | { type: 'handed-back' }
  | { type: 'human.sent' }
  | { type: 'ai.sent'; turnId: string; disclosed: boolean }
  | { type: 'opted-out'; channel: Channel | 'all' }
  | { type: 'opted-in'; channel: Channel | 'all' }
  | { type: 'consent'; channel: Channel; granted: boolean }
  | { type: 'opt-out.confirmed' }
  | { type: 'reply.parked'; turnId: string }
  | { type: 'parked.looked-up'; turnIds: string[] };

export function evolveFence(fence: Fence, fact: FenceFact): Fence {
  const channels = (c: Channel | 'all'): Channel[] => (c === 'all' ? ['sms', 'voice'] : [c]);
  switch (fact.type) {
    case 'turn.granted':
      return {
        ...fence,
        openTurn: {
          turnId: fact.turnId,
          directive: fact.directive,
          ...(fact.inReplyTo ? { inReplyTo: fact.inReplyTo } : {}),
        },
        seenTurns: [...(fence.seenTurns ?? []), fact.turnId].slice(-32),
      };
    case 'handoff.triggered':
      // conversation-state only moves an AI-driven conversation to pending; a paused one stays paused.
      return { ...fence, driver: fence.driver === 'ai' ? 'handoff_pending' : fence.driver, openTurn: undefined };
    case 'lead-message.recorded':
      return { ...fence, openTurn: undefined };
    case 'lead.wrote':
      // The gateway hears the lead first: any turn answering an earlier message is void from this moment.
      return { ...fence, openTurn: undefined, latestLeadMessageId: fact.messageId };
    case 'driver.changed':
      return {
        ...fence,
        driver: fact.driver,
        openTurn: undefined,
        humanSpoke: fact.driver === 'human' ? true : fence.humanSpoke,
      };
    case 'handed-back':
      return { ...fence, driver: 'ai', openTurn: undefined, humanSpoke: false };
    case 'human.sent':
      return { ...fence, humanSpoke: true, openTurn: undefined };
    case 'ai.sent':
      return {
        ...fence,
        openTurn: fence.openTurn?.turnId === fact.turnId ? undefined : fence.openTurn,
        disclosed: fence.disclosed || fact.disclosed,
      };
    case 'opted-out': {
      // A repeated STOP is the same opt-out: its one confirmation is not owed again.
      const already = channels(fact.channel).every((c) => fence.optedOut[c]);
      return {
        ...fence,
        optedOut: { ...fence.optedOut, ...Object.fromEntries(channels(fact.channel).map((c) => [c, true])) },
        optOutConfirmed: already && fence.optOutConfirmed,
      };
    }
    case 'opted-in':
      return {
        ...fence,
        optedOut: { ...fence.optedOut, ...Object.fromEntries(channels(fact.channel).map((c) => [c, false])) },
      };
    case 'consent':
      return { ...fence, consent: { ...fence.consent, [fact.channel]: fact.granted } };
    case 'opt-out.confirmed':
      return { ...fence, optOutConfirmed: true };
    case 'reply.parked':
      // Unknown before (an older fence): it stays unknown, since replies parked before are not in it.
      if (!fence.parkedTurns || fence.parkedTurns.includes(fact.turnId)) return fence;
      return { ...fence, parkedTurns: [...fence.parkedTurns, fact.turnId].slice(-32) };
    case 'parked.looked-up':
      return { ...fence, parkedTurns: [...new Set(fact.turnIds)].slice(-32) };
  }
}

export interface SendRequest {
  author: 'ai' | 'rep' | 'system';
  channel: Channel;
  turnId?: string;
  /** Carrier-required answers go out at once, whatever the hour: the opt-out confirmation and the HELP reply. */
  purpose?: 'opt_out_confirmation' | 'help';
  /** The moment of the decision (the clock's now, never the moment the request was made). */
  at: string;
}

export type Verdict =
  | { kind: 'send'; disclose: boolean }
  | { kind: 'block'; reason: BlockReason; detail: string }
  | { kind: 'defer'; until: string };

/** Whether these grants may release a parked reply: one is for a turn a reply waits for (or the fence does not know). */
export const grantsMayReleaseParked = (fence: Fence, grantedTurnIds: string[]) =>
  grantedTurnIds.length > 0 &&
  (fence.parkedTurns === undefined || grantedTurnIds.some((turnId) => fence.parkedTurns!.includes(turnId)));

/** A turn the fence has not heard of yet (its grant is still on its way), as opposed to one that is void. */
export const turnNotYetKnown = (fence: Fence, turnId: string | undefined) =>
  Boolean(turnId) && !(fence.seenTurns ?? []).includes(turnId!);

/**
 * Whether the grant of a turn the fence has not heard of may still be on its way. A reply that names the stream
 * revision of its turn's grant (or a later one) waits until the fence has applied the stream that far, however late
 * the facts are (a restart, a lagging consumer); past it without the grant, the turn is void. A reply that names no
 * revision may be waited for (a grace, in time, decides).
 */
export const grantMayStillCome = (fence: Fence, turnSequence: string | undefined) =>
  turnSequence === undefined || fence.lastSequence === undefined || fence.lastSequence < Number(turnSequence);

/** The gate's rule, pure: whether this message may reach the lead now, later, or never. */
export function decideSend(
  request: SendRequest,
  fence: Fence,
  place: LeadPlace,
  window: Window,
  tenantDiscloses = true,
): Verdict {
  if (fence.optedOut[request.channel]) {
    if (request.purpose === 'opt_out_confirmation' && !fence.optOutConfirmed) return { kind: 'send', disclose: false };
    return { kind: 'block', reason: 'opted_out', detail: `the lead opted out of ${request.channel}` };
  }
  if (request.purpose) return { kind: 'send', disclose: false };
  if (!fence.consent[request.channel])
    return { kind: 'block', reason: 'no_consent', detail: `no consent on record for ${request.channel}` };
  if (request.author === 'ai') {
    if (fence.humanSpoke)
      return { kind: 'block', reason: 'human_spoke', detail: 'a human message went out and no rep has handed back' };
    if (fence.driver !== 'ai' && fence.driver !== 'handoff_pending')
      return { kind: 'block', reason: 'not_ai_driven', detail: `the driver is ${fence.driver}` };
    if (!fence.openTurn || fence.openTurn.turnId !== request.turnId) {
      return {
        kind: 'block',
        reason: 'turn_void',
        detail: request.turnId ? `turn ${request.turnId} is not the open turn` : 'an AI message needs a granted turn',
      };
    }
    if (
      fence.openTurn.inReplyTo &&
      fence.latestLeadMessageId &&
      fence.openTurn.inReplyTo !== fence.latestLeadMessageId
    ) {
      return {
        kind: 'block',
        reason: 'turn_void',
        detail: `turn ${request.turnId} answers an earlier lead message; the lead wrote again`,
      };
    }
    if (fence.driver === 'handoff_pending' && !handoffMoves.has(fence.openTurn.directive)) {
      return {
        kind: 'block',
        reason: 'handoff_moves_only',
        detail: `a ${fence.openTurn.directive} turn during a handoff`,
      };
    }
  }
  // A line on a live call answers the lead who is on it: quiet hours decide whether a call is placed, not what is
  // said in it; and the call's first words already said it is an AI.
  if (request.channel === 'voice') return { kind: 'send', disclose: false };
  const allowed = nextAllowedMoment(request.at, place, window);
  if (allowed !== request.at && Date.parse(allowed) > Date.parse(request.at)) return { kind: 'defer', until: allowed };
  return { kind: 'send', disclose: request.author === 'ai' && tenantDiscloses && !fence.disclosed };
}
