import { events } from '../../test/fixtures';
import { aggregateKpis, percentile, unitsOf, type Unit } from './kpis';

// Four conversations whose KPIs were worked out by hand (see each expectation).
const at = (hhmm: string, day = '02') => `2026-03-${day}T${hhmm}:00.000Z`;
const conversationA = [
  // mortgage: live takeover, the lead was told, rep-7 engaged after 2 min and re-asked once; one AI message blocked
  events.started({ conversation: 'A', time: at('15:00'), vertical: 'mortgage' }),
  events.triggered({ conversation: 'A', time: at('15:01'), mode: 'live_takeover' }),
  events.turn('t-a', 'handoff_transition', { conversation: 'A', time: at('15:01') }),
  events.sent('Let me get a specialist', 'ai', { conversation: 'A', time: '2026-03-02T15:01:05.000Z', turnId: 't-a' }),
  events.tookOver('rep-7', { conversation: 'A', time: at('15:03') }),
  events.reQuestioned('rep-7', { conversation: 'A', time: at('15:05') }),
  events.blocked('human_spoke', { conversation: 'A', time: at('15:04') }),
];
const conversationB = [
  // solar: async booking, the transition turn never went out, the meeting was attended, frustration within 24 h
  events.started({ conversation: 'B', time: at('15:10'), vertical: 'solar' }),
  events.triggered({ conversation: 'B', time: at('15:12'), mode: 'async_booking' }),
  events.turn('t-b', 'handoff_transition', { conversation: 'B', time: at('15:12') }),
  events.blocked('turn_void', { conversation: 'B', time: at('15:12'), turnId: 't-b' }),
  events.slotsOffered('rep-9', { conversation: 'B', time: at('15:13') }),
  events.booked('m-b', 'rep-9', '2026-03-03T16:00:00.000Z', { conversation: 'B', time: at('15:14') }),
  events.signal('sentiment_shift', 'this is taking forever', { conversation: 'B', time: at('16:00') }),
  events.attended('m-b', { conversation: 'B', time: at('16:20', '03') }),
];
const conversationC = [
  // mortgage: no handoff, two AI answers, a meeting a rep booked without an AI offer (not counted)
  events.started({ conversation: 'C', time: at('15:20'), vertical: 'mortgage' }),
  events.sent('What rate do you have now?', 'ai', { conversation: 'C', time: at('15:21') }),
  events.sent('And the balance?', 'ai', { conversation: 'C', time: at('15:22') }),
  events.booked('m-c', 'rep-7', '2026-03-04T16:00:00.000Z', { conversation: 'C', time: at('15:23') }),
];
const conversationD = [
  // mortgage: live takeover, the lead was told, rep-7 wrote after 30 s, an AI-booked no-show, then STOP
  events.started({ conversation: 'D', time: at('15:30'), vertical: 'mortgage' }),
  events.triggered({ conversation: 'D', time: at('15:31'), mode: 'live_takeover' }),
  events.turn('t-d', 'handoff_transition', { conversation: 'D', time: at('15:31') }),
  events.sent('A specialist will text you', 'ai', {
    conversation: 'D',
    time: '2026-03-02T15:31:10.000Z',
    turnId: 't-d',
  }),
  events.sent('Hi, Dana here', 'rep', { conversation: 'D', time: '2026-03-02T15:31:30.000Z', repId: 'rep-7' }),
  events.slotsOffered('rep-7', { conversation: 'D', time: at('15:35') }),
  events.booked('m-d', 'rep-7', '2026-03-02T18:00:00.000Z', { conversation: 'D', time: at('15:40') }),
  events.noShow('m-d', { conversation: 'D', time: at('18:20') }),
  events.optedOut({ conversation: 'D', time: at('19:00') }),
];
const units: Unit[] = [conversationA, conversationB, conversationC, conversationD].flatMap(unitsOf);
const window = { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-05T00:00:00Z') };

describe('KPIs from events', () => {
  it('computes every KPI of the fixture as worked out by hand', () => {
    const [all] = aggregateKpis(units, window, []);
    expect(all).toEqual({
      group: {},
      conversations: 4,
      handoffs: 3,
      handoffRate: 0.75, // A, B and D of four
      engagement: { engaged: 3, p50Seconds: 120, p90Seconds: 89_280 }, // 30 s (D), 120 s (A), 24 h 48 min to B's attended meeting
      leadFeltHandoffRate: 0.6667, // A and D answered their transition turn; B's was blocked
      meetings: { aiBooked: 2, attended: 1, noShow: 1, cancelled: 0, pending: 0 }, // m-c was not booked from an AI offer
      showRate: 0.5,
      engagedConversations: 3,
      reQuestions: 1,
      reQuestionRate: 0.3333, // A of A, B, D
      complaintsAfterHandoff: { providerComplaint: 0, optOut: 1, negativeSentiment: 1 }, // D's STOP, B's frustration
      complaintRateAfterHandoff: 0.6667,
      aiMessages: { sent: 4, blocked: 2, blockedByReason: { human_spoke: 1, turn_void: 1 } },
      aiBlockedRate: 0.3333,
    });
  });

  it('groups by vertical, rep and day', () => {
    const byVertical = aggregateKpis(units, window, ['vertical']);
    expect(byVertical.map((r) => [r.group, r.conversations, r.handoffRate])).toEqual([
      [{ vertical: 'mortgage' }, 3, 0.6667],
      [{ vertical: 'solar' }, 1, 1],
    ]);
    const byRep = aggregateKpis(units, window, ['rep']).filter((r) => r.handoffs > 0);
    expect(byRep.map((r) => [r.group.rep, r.handoffs, r.engagement.p50Seconds])).toEqual([
      ['rep-7', 2, 30],
      ['rep-9', 1, 89_280],
    ]);
    const byDay = aggregateKpis(units, window, ['day']);
    expect(byDay.map((r) => [r.group.day, r.engagedConversations])).toEqual([
      ['2026-03-02', 2],
      ['2026-03-03', 1],
    ]);
  });

  it('counts only units anchored in the window', () => {
    const [later] = aggregateKpis(units, { from: new Date('2026-03-03T00:00:00Z'), to: window.to }, []);
    expect(later).toMatchObject({ conversations: 0, handoffs: 0, engagedConversations: 1 });
  });

  it('is the same whatever order the events were recorded in (topics interleave)', () => {
    const shuffled = [conversationA, conversationB, conversationC, conversationD].flatMap((c) =>
      unitsOf([...c].reverse()),
    );
    expect(aggregateKpis(shuffled, window, ['vertical'])).toEqual(aggregateKpis(units, window, ['vertical']));
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });
});
