import { inviteIcs } from './invite';

const parts = {
  meeting: {
    meetingId: 'm-1',
    start: '2026-03-04T15:30:00.000Z',
    end: '2026-03-04T15:45:00.000Z',
    repName: 'Sarah Lee',
    sequence: 0,
    status: 'booked' as const,
  },
  rep: { name: 'Sarah Lee', email: 'sarah@example.com' },
  lead: { phone: '+15125550100', email: 'dana@example.com' },
  alarmMinutes: 30,
  organizer: { name: 'Baton', email: 'meetings@baton.example' },
  method: 'REQUEST' as const,
  stampedAt: '2026-03-03T14:00:00.000Z',
};
// iCalendar folds long lines; read it unfolded.
const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, '');

describe('the invite', () => {
  it('is an iCalendar request with the time in UTC, where to meet and an alarm', () => {
    const ics = unfold(inviteIcs(parts));
    expect(ics).toMatch(/DTSTAMP:20260303T140000Z/);
    expect(ics).toMatch(/METHOD:REQUEST/);
    expect(ics).toMatch(/UID:m-1@baton/);
    expect(ics).toMatch(/DTSTART:20260304T153000Z/);
    expect(ics).toMatch(/BEGIN:VALARM[\s\S]*TRIGGER:-PT30M/);
    expect(ics).toMatch(/LOCATION:Sarah calls \+15125550100/);
    expect(ics).toMatch(/ATTENDEE;.*dana@example.com/);
  });
  it('carries the meeting URL when the rep has one, and cancels with a higher sequence', () => {
    expect(inviteIcs({ ...parts, meetingUrl: 'https://meet.example.com/sarah' })).toMatch(
      /URL:https:\/\/meet.example.com\/sarah/,
    );
    const cancelled = inviteIcs({
      ...parts,
      method: 'CANCEL',
      meeting: { ...parts.meeting, status: 'cancelled', sequence: 2 },
    });
    expect(cancelled).toMatch(/METHOD:CANCEL/);
    expect(cancelled).toMatch(/STATUS:CANCELLED/);
    expect(cancelled).toMatch(/SEQUENCE:2/);
    expect(cancelled).not.toMatch(/VALARM/);
  });
  it('leaves METHOD out of a calendar object', () =>
    expect(inviteIcs({ ...parts, method: undefined })).not.toMatch(/METHOD:/));
});
