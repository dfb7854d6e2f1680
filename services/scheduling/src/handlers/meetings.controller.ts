import { randomUUID } from 'node:crypto';
import { Controller, ForbiddenException, Get, Header, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CancelMeetingBody, MeetingOutcomeBody, MeetingsQuery, RescheduleMeetingBody } from '@baton/contracts';
import type { Sql } from '@baton/sql';
import { AllowRoles, CurrentPrincipal, SQL, ValidBody, ValidQuery, type Principal } from '@baton/service-runtime';
import { findMeeting, listMeetings } from '../adapters/meeting-store';
import { findRep } from '../adapters/rep-store';
import { organizerOf } from '../adapters/meeting-effects';
import { ChangeMeeting, type ChangedBy } from '../change-meeting/change-meeting';
import { SCHEDULING_CONFIG, type SchedulingConfig } from '../config';
import { inviteIcs } from '../domain/invite';
import { meetingView, UnknownMeeting, type Meeting } from '../domain/meeting';

const idPattern = /^[A-Za-z0-9._:-]{1,128}$/;
const byOf = (who: Principal): ChangedBy =>
  who.role === 'rep' ? 'rep' : who.role === 'supervisor' ? 'supervisor' : 'admin';
/** An API request is its own cause: a fresh id (a retried POST that already applied answers the same). */
const requestCause = () => {
  const id = randomUUID();
  return { id, correlationid: id };
};

/** Meetings: reps see and change only their own; supervisors and admins the tenant's; auditors read. */
@Controller('v1/meetings')
export class MeetingsController {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly changes: ChangeMeeting,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  @Get()
  @AllowRoles('rep', 'supervisor', 'auditor')
  async list(@CurrentPrincipal() who: Principal, @ValidQuery(MeetingsQuery) q: MeetingsQuery) {
    if (who.role === 'rep' && q.repId && q.repId !== who.subject)
      throw new ForbiddenException('a rep sees only their own meetings');
    const repId = who.role === 'rep' ? who.subject : q.repId;
    const meetings = await listMeetings(this.sql, who.tenantId, {
      repId,
      from: q.from,
      to: q.to,
      limit: q.limit ?? 100,
    });
    return { items: meetings.map(meetingView) };
  }

  @Get(':id')
  @AllowRoles('rep', 'supervisor', 'auditor')
  async get(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    return meetingView(await this.visible(who, id));
  }

  /** The invite as iCalendar: kept for every meeting, mailed as well when SMTP_URL is set. */
  @Get(':id/invite.ics')
  @AllowRoles('rep', 'supervisor', 'auditor')
  @Header('Content-Type', 'text/calendar; charset=utf-8; method=REQUEST')
  async invite(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    const meeting = await this.visible(who, id);
    const rep = await findRep(this.sql, who.tenantId, meeting.repId);
    return inviteIcs({
      meeting,
      rep: { name: meeting.repName, email: rep?.email, phone: rep?.phone },
      lead: { phone: meeting.leadPhone, email: meeting.leadEmail },
      meetingUrl: rep?.meetingUrl,
      alarmMinutes: this.config.BATON_REMINDER_LEAD_MINUTES || 15,
      organizer: organizerOf(this.config),
      method: meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
      stampedAt: meeting.updatedAt,
    });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @AllowRoles('rep', 'supervisor')
  async cancel(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @ValidBody(CancelMeetingBody) body: CancelMeetingBody,
  ) {
    await this.visible(who, id);
    return meetingView(
      await this.changes.cancel({
        tenantId: who.tenantId,
        meetingId: id,
        by: byOf(who),
        reason: body.reason,
        cause: requestCause(),
      }),
    );
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @AllowRoles('rep', 'supervisor')
  async reschedule(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @ValidBody(RescheduleMeetingBody) body: RescheduleMeetingBody,
  ) {
    await this.visible(who, id);
    return meetingView(
      await this.changes.move({
        tenantId: who.tenantId,
        meetingId: id,
        start: new Date(body.start).toISOString(),
        by: byOf(who),
        cause: requestCause(),
      }),
    );
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @AllowRoles('rep', 'supervisor')
  async outcome(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @ValidBody(MeetingOutcomeBody) body: MeetingOutcomeBody,
  ) {
    await this.visible(who, id);
    return meetingView(
      await this.changes.outcome({
        tenantId: who.tenantId,
        meetingId: id,
        outcome: body.outcome,
        recordedBy: `${who.role}:${who.subject}`,
        note: body.note,
        cause: requestCause(),
      }),
    );
  }

  /** The tenant's meeting, and for a rep only their own: anything else is not found. */
  private async visible(who: Principal, id: string): Promise<Meeting> {
    const meeting = idPattern.test(id) ? await findMeeting(this.sql, who.tenantId, id) : undefined;
    if (!meeting || (who.role === 'rep' && meeting.repId !== who.subject)) throw new UnknownMeeting(id.slice(0, 128));
    return meeting;
  }
}
