import fc from 'fast-check';
import {
  decideSend,
  evolveFence,
  grantMayStillCome,
  grantsMayReleaseParked,
  openFence,
  type Directive,
  type Fence,
  type FenceFact,
  type SendRequest,
} from './send-gate';

const place = { zones: ['America/Chicago'], state: 'TX' };
const window = { start: '08:00', end: '21:00' };
const noon = '2026-03-03T18:00:00.000Z';
const consented = (f: Fence = openFence()) => evolveFence(f, { type: 'consent', channel: 'sms', granted: true });
const withTurn = (directive: Directive = 'qualify', f = consented()) =>
  evolveFence(f, { type: 'turn.granted', turnId: 't1', directive });
const ai = (turnId = 't1'): SendRequest => ({ author: 'ai', channel: 'sms', turnId, at: noon });

describe('the send gate', () => {
  it('lets the AI answer its open turn, disclosing once', () => {
    expect(decideSend(ai(), withTurn(), place, window)).toEqual({ kind: 'send', disclose: true });
    const after = evolveFence(withTurn(), { type: 'ai.sent', turnId: 't1', disclosed: true });
    expect(
      decideSend(
        ai('t2'),
        evolveFence(after, { type: 'turn.granted', turnId: 't2', directive: 'qualify' }),
        place,
        window,
      ),
    ).toEqual({ kind: 'send', disclose: false });
  });

  it('refuses a void turn, a used turn, and an AI message with no turn', () => {
    expect(decideSend(ai('t0'), withTurn(), place, window)).toMatchObject({ kind: 'block', reason: 'turn_void' });
    expect(decideSend(ai(), evolveFence(withTurn(), { type: 'lead-message.recorded' }), place, window)).toMatchObject({
      reason: 'turn_void',
    });
    expect(
      decideSend(ai(), evolveFence(withTurn(), { type: 'ai.sent', turnId: 't1', disclosed: true }), place, window),
    ).toMatchObject({ reason: 'turn_void' });
  });

  it('fences the AI off the moment a human sends, until a hand-back', () => {
    const spoke = evolveFence(withTurn(), { type: 'human.sent' });
    expect(
      decideSend(ai(), evolveFence(spoke, { type: 'turn.granted', turnId: 't1', directive: 'qualify' }), place, window),
    ).toMatchObject({ reason: 'human_spoke' });
    const back = evolveFence(evolveFence(spoke, { type: 'handed-back' }), {
      type: 'turn.granted',
      turnId: 't1',
      directive: 'follow_up',
    });
    expect(decideSend(ai(), back, place, window).kind).toBe('send');
  });

  it('allows only handoff moves while a handoff is pending', () => {
    const pending = evolveFence(consented(), { type: 'driver.changed', driver: 'handoff_pending' });
    expect(decideSend(ai(), withTurn('qualify', pending), place, window)).toMatchObject({
      reason: 'handoff_moves_only',
    });
    expect(decideSend(ai(), withTurn('handoff_transition', pending), place, window).kind).toBe('send');
  });

  it('lets the AI answer "are you a bot?" truthfully while a handoff is pending, but never while a rep drives', () => {
    const pending = evolveFence(consented(), { type: 'driver.changed', driver: 'handoff_pending' });
    expect(decideSend(ai(), withTurn('disclose_ai', pending), place, window).kind).toBe('send');
    expect(decideSend(ai(), withTurn('disclose_ai'), place, window).kind).toBe('send');
    const human = evolveFence(consented(), { type: 'driver.changed', driver: 'human' });
    expect(decideSend(ai(), withTurn('disclose_ai', human), place, window)).toMatchObject({
      kind: 'block',
      reason: 'human_spoke',
    });
  });

  it('refuses every AI message while a rep drives or the AI is paused', () => {
    for (const driver of ['human', 'paused'] as const) {
      const fence = { ...withTurn(), driver, humanSpoke: false };
      expect(decideSend(ai(), fence, place, window)).toMatchObject({ reason: 'not_ai_driven' });
    }
  });

  it('sends nothing to an opted-out lead but one confirmation', () => {
    const out = evolveFence(withTurn(), { type: 'opted-out', channel: 'all' });
    expect(decideSend({ author: 'rep', channel: 'sms', at: noon }, out, place, window)).toMatchObject({
      reason: 'opted_out',
    });
    const confirmation: SendRequest = { author: 'system', channel: 'sms', purpose: 'opt_out_confirmation', at: noon };
    expect(decideSend(confirmation, out, place, window).kind).toBe('send');
    expect(decideSend(confirmation, evolveFence(out, { type: 'opt-out.confirmed' }), place, window)).toMatchObject({
      reason: 'opted_out',
    });
  });

  it('refuses a channel without consent and defers a send in quiet hours', () => {
    expect(decideSend({ author: 'rep', channel: 'voice', at: noon }, withTurn(), place, window)).toMatchObject({
      reason: 'no_consent',
    });
    expect(
      decideSend({ author: 'rep', channel: 'sms', at: '2026-03-03T08:00:00.000Z' }, withTurn(), place, window),
    ).toEqual({ kind: 'defer', until: '2026-03-03T14:00:00.000Z' });
    // HELP is answered at once, whatever the hour
    expect(
      decideSend(
        { author: 'system', channel: 'sms', purpose: 'help', at: '2026-03-03T08:00:00.000Z' },
        withTurn(),
        place,
        window,
      ).kind,
    ).toBe('send');
  });

  it('never lets an AI message out after a human message without a later hand-back, in any order of facts', () => {
    const fact = fc.oneof(
      fc.record({
        type: fc.constant('turn.granted' as const),
        turnId: fc.constantFrom('t1', 't2'),
        directive: fc.constantFrom<Directive>('qualify', 'handoff_transition', 'follow_up'),
      }),
      fc.constant({ type: 'lead-message.recorded' as const }),
      fc.record({
        type: fc.constant('driver.changed' as const),
        driver: fc.constantFrom('ai' as const, 'handoff_pending' as const, 'human' as const, 'paused' as const),
      }),
      fc.constant({ type: 'handed-back' as const }),
      fc.constant({ type: 'human.sent' as const }),
      fc.constant({ type: 'opted-out' as const, channel: 'sms' as const }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fact, fc.constantFrom('t1', 't2')), { maxLength: 60 }), (steps) => {
        let fence = consented();
        let humanSinceHandBack = false;
        for (const [f, tryTurn] of steps) {
          fence = evolveFence(fence, f as FenceFact);
          if (f.type === 'human.sent' || (f.type === 'driver.changed' && f.driver === 'human'))
            humanSinceHandBack = true;
          if (f.type === 'handed-back') humanSinceHandBack = false;
          const verdict = decideSend(ai(tryTurn), fence, place, window);
          if (verdict.kind === 'send') {
            expect(humanSinceHandBack).toBe(false);
            expect(['ai', 'handoff_pending']).toContain(fence.driver);
            fence = evolveFence(fence, { type: 'ai.sent', turnId: tryTurn, disclosed: verdict.disclose });
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('replies parked for their turn', () => {
  const parked = (f: Fence, turnId: string) => evolveFence(f, { type: 'reply.parked', turnId });

  it('lets only a grant of a turn a reply waits for look for parked replies', () => {
    const fence = parked(openFence(), 't2');
    expect(grantsMayReleaseParked(fence, ['t2'])).toBe(true);
    expect(grantsMayReleaseParked(fence, ['t3'])).toBe(false);
    expect(grantsMayReleaseParked(openFence(), ['t1'])).toBe(false);
    expect(grantsMayReleaseParked(fence, [])).toBe(false);
  });

  it('has every grant look on a fence stored before parked turns were kept, until a look-up sets them', () => {
    const { parkedTurns: _, ...older } = openFence();
    expect(grantsMayReleaseParked(parked(older, 't2'), ['t9'])).toBe(true);
    const looked = evolveFence(older, { type: 'parked.looked-up', turnIds: ['t4'] });
    expect(grantsMayReleaseParked(looked, ['t9'])).toBe(false);
    expect(grantsMayReleaseParked(looked, ['t4'])).toBe(true);
  });

  it('waits for a grant the fence has not reached in the stream, never for one it has passed', () => {
    const at = (lastSequence?: number): Fence => ({
      ...openFence(),
      ...(lastSequence !== undefined ? { lastSequence } : {}),
    });
    expect(grantMayStillCome(at(4), '5')).toBe(true);
    expect(grantMayStillCome(at(5), '5')).toBe(false);
    expect(grantMayStillCome(at(12), '5')).toBe(false);
    // A fence that never heard a conversation fact, or a reply naming no revision: the grace decides.
    expect(grantMayStillCome(at(), '5')).toBe(true);
    expect(grantMayStillCome(at(12), undefined)).toBe(true);
  });

  it('keeps what a look-up found still parked, once each', () => {
    const fence = parked(parked(parked(openFence(), 't1'), 't2'), 't1');
    expect(fence.parkedTurns).toEqual(['t1', 't2']);
    expect(evolveFence(fence, { type: 'parked.looked-up', turnIds: ['t2', 't2'] }).parkedTurns).toEqual(['t2']);
  });
});
