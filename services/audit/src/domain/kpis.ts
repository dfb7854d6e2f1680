import type { CloudEvent } from '@baton/contracts';

/**
 * The handoff KPIs, computed from a conversation's events alone (pure: the same events give the same
 * figures, so a replay of the log recomputes them exactly). Nothing here reads a personal field, so erasing a
 * lead changes no KPI.
 */
export const kpiDimensions = ['day', 'rep', 'channel', 'vertical', 'mode'] as const;
export type KpiDimension = (typeof kpiDimensions)[number];
type Dims = Record<KpiDimension, string | null>;

export type Unit =
  | { kind: 'conversation'; at: string; dims: Dims; handedOff: boolean }
  | {
      kind: 'handoff';
      at: string;
      dims: Dims;
      engagementSeconds?: number;
      leadFelt: boolean;
      complaint?: 'provider_complaint' | 'opt_out' | 'negative_sentiment';
    }
  | { kind: 'engaged'; at: string; dims: Dims; reQuestions: number }
  | {
      kind: 'meeting';
      at: string;
      dims: Dims;
      aiBooked: boolean;
      outcome: 'attended' | 'no_show' | 'cancelled' | 'pending';
    }
  | { kind: 'ai-message'; at: string; dims: Dims; blockedReason?: string };

const t = (type: string) => `baton.${type}.v1`;
const dayOf = (at: string) => at.slice(0, 10);
const ms = (at: string) => Date.parse(at);
const complaintWindowMs = 24 * 3600_000;
type Data = Record<string, unknown>;

/** The first rep contact after a time: a rep taking the thread, a rep's message, a rep joining the call, an attended meeting (at its start). */
function engagementAfter(
  events: CloudEvent[],
  from: number,
  until: number,
  meetingOf: (meetingId: string) => { start: string; repId: string } | undefined,
): { at: number; repId: string | null } | undefined {
  let best: { at: number; repId: string | null } | undefined;
  const consider = (at: number, repId: string | null) => {
    if (at >= from && at < until && (!best || at < best.at)) best = { at, repId };
  };
  for (const e of events) {
    const d = e.data as Data;
    if (e.type === t('conversations.human.took-over')) consider(ms(String(d.at)), String(d.repId));
    else if (e.type === t('messages.message.sent') && d.author === 'rep')
      consider(ms(String(d.sentAt)), d.repId ? String(d.repId) : null);
    else if (e.type === t('calls.transfer.connected')) consider(ms(e.time), String(d.repId));
    else if (e.type === t('scheduling.meeting.attended')) {
      const meeting = meetingOf(String(d.meetingId));
      if (meeting) consider(ms(meeting.start), meeting.repId);
    }
  }
  return best;
}

