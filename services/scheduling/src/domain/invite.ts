import { createEvent, type EventAttributes } from 'ics';
import { firstName } from '@baton/lead-time';
import type { Meeting } from './meeting';

export interface InviteParts {
  meeting: Pick<Meeting, 'meetingId' | 'start' | 'end' | 'repName' | 'sequence' | 'status'>;
  rep: { name: string; email?: string; phone?: string };
  lead: { phone?: string; email?: string };
  /** Where the call happens: a video link, or the lead's number the rep calls. */
  meetingUrl?: string;
  /** Minutes before the start the calendar alarm rings. */
  alarmMinutes: number;
  organizer: { name: string; email: string };
  /** METHOD for a mailed invite (REQUEST, or CANCEL once cancelled); none for a stored calendar object. */
  method?: 'REQUEST' | 'CANCEL';
  /** DTSTAMP: when this version of the invite was made (an input, so the same meeting writes the same invite). */
  stampedAt: string;
}

export const inviteUid = (meetingId: string) => `${meetingId}@baton`;

/** The meeting as iCalendar (RFC 5545) through the `ics` package: times in UTC, an alarm, where to meet. */
export function inviteIcs(parts: InviteParts): string {
  const { meeting, rep, lead } = parts;
  const where = parts.meetingUrl ?? (lead.phone ? `${firstName(rep.name)} calls ${lead.phone}` : 'by phone');
  const cancelled = meeting.status === 'cancelled';
  const event: EventAttributes = {
    uid: inviteUid(meeting.meetingId),
    sequence: meeting.sequence,
    start: Date.parse(meeting.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(meeting.end),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: `Call with ${rep.name}`,
    description: `Your call with ${rep.name}. ${parts.meetingUrl ? `Join: ${parts.meetingUrl}` : `${firstName(rep.name)} will call you${lead.phone ? ` at ${lead.phone}` : ''}.`}`,
    location: where,
    ...(parts.meetingUrl ? { url: parts.meetingUrl } : {}),
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: parts.organizer.name, email: parts.organizer.email },
    attendees: [
      ...(rep.email
        ? [
            {
              name: rep.name,
              email: rep.email,
              rsvp: false,
              role: 'REQ-PARTICIPANT' as const,
              partstat: 'ACCEPTED' as const,
            },
          ]
        : []),
      ...(lead.email ? [{ name: lead.email, email: lead.email, rsvp: true, role: 'REQ-PARTICIPANT' as const }] : []),
    ],
    alarms: cancelled
      ? []
      : [
          {
            action: 'display',
            description: `Call with ${rep.name}`,
            trigger: { minutes: parts.alarmMinutes, before: true },
          },
        ],
    productId: 'baton/scheduling',
    ...(parts.method ? { method: parts.method } : {}),
  };
  // `timestamp` (DTSTAMP) is in the package's schema but not its types.
  const { error, value } = createEvent({ ...event, timestamp: Date.parse(parts.stampedAt) } as EventAttributes);
  if (error || !value) throw new Error(`the invite could not be written: ${error?.message ?? 'no output'}`);
  // A calendar object carries no METHOD (RFC 4791); the package writes PUBLISH when none is asked for.
  return parts.method ? value : value.replace(/^METHOD:PUBLISH\r?\n/m, '').replace(/^X-PUBLISHED-TTL:.*\r?\n/m, '');
}
