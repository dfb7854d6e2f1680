import { Webhook } from 'standardwebhooks';
import { afterFailure, delivered, signedHeaders } from './standard-webhooks';

describe('Standard Webhooks signing', () => {
  const secret = `whsec_${Buffer.from('a-32-byte-secret-for-the-tests!!').toString('base64')}`;

  it('signs so that the reference verifier accepts the delivery', () => {
    const body = JSON.stringify({ type: 'baton.conversations.handoff.triggered.v1', data: { mode: 'live_takeover' } });
    const headers = signedHeaders(secret, 'msg_2c8a51b', body, new Date());
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('is refused by the reference verifier when the body, the id or the secret differ', () => {
    const body = '{"a":1}';
    const headers = signedHeaders(secret, 'msg_1', body, new Date());
    expect(() => new Webhook(secret).verify('{"a":2}', headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow();
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`).verify(body, headers),
    ).toThrow();
  });

  it('carries the attempt time, which the reference verifier checks for replay', () => {
    const body = '{}';
    const old = signedHeaders(secret, 'msg_1', body, new Date(Date.now() - 10 * 60_000));
    expect(() => new Webhook(secret).verify(body, old)).toThrow(/timestamp/i);
  });
});

describe('retries', () => {
  it('follows the schedule with at most 10% jitter, then dead-letters', () => {
    const schedule = [5, 300, 1800];
    expect(afterFailure(1, schedule, 0)).toEqual({ kind: 'retry', delayMs: 5000 });
    expect(afterFailure(2, schedule, 1)).toEqual({ kind: 'retry', delayMs: 330_000 });
    expect(afterFailure(3, schedule, 0.5)).toEqual({ kind: 'retry', delayMs: 1_890_000 });
    expect(afterFailure(4, schedule, 0)).toEqual({ kind: 'dead' });
  });

  it('counts only 2xx as delivered', () => {
    expect([200, 204, 299].every(delivered)).toBe(true);
    expect([301, 302, 400, 410, 500, 503].some(delivered)).toBe(false);
  });
});
