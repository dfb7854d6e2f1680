import { clipWords, nextStep, repLegOutcome, whisperFor, type Transfer } from './warm-transfer';

const transfer = (attempt: number, reps = 2): Transfer => ({
  transferId: 't1',
  leadCallSid: 'CA1',
  triggeredAt: '2026-03-03T18:00:00.000Z',
  attempt,
  status: 'dialling',
  reps: Array.from({ length: reps }, (_, i) => ({ repId: `rep-${i + 1}`, phone: `+1512555011${i}` })),
});

describe('warm transfer', () => {
  it('dials the reps in order, then falls back', () => {
    expect(nextStep(transfer(0))).toEqual({ kind: 'dial', rep: { repId: 'rep-1', phone: '+15125550110' }, attempt: 1 });
    expect(nextStep(transfer(1))).toMatchObject({ kind: 'dial', rep: { repId: 'rep-2' }, attempt: 2 });
    expect(nextStep(transfer(2))).toEqual({ kind: 'fallback', reason: 'no rep joined after 2 tried' });
    expect(nextStep(transfer(0, 0))).toEqual({ kind: 'fallback', reason: 'no rep to dial' });
  });

  it("reads a rep leg's status: ring timeout, busy, failure and voicemail settle it; ringing does not", () => {
    expect(repLegOutcome('no-answer', undefined)).toBe('no_answer');
    expect(repLegOutcome('busy', undefined)).toBe('busy');
    expect(repLegOutcome('canceled', undefined)).toBe('failed');
    expect(repLegOutcome('in-progress', 'machine_end_beep')).toBe('voicemail');
    expect(repLegOutcome('ringing', undefined)).toBeUndefined();
    expect(repLegOutcome('in-progress', 'human')).toBeUndefined();
  });

  it("whispers the brief's spoken summary when there is one, else the reason and the lead's words, in at most 60 words", () => {
    expect(whisperFor({ spokenSummary: 'Dana wants to refinance a 400k home this month.', leadLines: ['x'] })).toBe(
      'Dana wants to refinance a 400k home this month.',
    );
    const fallback = whisperFor({
      reason: 'high_intent',
      evidence: 'ready to sign today',
      leadLines: ['I have a 740 score', 'ready to sign today'],
    });
    expect(fallback).toBe(
      'Warm transfer: high intent, "ready to sign today". The lead said: I have a 740 score. ready to sign today.',
    );
    const long = whisperFor({ leadLines: [Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ')] });
    expect(long.split(/\s+/).length).toBe(60);
    expect(clipWords('one two three', 2)).toBe('one two.');
  });
});
