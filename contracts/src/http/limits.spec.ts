import {
  HandBackRequested,
  HumanTookOver,
  MessageReceived,
  newEvent,
  OutboundRequested,
  PauseRequested,
  TakeOverRequested,
  textLimits,
} from '../index';

// An event is immutable once produced: newEvent refuses what the HTTP schemas refuse, so nothing oversized or
// holding a NUL can be produced into one, whoever builds it.
describe('event contracts bound the text that HTTP input flows into', () => {
  const base = { subject: 'c-1', tenantid: 't', source: '/baton/test' };
  const actor = { kind: 'rep' as const, id: 'rep-7' };
  const fact = { actor, cause: 'test', at: '2026-03-02T15:04:05.000Z' };
  it.each([
    [
      'a 50,000-character repName',
      () => newEvent(TakeOverRequested, { ...base, data: { actor, repId: 'rep-7', repName: 'x'.repeat(50_000) } }),
    ],
    [
      'a repName with NUL',
      () => newEvent(TakeOverRequested, { ...base, data: { actor, repId: 'rep-7', repName: 'Sam\u0000Poison' } }),
    ],
    [
      'a 5,000-character repId',
      () => newEvent(TakeOverRequested, { ...base, data: { actor, repId: 'r'.repeat(5000) } }),
    ],
    [
      'a 60 KB note',
      () => newEvent(HandBackRequested, { ...base, data: { actor, repId: 'rep-7', note: 'n'.repeat(60_000) } }),
    ],
    ['a 60 KB reason', () => newEvent(PauseRequested, { ...base, data: { actor, reason: 'r'.repeat(60_000) } })],
    [
      'a number as a reason',
      () => newEvent(PauseRequested, { ...base, data: { actor, reason: 42 as unknown as string } }),
    ],
    [
      'an oversized announcement',
      () =>
        newEvent(HumanTookOver, {
          ...base,
          data: { repId: 'rep-7', announcement: 'a'.repeat(textLimits.smsBody + 1), ...fact },
        }),
    ],
    [
      'a lead text with NUL',
      () =>
        newEvent(MessageReceived, {
          ...base,
          data: {
            messageId: '0d6a3b8e-2f5c-4a8e-9b1d-3c7e5f9a1b2c',
            providerMessageId: 'SM1',
            leadPhone: '+15125550100',
            batonNumber: '+15125550199',
            channel: 'sms',
            body: 'a\u0000b',
            receivedAt: fact.at,
          },
        }),
    ],
    [
      'an outbound body over an SMS',
      () =>
        newEvent(OutboundRequested, {
          ...base,
          data: { idempotencyKey: 'k', author: 'rep', repId: 'rep-7', channel: 'sms', body: 'b'.repeat(1601) },
        }),
    ],
  ])('refuses %s', (_case, build) => expect(build).toThrow(/invalid event/));

  it('takes text at the limits', () => {
    expect(
      newEvent(TakeOverRequested, { ...base, data: { actor, repId: 'rep-7', repName: 'x'.repeat(textLimits.repName) } })
        .data.repName,
    ).toHaveLength(100);
    expect(
      newEvent(HandBackRequested, { ...base, data: { actor, repId: 'rep-7', note: 'line one\nline two\ttab' } }).data
        .note,
    ).toContain('\t');
  });
});
