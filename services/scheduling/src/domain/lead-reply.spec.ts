import { exactStart, readMeetingReply, readSlotReply, type SlotReply } from './lead-reply';
import { heldOut, offerContext as context, offered, picks, type Expected } from './lead-reply.fixtures';

const shape = (reply: SlotReply): Expected => {
  if (reply.kind === 'pick') return { kind: 'pick', index: reply.index };
  if (reply.kind === 'other') return { kind: 'other', wish: reply.wish as Record<string, unknown> };
  return { kind: reply.kind };
};

describe("reading a lead's pick among two slots", () => {
  it('has a table of at least 40 phrasings, English and Spanish', () =>
    expect(picks.length).toBeGreaterThanOrEqual(40));

  it.each(picks)('%j', (text, expected) => {
    const reply = shape(readSlotReply(text, offered, context));
    if (expected.kind === 'other' && expected.wish) expect(reply).toEqual({ kind: 'other', wish: expected.wish });
    else
      expect(reply.kind === 'other' ? { kind: 'other' } : reply).toEqual(
        expected.kind === 'other' ? { kind: 'other' } : expected,
      );
  });

  it('never books a slot the held-out phrasings did not mean (a miss may only be a clarifying question)', () => {
    let right = 0;
    for (const [text, expected] of heldOut) {
      const reply = shape(readSlotReply(text, offered, context));
      const same =
        reply.kind === expected.kind &&
        (reply.kind !== 'pick' || (expected.kind === 'pick' && reply.index === expected.index));
      if (same) right++;
      else if (reply.kind === 'pick' || reply.kind === 'either')
        throw new Error(
          `held-out ${JSON.stringify(text)} booked ${JSON.stringify(reply)}, meant ${JSON.stringify(expected)}`,
        );
    }
    // What the report quotes: read right out of heldOut.length, the rest asked again.
    expect(right).toBeGreaterThan(0);
    if (process.env.BATON_REPORT_HELDOUT)
      process.stdout.write(`held-out phrasings read right: ${right}/${heldOut.length}\n`);
  });

  it('reads times in the lead zone: the same words match other instants in Los Angeles', () => {
    const la = { zone: 'America/Los_Angeles', now: context.now };
    // 15:30Z is 7:30 in LA, 18:15Z is 10:15
    expect(readSlotReply('10:15 works', offered, la)).toEqual({ kind: 'pick', index: 1, how: 'time' });
    expect(readSlotReply('10:30 works', offered, la).kind).toBe('other');
  });
});

describe('reading what a lead says about a booked meeting', () => {
  const start = offered[0]!.start;
  it('moves it to a time on the same day', () =>
    expect(readMeetingReply('can we move it to 3?', start, context)).toEqual({
      kind: 'move',
      wish: { time: { hour: 15, minute: 0 }, date: '2026-03-04' },
      exact: true,
    }));
  it('moves it to another day', () =>
    expect(readMeetingReply('need to reschedule to friday', start, context)).toMatchObject({
      kind: 'move',
      wish: { weekday: 5 },
    }));
  it('moves it without a time: a new pair', () =>
    expect(readMeetingReply('can we reschedule?', start, context)).toEqual({ kind: 'move', wish: {}, exact: false }));
  it('cancels', () => {
    expect(readMeetingReply('I need to cancel', start, context)).toEqual({ kind: 'cancel' });
    expect(readMeetingReply('necesito cancelar la cita', start, context)).toEqual({ kind: 'cancel' });
    expect(readMeetingReply("sorry, can't make it", start, context)).toEqual({ kind: 'cancel' });
  });
  it('leaves a bare CANCEL to the opt-out keywords, and chatter alone', () => {
    expect(readMeetingReply('CANCEL', start, context)).toEqual({ kind: 'none' });
    expect(readMeetingReply('thanks, see you then', start, context)).toEqual({ kind: 'none' });
  });
  it('resolves a weekday and a time to the next such moment, across the spring change', () => {
    // Friday Mar 6, asking for Monday at 10 (Mar 9, after the change: 14:00Z, not 15:00Z)
    expect(
      exactStart(
        { weekday: 1, time: { hour: 10, minute: 0 } },
        { zone: 'America/New_York', now: '2026-03-06T15:00:00Z' },
      ),
    ).toBe('2026-03-09T14:00:00.000Z');
  });
});
