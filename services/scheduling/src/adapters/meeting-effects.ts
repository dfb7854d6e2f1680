import type { SqlQueryable } from '@baton/sql';
import type { SchedulingConfig } from '../config';
import { inviteIcs, inviteUid } from '../domain/invite';
import type { Meeting } from '../domain/meeting';
import type { Rep } from '../domain/rep';
import { dueAt } from '../domain/reminder';
import type { CalendarEvent } from './calendars/calendar.port';
import { InternalCalendar } from './calendars/internal-calendar';
import { armTimer, dropTimers } from './timer-store';

/** The meeting as an event on the rep's calendar (the stored iCalendar object carries no METHOD). */
export function calendarEventOf(
  meeting: Meeting,
  rep: Pick<Rep, 'name' | 'email' | 'phone' | 'meetingUrl'>,
  config: SchedulingConfig,
): CalendarEvent {
  const ics = inviteIcs({
    meeting,
    rep,
    lead: { phone: meeting.leadPhone, email: meeting.leadEmail },
    meetingUrl: rep.meetingUrl,
    alarmMinutes: Math.min(config.BATON_REMINDER_LEAD_MINUTES, 60) || 15,
    organizer: organizerOf(config),
    stampedAt: meeting.updatedAt,
  });
  return {
    uid: inviteUid(meeting.meetingId),
    start: meeting.start,
    end: meeting.end,
    summary: `Call with a lead (Baton)`,
    description: `Booked by Baton for conversation ${meeting.conversationId}.${meeting.leadPhone ? ` Call ${meeting.leadPhone}.` : ''}`,
    location: rep.meetingUrl ?? (meeting.leadPhone ? `call ${meeting.leadPhone}` : 'by phone'),
    ics,
  };
}

export function organizerOf(config: SchedulingConfig): { name: string; email: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(config.BATON_MAIL_FROM);
  return match
    ? { name: match[1] || 'Baton', email: match[2]! }
    : { name: 'Baton', email: config.BATON_MAIL_FROM.trim() };
}

/**
 * What follows a booking, a move or an end, in the caller's transaction: the reminder armed, re-armed or
 * dropped; the internal calendar written at once, an outside calendar synced by a timer (retried until it
 * answers); an invite mail per recipient when mail is configured.
 */
export async function armMeetingEffects(
  tx: SqlQueryable,
  meeting: Meeting,
  rep: Rep,
  config: SchedulingConfig,
  options: { mail: boolean; now: string },
): Promise<void> {
  const live = meeting.status === 'booked';
  if (live) {
    await armTimer(tx, {
      timerId: `reminder:${meeting.meetingId}`,
      kind: 'reminder',
      tenantId: meeting.tenantId,
      meetingId: meeting.meetingId,
      dueAt: dueAt(meeting.start, config.BATON_REMINDER_LEAD_MINUTES),
      payload: { start: meeting.start },
    });
  } else {
    await dropTimers(tx, meeting.meetingId, ['reminder']);
  }
  if (meeting.calendar.kind === 'internal') {
    const calendar = new InternalCalendar(tx, rep.tenantId, rep.repId);
    if (live) await calendar.put(calendarEventOf(meeting, rep, config));
    else if (meeting.status === 'cancelled') await calendar.remove(inviteUid(meeting.meetingId));
  } else if (live || meeting.status === 'cancelled') {
    await armTimer(tx, {
      timerId: `calendar:${meeting.meetingId}`,
      kind: 'calendar_sync',
      tenantId: meeting.tenantId,
      meetingId: meeting.meetingId,
      dueAt: options.now,
      payload: { sequence: meeting.sequence },
    });
  }
  if (options.mail && (live || meeting.status === 'cancelled')) {
    const recipients = [
      ...(rep.email ? [['rep', rep.email]] : []),
      ...(meeting.leadEmail ? [['lead', meeting.leadEmail]] : []),
    ];
    for (const [who, to] of recipients) {
      await armTimer(tx, {
        timerId: `invite:${meeting.meetingId}:${meeting.sequence}:${who}`,
        kind: 'invite_mail',
        tenantId: meeting.tenantId,
        meetingId: meeting.meetingId,
        dueAt: options.now,
        payload: { to, who, sequence: meeting.sequence },
      });
    }
  }
}
