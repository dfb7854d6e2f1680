import { randomBytes } from 'node:crypto';
import { eventCatalogue } from '@baton/contracts';
import { events } from '../../test/fixtures';
import { personalFields, retentionClassOf } from './personal-data';
import { firstKeptPeriod, parseRetention, periodOf } from './retention';
import { erasedValue, hasPersonalData, keyIdsOf, sealEvent, unsealEvent } from './sealing';

describe('personal data', () => {
  it('classifies every event of the catalogue, and nothing else', () => {
    expect(Object.keys(personalFields).sort()).toEqual(eventCatalogue.map((d) => d.type).sort());
  });

  it('puts consent, opt-out and call records in their own retention classes', () => {
    expect(retentionClassOf('baton.messages.lead.opted-out.v1')).toBe('consent');
    expect(retentionClassOf('baton.conversations.opted-in.v1')).toBe('consent');
    expect(retentionClassOf('baton.calls.call.started.v1')).toBe('call');
    expect(retentionClassOf('baton.messages.message.received.v1')).toBe('conversation');
  });
});

describe('sealing with a lead key', () => {
  const key = { id: '2f6f0c1e-9a38-4c2e-9b7a-6a7a3e4d5c6b', key: randomBytes(32) };
  const iv = () => randomBytes(12);

  it('encrypts the phone, the words and the evidence, and opens them again with the key', () => {
    const received = events.received('my credit score is 748');
    const sealed = sealEvent(received, key, iv);
    expect(JSON.stringify(sealed)).not.toMatch(/748|5550100/);
    expect(sealed.data).toMatchObject({ channel: 'sms', batonNumber: '+15125550199' });
    expect(keyIdsOf(sealed)).toEqual([key.id]);
    expect(unsealEvent(sealed, (id) => (id === key.id ? key.key : undefined))).toEqual({ event: received, erased: [] });
    const signal = events.signal('high_intent', 'ready to sign today');
    const sealedSignal = sealEvent(signal, key, iv);
    expect(JSON.stringify(sealedSignal)).not.toContain('ready to sign');
    expect(unsealEvent(sealedSignal, () => key.key).event).toEqual(signal);
  });

  it('reads an erased field as [erased] once the key is gone, and refuses a value moved to another record', () => {
    const sealed = sealEvent(events.received('call me at 6'), key, iv);
    expect(unsealEvent(sealed, () => undefined)).toMatchObject({
      erased: ['leadPhone', 'body'],
      event: { data: { body: erasedValue, leadPhone: erasedValue } },
    });
    const other = sealEvent(events.received('other'), key, iv);
    const moved = { ...other, data: { ...(other.data as object), body: (sealed.data as { body: string }).body } };
    expect(unsealEvent(moved, () => key.key).erased).toEqual(['body']);
  });

  it('leaves events without personal data as they are', () => {
    const attended = events.attended('m-1');
    expect(hasPersonalData(attended)).toBe(false);
    expect(sealEvent(attended, key, iv)).toEqual(attended);
  });
});

describe('retention', () => {
  it('keeps consent and calls five years and the rest three by default, per tenant when configured', () => {
    const now = new Date('2026-03-15T12:00:00Z');
    const policy = parseRetention('{"acme": {"conversation": "P90D"}}');
    expect(firstKeptPeriod(policy, 'default', 'consent', now)).toBe('2021-03');
    expect(firstKeptPeriod(policy, 'default', 'conversation', now)).toBe('2023-03');
    expect(firstKeptPeriod(policy, 'acme', 'conversation', now)).toBe('2025-12');
    expect(firstKeptPeriod(policy, 'acme', 'call', now)).toBe('2021-03');
    expect(periodOf('2026-03-31T23:59:59Z')).toBe('2026-03');
    expect(periodOf('2026-03-31T20:59:59-05:00')).toBe('2026-04'); // the month in UTC, not in the event's offset
    expect(periodOf('2026-03-31T23:59:59.123456Z')).toBe('2026-03');
    expect(() => periodOf('last tuesday')).toThrow(/not a time/);
  });

  it('refuses a bad policy with the reason', () => {
    expect(() => parseRetention('{"acme": {"messages": "P1Y"}}')).toThrow(/unknown class messages/);
    expect(() => parseRetention('{"acme": {"consent": "five years"}}')).toThrow(/ISO 8601 duration/);
    expect(() => parseRetention('[1]')).toThrow(/object of tenants/);
  });
});
