import type { MeetingStatus } from '@baton/contracts';
import { DomainError } from '@baton/decider';

export type StoredStatus = Exclude<MeetingStatus, 'rescheduled'>;
export type CalendarStatus = 'synced' | 'pending' | 'failed';

export interface Meeting {
  meetingId: string;
  tenantId: string;
  conversationId: string;
  repId: string;
  repName: string;
  offerId?: string;
  start: string;
  end: string;
  status: StoredStatus;
  leadTimezone: string;
  zoneUncertain: boolean;
  leadPhone?: string;
  leadEmail?: string;
  /** ICS SEQUENCE: goes up with every change, so calendars take the newest invite. */
  sequence: number;
  calendar: { kind: 'internal' | 'caldav' | 'google'; status: CalendarStatus; error?: string; attempts: number };
  outcomeNote?: string;
  createdAt: string;
  updatedAt: string;
}

export class UnknownMeeting extends DomainError {
  readonly code = 'unknown-meeting';
  override readonly status = 404;
  constructor(meetingId: string) {
    super(`no meeting ${meetingId} in your tenant`);
  }
}

export class MeetingNotBooked extends DomainError {
  readonly code = 'meeting-not-booked';
  constructor(meeting: Meeting, action: string) {
    super(`the meeting is ${meeting.status}, so it cannot ${action}`);
  }
}

export class SlotTaken extends DomainError {
  readonly code = 'slot-taken';
  constructor(readonly start: string) {
    super(`the rep is no longer free at ${start}`);
  }
}

export class OutcomeTooEarly extends DomainError {
  readonly code = 'outcome-too-early';
  constructor(start: string) {
    super(`the meeting starts at ${start}: its outcome can be recorded once it has started`);
  }
}

/** What may be done with a meeting now; refusals are typed, so the API answers 409 with the reason. */
export const meetingRules = {
  change(meeting: Meeting, action: 'be moved' | 'be cancelled'): void {
    if (meeting.status !== 'booked') throw new MeetingNotBooked(meeting, action);
  },
  outcome(meeting: Meeting, nowIso: string): void {
    if (meeting.status !== 'booked' && meeting.status !== 'attended' && meeting.status !== 'no_show')
      throw new MeetingNotBooked(meeting, 'have an outcome');
    if (Date.parse(nowIso) < Date.parse(meeting.start)) throw new OutcomeTooEarly(meeting.start);
  },
};

export function meetingView(m: Meeting) {
  return {
    id: m.meetingId,
    conversationId: m.conversationId,
    repId: m.repId,
    repName: m.repName,
    start: m.start,
    end: m.end,
    status: m.status,
    leadTimezone: m.leadTimezone,
    calendar: {
      kind: m.calendar.kind,
      status: m.calendar.status,
      attempts: m.calendar.attempts,
      ...(m.calendar.error ? { lastError: m.calendar.error } : {}),
    },
    leadInvited: Boolean(m.leadEmail),
    offerId: m.offerId ?? null,
    outcomeNote: m.outcomeNote ?? null,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    inviteUrl: `/v1/meetings/${m.meetingId}/invite.ics`,
  };
}
