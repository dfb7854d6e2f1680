import { knownStatus, movesForward } from './delivery-status';

describe('delivery status', () => {
  it('only moves forward', () => {
    expect(movesForward(undefined, 'queued')).toBe(true);
    expect(movesForward('queued', 'sent')).toBe(true);
    expect(movesForward('sent', 'delivered')).toBe(true);
    expect(movesForward('delivered', 'sent')).toBe(false);
    expect(movesForward('delivered', 'delivered')).toBe(false);
    expect(movesForward('delivered', 'read')).toBe(true);
  });
  it('knows Twilio statuses and refuses others', () => {
    expect(knownStatus('accepted')).toBe('queued');
    expect(knownStatus('undelivered')).toBe('undelivered');
    expect(knownStatus('teleported')).toBeUndefined();
    // Input picks the key: names every object has are not statuses.
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])
      expect(knownStatus(name)).toBeUndefined();
  });
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'takes %s for no status (own keys only)',
    (key) => {
      expect(knownStatus(key)).toBeUndefined();
      expect(movesForward('sent', key)).toBe(false);
    },
  );
});
