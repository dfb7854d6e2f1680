import { dueAt, reminderKey, reminderText } from './reminder';

describe('the reminder', () => {
  const meeting = { repName: 'Sarah Lee', start: '2026-03-04T15:30:00.000Z', leadTimezone: 'America/New_York' };
  it('names the rep and the time in the lead zone', () => {
    expect(reminderText(meeting, '2026-03-04T15:00:00Z')).toBe('Quick reminder: your call with Sarah is at 10:30.');
    expect(reminderText({ ...meeting, leadTimezone: 'America/Chicago' }, '2026-03-04T15:00:00Z')).toBe(
      'Quick reminder: your call with Sarah is at 9:30.',
    );
    expect(reminderText(meeting, '2026-03-03T15:00:00Z')).toBe(
      'Quick reminder: your call with Sarah is tomorrow at 10:30.',
    );
  });
  it('is due its lead time before, under one key per meeting time', () => {
    expect(dueAt(meeting.start, 30)).toBe('2026-03-04T15:00:00.000Z');
    expect(reminderKey('m-1', meeting.start)).toBe(reminderKey('m-1', '2026-03-04T15:30:00Z'));
    expect(reminderKey('m-1', meeting.start)).not.toBe(reminderKey('m-1', '2026-03-04T16:30:00Z'));
  });
});
