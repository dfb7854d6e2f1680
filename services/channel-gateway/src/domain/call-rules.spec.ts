import { openFence, evolveFence, type Fence } from './send-gate';
import { decideCall } from './call-rules';

const at = '2026-03-03T18:00:00.000Z'; // noon in Texas, 13:00 in Miami
const texas = { zones: ['America/Chicago'], state: 'TX' };
const florida = { zones: ['America/New_York'], state: 'FL' };
const window = { start: '08:00', end: '21:00' };
const withVoice = (): Fence => evolveFence(openFence(), { type: 'consent', channel: 'voice', granted: true });

describe('decideCall: whether the AI may call the lead now', () => {
  it('calls a lead with call consent inside their hours', () =>
    expect(decideCall({ at, earlierCalls: [] }, withVoice(), texas, window)).toEqual({ kind: 'call' }));

  it('never calls an opted-out lead, consent or not', () =>
    expect(
      decideCall(
        { at, earlierCalls: [] },
        evolveFence(withVoice(), { type: 'opted-out', channel: 'all' }),
        texas,
        window,
      ),
    ).toMatchObject({ reason: 'opted_out' }));

  it('does not take consent to texts for consent to calls', () => {
    const textsOnly = evolveFence(openFence(), { type: 'consent', channel: 'sms', granted: true });
    expect(decideCall({ at, earlierCalls: [] }, textsOnly, texas, window)).toEqual({
      kind: 'refuse',
      reason: 'no_consent',
      detail: expect.stringMatching(/texts only/),
    });
  });

  it("refuses in quiet hours in the lead's time", () =>
    expect(decideCall({ at: '2026-03-04T04:00:00.000Z', earlierCalls: [] }, withVoice(), texas, window)).toMatchObject({
      reason: 'quiet_hours',
    }));

  it('refuses while a rep drives or after a rep spoke', () => {
    expect(
      decideCall(
        { at, earlierCalls: [] },
        evolveFence(withVoice(), { type: 'driver.changed', driver: 'human' }),
        texas,
        window,
      ),
    ).toMatchObject({ reason: 'not_ai_driven' });
    expect(
      decideCall({ at, earlierCalls: [] }, evolveFence(withVoice(), { type: 'human.sent' }), texas, window),
    ).toMatchObject({ reason: 'not_ai_driven' });
  });

  it('allows three outbound calls in 24 hours in FL, OK and MD, and counts only the last 24 hours', () => {
    const three = ['2026-03-03T10:00:00.000Z', '2026-03-03T12:00:00.000Z', '2026-03-03T17:00:00.000Z'];
    expect(decideCall({ at, earlierCalls: three.slice(0, 2) }, withVoice(), florida, window)).toEqual({ kind: 'call' });
    expect(decideCall({ at, earlierCalls: three }, withVoice(), florida, window)).toMatchObject({
      reason: 'call_limit',
    });
    expect(
      decideCall({ at, earlierCalls: three }, withVoice(), { zones: ['America/New_York'], state: 'MD' }, window),
    ).toMatchObject({ reason: 'call_limit' });
    expect(
      decideCall({ at, earlierCalls: ['2026-03-02T17:59:00.000Z', ...three.slice(1)] }, withVoice(), florida, window),
    ).toEqual({ kind: 'call' });
    // Texas has no such limit.
    expect(decideCall({ at, earlierCalls: [...three, ...three] }, withVoice(), texas, window)).toEqual({
      kind: 'call',
    });
  });
});