/** A conversation's units: the conversation, each handoff, its rep engagement, each meeting, each AI message sent or blocked. */
export function unitsOf(events: CloudEvent[]): Unit[] {
  const units: Unit[] = [];
  const started = events.find((e) => e.type === t('conversations.conversation.started'));
  const received = events.find((e) => e.type === t('messages.message.received'));
  const startData = (started?.data ?? {}) as Data;
  const channel =
    (startData.channel as string | undefined) ??
    ((received?.data as Data | undefined)?.channel as string | undefined) ??
    null;
  const vertical =
    (startData.vertical as string | undefined) ??
    ((received?.data as Data | undefined)?.vertical as string | undefined) ??
    null;
  const dims = (at: string, rep: string | null = null, mode: string | null = null): Dims => ({
    day: dayOf(at),
    rep,
    channel,
    vertical,
    mode,
  });

  const meetings = new Map<
    string,
    { booked: CloudEvent; start: string; repId: string; outcome: 'attended' | 'no_show' | 'cancelled' | 'pending' }
  >();
  for (const e of events) {
    const d = e.data as Data;
    if (e.type === t('scheduling.meeting.booked'))
      meetings.set(String(d.meetingId), {
        booked: e,
        start: String(d.start),
        repId: String(d.repId),
        outcome: 'pending',
      });
  }
  // What happened to each meeting, in the order it happened (topics interleave in the log).
  for (const e of [...events].sort((a, b) => ms(a.time) - ms(b.time))) {
    const d = e.data as Data;
    const m = meetings.get(String(d.meetingId));
    if (!m) continue;
    if (e.type === t('scheduling.meeting.rescheduled')) m.start = String(d.start);
    if (e.type === t('scheduling.meeting.attended')) m.outcome = 'attended';
    if (e.type === t('scheduling.meeting.no-show')) m.outcome = 'no_show';
    if (e.type === t('scheduling.meeting.cancelled') && m.outcome === 'pending') m.outcome = 'cancelled';
  }
  const meetingOf = (id: string) => meetings.get(id);

  const triggers = events
    .filter((e) => e.type === t('conversations.handoff.triggered'))
    .sort((a, b) => ms(String((a.data as Data).at)) - ms(String((b.data as Data).at)));
  const sentTurns = new Set(
    events
      .filter(
        (e) => e.type === t('messages.message.sent') && (e.data as Data).author === 'ai' && (e.data as Data).turnId,
      )
      .map((e) => String((e.data as Data).turnId)),
  );
  const firstEngagement = engagementAfter(events, -Infinity, Infinity, meetingOf);
  const firstTrigger = triggers[0];

  if (started || received) {
    const at = started ? String(startData.at) : received!.time;
    units.push({
      kind: 'conversation',
      at,
      dims: dims(at, firstEngagement?.repId ?? null, firstTrigger ? String((firstTrigger.data as Data).mode) : null),
      handedOff: triggers.length > 0,
    });
  }

  triggers.forEach((trigger, i) => {
    const d = trigger.data as Data;
    const at = String(d.at);
    const from = ms(at);
    const until = triggers[i + 1] ? ms(String((triggers[i + 1]!.data as Data).at)) : Infinity;
    const engaged = engagementAfter(events, from, until, meetingOf);
    // The lead was told: a handoff_transition turn granted for this handoff was answered by a message that went out.
    const leadFelt = events.some(
      (e) =>
        e.type === t('conversations.turn.granted') &&
        (e.data as Data).directive === 'handoff_transition' &&
        ms(String((e.data as Data).at)) >= from &&
        ms(String((e.data as Data).at)) < until &&
        sentTurns.has(String((e.data as Data).turnId)),
    );
    const within = (time: string) => ms(time) > from && ms(time) <= from + complaintWindowMs;
    const provider = events.some(
      (e) =>
        e.type === t('messages.lead.opted-out') &&
        (e.data as Data).source === 'provider' &&
        within(String((e.data as Data).at)),
    );
    const optOut = events.some(
      (e) =>
        (e.type === t('messages.lead.opted-out') && within(String((e.data as Data).at))) ||
        (e.type === t('conversations.opted-out') && within(String((e.data as Data).at))),
    );
    const negative = events.some(
      (e) =>
        e.type === t('signals.signal.detected') &&
        (e.data as Data).messageId !== d.messageId &&
        within(e.time) &&
        ((e.data as Data).detections as { signal: string }[]).some((x) => x.signal === 'sentiment_shift'),
    );
    const complaint = provider
      ? ('provider_complaint' as const)
      : optOut
        ? ('opt_out' as const)
        : negative
          ? ('negative_sentiment' as const)
          : undefined;
    units.push({
      kind: 'handoff',
      at,
      dims: dims(at, engaged?.repId ?? null, String(d.mode)),
      leadFelt,
      ...(engaged ? { engagementSeconds: (engaged.at - from) / 1000 } : {}),
      ...(complaint ? { complaint } : {}),
    });
  });

  if (firstEngagement && Number.isFinite(firstEngagement.at)) {
    const at = new Date(firstEngagement.at).toISOString();
    units.push({
      kind: 'engaged',
      at,
      dims: dims(at, firstEngagement.repId, firstTrigger ? String((firstTrigger.data as Data).mode) : null),
      reQuestions: events.filter((e) => e.type === t('briefs.rep.re-questioned')).length,
    });
  }

  for (const m of meetings.values()) {
    const aiBooked = events.some((e) => e.type === t('scheduling.slots.offered') && ms(e.time) <= ms(m.booked.time));
    units.push({
      kind: 'meeting',
      at: m.booked.time,
      dims: dims(m.booked.time, m.repId),
      aiBooked,
      outcome: m.outcome,
    });
  }

  for (const e of events) {
    const d = e.data as Data;
    if (e.type === t('messages.message.sent') && d.author === 'ai')
      units.push({ kind: 'ai-message', at: String(d.sentAt), dims: dims(String(d.sentAt)) });
    if (e.type === t('messages.message.blocked') && d.author === 'ai')
      units.push({ kind: 'ai-message', at: e.time, dims: dims(e.time), blockedReason: String(d.reason) });
  }
  return units;
}

