import { nextAllowedMoment, type LeadPlace, type Window } from '@baton/lead-time';
import type { Fence } from './send-gate';

/** States that allow at most three outbound calls to one lead in 24 hours (FL, OK and MD telemarketing laws). */
export const callLimitStates: ReadonlySet<string> = new Set(['FL', 'OK', 'MD']);
export const callsPer24h = 3;

export type CallRefusal = 'opted_out' | 'no_consent' | 'quiet_hours' | 'call_limit' | 'not_ai_driven';
export type CallVerdict = { kind: 'call' } | { kind: 'refuse'; reason: CallRefusal; detail: string };

export interface CallRequest {
  /** The moment of the decision, from the clock. */
  at: string;
  /** When the earlier outbound calls to this lead were placed (any age; only the last 24 hours count). */
  earlierCalls: string[];
}

/**
 * Whether Baton may place an AI call to the lead now, pure. An opted-out lead is never called; the AI calls only
 * with consent for calls (consent to texts is not consent to calls; a lead who called in gave it); never in quiet
 * hours in the lead's time; in FL, OK and MD at most three outbound calls in 24 hours; never while a rep or a
 * pause holds the conversation.
 */
export function decideCall(request: CallRequest, fence: Fence, place: LeadPlace, window: Window): CallVerdict {
  if (fence.optedOut.voice) return { kind: 'refuse', reason: 'opted_out', detail: 'the lead opted out' };
  if (!fence.consent.voice) {
    return {
      kind: 'refuse',
      reason: 'no_consent',
      detail: fence.consent.sms
        ? 'the lead consented to texts only; no consent to calls on record'
        : 'no consent to calls on record',
    };
  }
  if (fence.driver !== 'ai' && fence.driver !== 'handoff_pending')
    return { kind: 'refuse', reason: 'not_ai_driven', detail: `the driver is ${fence.driver}` };
  if (fence.humanSpoke)
    return { kind: 'refuse', reason: 'not_ai_driven', detail: 'a rep spoke and has not handed back' };
  const allowed = nextAllowedMoment(request.at, place, window);
  if (Date.parse(allowed) > Date.parse(request.at))
    return {
      kind: 'refuse',
      reason: 'quiet_hours',
      detail: `outside the lead's calling hours; next allowed ${allowed}`,
    };
  if (place.state && callLimitStates.has(place.state)) {
    const since = Date.parse(request.at) - 24 * 3600_000;
    const recent = request.earlierCalls.filter((at) => Date.parse(at) > since).length;
    if (recent >= callsPer24h)
      return {
        kind: 'refuse',
        reason: 'call_limit',
        detail: `${place.state} allows ${callsPer24h} outbound calls per lead in 24 hours; ${recent} placed`,
      };
  }
  return { kind: 'call' };
}
