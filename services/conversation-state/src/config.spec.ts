import { readConversationStateConfig } from './config';

describe('conversation-state config', () => {
  it('reads business hours for tenants without a policy, and refuses bad ones by name', () => {
    expect(readConversationStateConfig({}).BATON_BUSINESS_HOURS).toEqual({
      zone: 'America/New_York',
      days: [1, 2, 3, 4, 5],
      start: '09:00',
      end: '18:00',
    });
    expect(
      readConversationStateConfig({
        BATON_BUSINESS_HOURS: '{"zone": "UTC", "days": [1,2,3,4,5,6,7], "start": "00:00", "end": "24:00"}',
      }).BATON_BUSINESS_HOURS,
    ).toEqual({ zone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' });
    expect(() =>
      readConversationStateConfig({
        BATON_BUSINESS_HOURS: '{"zone": "UTC", "days": [0], "start": "09:00", "end": "17:00"}',
      }),
    ).toThrow(/BATON_BUSINESS_HOURS must be/);
    expect(() =>
      readConversationStateConfig({
        BATON_BUSINESS_HOURS: '{"zone": "Mars/Olympus", "days": [1], "start": "09:00", "end": "17:00"}',
      }),
    ).toThrow(/not a time zone/);
    expect(() => readConversationStateConfig({ BATON_BUSINESS_HOURS: 'weekdays' })).toThrow(
      /BATON_BUSINESS_HOURS must be JSON/,
    );
  });
});