/** Nearest-rank percentile (the smallest value with at least p of the values at or below it). */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

const rate = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10_000) / 10_000);

export interface KpiRow {
  group: Partial<Dims>;
  conversations: number;
  handoffs: number;
  handoffRate: number | null;
  engagement: { engaged: number; p50Seconds: number | null; p90Seconds: number | null };
  leadFeltHandoffRate: number | null;
  meetings: { aiBooked: number; attended: number; noShow: number; cancelled: number; pending: number };
  showRate: number | null;
  engagedConversations: number;
  reQuestions: number;
  reQuestionRate: number | null;
  complaintsAfterHandoff: { providerComplaint: number; optOut: number; negativeSentiment: number };
  complaintRateAfterHandoff: number | null;
  aiMessages: { sent: number; blocked: number; blockedByReason: Record<string, number> };
  aiBlockedRate: number | null;
}

/** Groups the units anchored in [from, to) by the dimensions asked for, and computes each KPI per group. */
export function aggregateKpis(
  units: Unit[],
  window: { from: Date; to: Date },
  groupBy: readonly KpiDimension[],
): KpiRow[] {
  const groups = new Map<string, { group: Partial<Dims>; units: Unit[] }>();
  for (const unit of units) {
    const at = ms(unit.at);
    if (!(at >= window.from.getTime() && at < window.to.getTime())) continue;
    const group = Object.fromEntries(groupBy.map((d) => [d, unit.dims[d]])) as Partial<Dims>;
    const key = JSON.stringify(groupBy.map((d) => unit.dims[d]));
    const entry = groups.get(key) ?? { group, units: [] };
    entry.units.push(unit);
    groups.set(key, entry);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { group, units: list }]) => rowOf(group, list));
}

function rowOf(group: Partial<Dims>, units: Unit[]): KpiRow {
  const of = <K extends Unit['kind']>(kind: K) => units.filter((u): u is Extract<Unit, { kind: K }> => u.kind === kind);
  const conversations = of('conversation');
  const handoffs = of('handoff');
  const engagedSeconds = handoffs
    .flatMap((h) => (h.engagementSeconds === undefined ? [] : [h.engagementSeconds]))
    .sort((a, b) => a - b);
  const meetings = of('meeting').filter((m) => m.aiBooked);
  const count = (outcome: string) => meetings.filter((m) => m.outcome === outcome).length;
  const engaged = of('engaged');
  const complaints = (kind: string) => handoffs.filter((h) => h.complaint === kind).length;
  const ai = of('ai-message');
  const blocked = ai.filter((m) => m.blockedReason);
  const byReason: Record<string, number> = {};
  for (const m of blocked) byReason[m.blockedReason!] = (byReason[m.blockedReason!] ?? 0) + 1;
  const attended = count('attended');
  const noShow = count('no_show');
  return {
    group,
    conversations: conversations.length,
    handoffs: handoffs.length,
    handoffRate: rate(conversations.filter((c) => c.handedOff).length, conversations.length),
    engagement: {
      engaged: engagedSeconds.length,
      p50Seconds: percentile(engagedSeconds, 0.5),
      p90Seconds: percentile(engagedSeconds, 0.9),
    },
    leadFeltHandoffRate: rate(handoffs.filter((h) => h.leadFelt).length, handoffs.length),
    meetings: { aiBooked: meetings.length, attended, noShow, cancelled: count('cancelled'), pending: count('pending') },
    showRate: rate(attended, attended + noShow),
    engagedConversations: engaged.length,
    reQuestions: engaged.reduce((n, e) => n + e.reQuestions, 0),
    reQuestionRate: rate(engaged.filter((e) => e.reQuestions > 0).length, engaged.length),
    complaintsAfterHandoff: {
      providerComplaint: complaints('provider_complaint'),
      optOut: complaints('opt_out'),
      negativeSentiment: complaints('negative_sentiment'),
    },
    complaintRateAfterHandoff: rate(handoffs.filter((h) => h.complaint).length, handoffs.length),
    aiMessages: { sent: ai.length - blocked.length, blocked: blocked.length, blockedByReason: byReason },
    aiBlockedRate: rate(blocked.length, ai.length),
  };
}
