import { specFor } from '@baton/decider/testing';
import { briefingDecider, type BriefingEvent } from './briefing.decider';
import type { HandoffFacts } from './brief-input';

const given = specFor(briefingDecider);
const at = '2026-03-02T15:04:05Z';
const handoff: HandoffFacts = {
  cause: 'signals',
  mode: 'live_takeover',
  messageId: 'm4',
  triggeredAt: at,
  signals: [
    {
      signal: 'explicit_request',
      confidence: 0.95,
      evidence: { text: 'a real person', start: 0, end: 13 },
      detector: 'rules',
    },
  ],
};
const opened: BriefingEvent = { type: 'cycle.opened', cycle: 1, handoff };
const tookOver = (repId: string): BriefingEvent[] => [
  { type: 'brief.finalized' },
  { type: 'rep.assigned', repId },
  { type: 'delivery.due', delivery: { cycle: 1, repId, reason: 'rep_took_over' } },
];

describe("the brief's life in a conversation", () => {
  it('opens a cycle when a handoff triggers', () => given([]).when({ type: 'open-handoff', handoff }).then([opened]));

  it('adds the signals of a second trigger while the handoff waits, not a new cycle', () => {
    const more: HandoffFacts = {
      ...handoff,
      signals: [
        { ...handoff.signals[0]!, signal: 'high_intent', evidence: { text: 'closing Friday', start: 0, end: 14 } },
      ],
    };
    const [event] = given([opened]).when({ type: 'open-handoff', handoff: more }).events();
    expect(event).toMatchObject({
      type: 'handoff.updated',
      handoff: { signals: [{ signal: 'explicit_request' }, { signal: 'high_intent' }] },
    });
  });

  it('finalises and delivers to the rep who takes over', () =>
    given([opened]).when({ type: 'take-over', repId: 'rep-7', at }).then(tookOver('rep-7')));

  it('opens a cycle for a rep who takes over without a handoff', () => {
    const events = given([]).when({ type: 'take-over', repId: 'rep-7', at }).events();
    expect(events[0]).toEqual({
      type: 'cycle.opened',
      cycle: 1,
      handoff: { cause: 'rep_took_over', triggeredAt: at, signals: [] },
    });
    expect(events.map((e) => e.type)).toEqual(['cycle.opened', 'brief.finalized', 'rep.assigned', 'delivery.due']);
  });

  it('delivers a cycle once to a rep, however often the takeover arrives', () =>
    given([opened, ...tookOver('rep-7')])
      .when({ type: 'take-over', repId: 'rep-7', at })
      .then([]));

  it('delivers again to another rep who takes over the same cycle', () =>
    given([opened, ...tookOver('rep-7')])
      .when({ type: 'take-over', repId: 'rep-8', at })
      .then([
        { type: 'rep.assigned', repId: 'rep-8' },
        { type: 'delivery.due', delivery: { cycle: 1, repId: 'rep-8', reason: 'rep_took_over' } },
      ]));

  it('delivers at the booking with the meeting; the same booking again changes nothing', () => {
    const meeting = { meetingId: 'mt-1', start: '2026-03-03T16:00:00Z' };
    const booked: BriefingEvent[] = [
      { type: 'meeting.noted', meeting },
      { type: 'brief.finalized' },
      { type: 'rep.assigned', repId: 'rep-9' },
      { type: 'delivery.due', delivery: { cycle: 1, repId: 'rep-9', reason: 'meeting_booked', meetingId: 'mt-1' } },
    ];
    given([opened]).when({ type: 'book-meeting', repId: 'rep-9', meeting }).then(booked);
    given([opened, ...booked])
      .when({ type: 'book-meeting', repId: 'rep-9', meeting })
      .then([]);
  });

  it('does not deliver twice a delivery already handed to the outbox', () => {
    const due = { cycle: 1, repId: 'rep-7', reason: 'rep_took_over' as const };
    given([opened, ...tookOver('rep-7')])
      .when({ type: 'hand-to-outbox', deliveries: [due] })
      .then([{ type: 'deliveries.handed', deliveries: [due] }]);
    given([opened, ...tookOver('rep-7'), { type: 'deliveries.handed', deliveries: [due] }])
      .when({ type: 'take-over', repId: 'rep-7', at })
      .then([]);
  });

  it('closes the cycle at a hand-back; the next handoff opens the next one, delivered again', () => {
    const history: BriefingEvent[] = [opened, ...tookOver('rep-7'), { type: 'cycle.closed' }];
    given(history)
      .when({ type: 'open-handoff', handoff })
      .then([{ type: 'cycle.opened', cycle: 2, handoff }]);
    const events = given([...history, { type: 'cycle.opened', cycle: 2, handoff }])
      .when({ type: 'take-over', repId: 'rep-7', at })
      .events();
    expect(events).toContainEqual({
      type: 'delivery.due',
      delivery: { cycle: 2, repId: 'rep-7', reason: 'rep_took_over' },
    });
  });

  it('ignores a hand-back with no brief open', () => given([]).when({ type: 'hand-back' }).then([]));
});
