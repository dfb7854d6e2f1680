import { leadTextFacts, meaningOf } from './lead-text';
import { decideSend, evolveFence, openFence, type Fence } from './send-gate';

const place = { zones: ['America/Chicago'], state: 'TX' };
const window = { start: '00:00', end: '23:59' };
const at = '2026-03-03T18:00:00.000Z';
const ahead = (fence: Fence, body: string, messageId: string, optOutType?: string) =>
  leadTextFacts(fence, { body, channel: 'sms', messageId, ...(optOutType ? { optOutType } : {}) }).reduce(
    evolveFence,
    fence,
  );

describe('what a lead text tells the fence', () => {
  const answering: Fence = {
    ...ahead(openFence(), 'hello', 'm1'),
    openTurn: { turnId: 't1', directive: 'qualify', inReplyTo: 'm1' },
    seenTurns: ['t1'],
  };

  it('voids the AI turn answering an earlier message once the lead writes again', () => {
    expect(decideSend({ author: 'ai', channel: 'sms', turnId: 't1', at }, answering, place, window).kind).toBe('send');
    const after = ahead(answering, 'one more thing', 'm2');
    expect(decideSend({ author: 'ai', channel: 'sms', turnId: 't1', at }, after, place, window)).toMatchObject({
      kind: 'block',
      reason: 'turn_void',
    });
  });

  it("honours STOP (the words or Twilio's own handling) for every author, and consent comes with the first text", () => {
    expect(openFence().consent.sms).toBeUndefined();
    expect(ahead(openFence(), 'hi', 'm1').consent.sms).toBe(true);
    for (const [body, optOutType] of [
      ['  stop ', undefined],
      ['unsubscribe', 'STOP'],
    ] as const) {
      const stopped = ahead(answering, body, 'm2', optOutType);
      expect(decideSend({ author: 'rep', channel: 'sms', at }, stopped, place, window)).toMatchObject({
        kind: 'block',
        reason: 'opted_out',
      });
    }
    expect(meaningOf({ body: 'START' })).toBe('opt_in');
    expect(ahead(ahead(answering, 'STOP', 'm2'), 'START', 'm3').optedOut).toEqual({ sms: false, voice: false });
  });
});
