import type { HandoffMode, SignalKind, SignalRef } from './conversation.events';

/** Per tenant: which signals, at which confidence, hand off, and which mode runs when. */
export interface HandoffPolicy {
  /** Minimum confidence for each signal to trigger; a signal absent here never triggers alone. explicit_request always triggers. */
  triggerAt: Partial<Record<Exclude<SignalKind, 'explicit_request'>, number>>;
  /** Live texting takeover when a rep is available within business hours; otherwise async booking. */
  liveTakeover: boolean;
  /** Warm transfer on a live call when a rep is available within business hours. */
  warmTransfer: boolean;
  /** What the lead is told, in the same thread, when a rep takes over ({rep} is the rep's name). */
  takeoverAnnouncement: string;
  /**
   * What the AI may do once a meeting is over: after one attended, nothing (the rep owns the lead) or a
   * follow-up; after a no-show, nothing or offer a new time.
   */
  afterMeeting: { attended: 'none' | 'follow_up'; noShow: 'none' | 'rebook' };
}

export const defaultHandoffPolicy: HandoffPolicy = {
  triggerAt: { high_intent: 0.7, out_of_confidence: 0.7, sentiment_shift: 0.7 },
  liveTakeover: true,
  warmTransfer: true,
  takeoverAnnouncement: "I'm bringing in {rep}, who'll take it from here.",
  afterMeeting: { attended: 'none', noShow: 'rebook' },
};

/** What the service knows at decision time (computed outside the decider: rep presence, the clock, the call). */
export interface HandoffContext {
  /** A rep is available now (their presence, inside their working hours): from scheduling's rep.updated events. */
  repAvailable: boolean;
  withinBusinessHours: boolean;
  onLiveCall: boolean;
}

export interface HandoffDecision {
  mode: HandoffMode;
  signals: SignalRef[];
  /** The signal the transition line answers: an explicit request first, then frustration, and so on. */
  reason: SignalKind;
}

const precedence: SignalKind[] = ['explicit_request', 'sentiment_shift', 'high_intent', 'out_of_confidence'];

/** The signals that trigger under the policy, and the mode; undefined when nothing triggers. */
export function decideHandoff(
  signals: SignalRef[],
  policy: HandoffPolicy,
  context: HandoffContext,
): HandoffDecision | undefined {
  const triggering = signals.filter((s) => {
    if (s.signal === 'explicit_request') return true;
    const threshold = Object.hasOwn(policy.triggerAt, s.signal) ? policy.triggerAt[s.signal] : undefined;
    return threshold !== undefined && s.confidence >= threshold;
  });
  if (triggering.length === 0) return undefined;
  const reason = leadingSignal(triggering)!;
  const repNow = context.repAvailable && context.withinBusinessHours;
  const mode: HandoffMode =
    context.onLiveCall && policy.warmTransfer && repNow
      ? 'warm_transfer'
      : !context.onLiveCall && policy.liveTakeover && repNow
        ? 'live_takeover'
        : 'async_booking';
  return { mode, signals: triggering, reason };
}

/** The signal a handoff line answers: an explicit request first, then frustration, and so on. */
export const leadingSignal = (signals: SignalRef[]): SignalKind | undefined =>
  precedence.find((kind) => signals.some((s) => s.signal === kind));

export function announcementFor(policy: HandoffPolicy, repName: string | undefined): string {
  return policy.takeoverAnnouncement.replace(
    '{rep}',
    repName?.trim() ? `${repName.trim()} from our team` : 'a member of our team',
  );
}
