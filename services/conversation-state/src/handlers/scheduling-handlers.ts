import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  MeetingAttended,
  MeetingBooked,
  MeetingCancelled,
  MeetingNoShow,
  MeetingRescheduled,
  RepUpdated,
  SlotsOffered,
  SlotsUnavailable,
  type EventOf,
  turnIdFor,
} from '@baton/contracts';
import type { EventContext } from '@baton/event-bus';
import { OnEvent } from '@baton/service-runtime';
import { ConversationStreams } from '../adapters/conversation-streams';
import { HandoffPolicies } from '../adapters/handoff-policies';
import { RepDirectory } from '../adapters/rep-directory';
import { logDecided } from './conversation-handlers';

// scheduling's events (rep presence for the handoff mode, offers and meetings for turns) in the service's one
// group: another would be another fetch loop, heartbeat and offset commit for no gain (every handler is a quick
// database write; a slow one would hold up the other topic's partitions in either layout's fetch round).
const group = 'conversation-state';

/** Thin: each scheduling event becomes one command; the rules (when the AI may offer, confirm, follow up) are in the decider. */
@Controller()
export class SchedulingHandlers {
  constructor(
    private readonly streams: ConversationStreams,
    private readonly reps: RepDirectory,
    @Inject(HandoffPolicies) private readonly policies: HandoffPolicies,
  ) {}

  @OnEvent(group, RepUpdated)
  async onRep(@Payload() e: EventOf<typeof RepUpdated>, @Ctx() context: EventContext) {
    if (await this.reps.apply(e.tenantid, e.data))
      context.log.info({ repId: e.data.repId, revision: e.data.revision, presence: e.data.presence }, 'rep heard');
  }

  @OnEvent(group, SlotsOffered)
  async onOffered(@Payload() e: EventOf<typeof SlotsOffered>, @Ctx() context: EventContext) {
    const { repId: _repId, inReplyTo, ...offer } = e.data;
    logDecided(
      context,
      await this.streams.decide(context.tx, e.tenantid, e.subject, e, () => ({
        type: 'offer-slots',
        offer,
        inReplyTo,
        at: e.time,
        turnId: turnIdFor(e.id),
      })),
      'slots offered',
    );
  }

  @OnEvent(group, SlotsUnavailable)
  async onUnavailable(@Payload() e: EventOf<typeof SlotsUnavailable>, @Ctx() context: EventContext) {
    logDecided(
      context,
      await this.streams.decide(context.tx, e.tenantid, e.subject, e, () => ({
        type: 'report-no-slots',
        inReplyTo: e.data.inReplyTo,
        at: e.time,
        turnId: turnIdFor(e.id),
      })),
      'no slots',
    );
  }

  @OnEvent(group, MeetingBooked)
  async onBooked(@Payload() e: EventOf<typeof MeetingBooked>, @Ctx() context: EventContext) {
    await this.link(e, 'booked', context);
  }

  @OnEvent(group, MeetingRescheduled)
  async onMoved(@Payload() e: EventOf<typeof MeetingRescheduled>, @Ctx() context: EventContext) {
    await this.link(e, 'rescheduled', context);
  }

  private async link(
    e: EventOf<typeof MeetingBooked> | EventOf<typeof MeetingRescheduled>,
    status: 'booked' | 'rescheduled',
    context: EventContext,
  ) {
    const d = e.data;
    logDecided(
      context,
      await this.streams.decide(context.tx, e.tenantid, e.subject, e, () => ({
        type: 'link-meeting',
        repId: d.repId,
        inReplyTo: d.inReplyTo,
        at: e.time,
        turnId: turnIdFor(e.id),
        meeting: {
          meetingId: d.meetingId,
          start: d.start,
          end: d.end,
          leadTimezone: d.leadTimezone,
          zoneUncertain: d.zoneUncertain,
          repName: d.repName,
          status,
          leadInvited: d.leadInvited,
          reminderMinutes: d.reminderMinutes,
        },
      })),
      status === 'booked' ? 'meeting linked' : 'meeting moved',
    );
  }

  @OnEvent(group, MeetingCancelled)
  async onCancelled(@Payload() e: EventOf<typeof MeetingCancelled>, @Ctx() context: EventContext) {
    await this.unlink(e, 'cancelled', context);
  }

  @OnEvent(group, MeetingAttended)
  async onAttended(@Payload() e: EventOf<typeof MeetingAttended>, @Ctx() context: EventContext) {
    await this.unlink(e, 'attended', context);
  }

  @OnEvent(group, MeetingNoShow)
  async onNoShow(@Payload() e: EventOf<typeof MeetingNoShow>, @Ctx() context: EventContext) {
    await this.unlink(e, 'no_show', context);
  }

  /** A meeting that is over for the conversation: cancelled (the lead is told), attended or missed (as the policy says). */
  private async unlink(
    e: EventOf<typeof MeetingCancelled> | EventOf<typeof MeetingAttended> | EventOf<typeof MeetingNoShow>,
    reason: 'cancelled' | 'attended' | 'no_show',
    context: EventContext,
  ) {
    const d = e.data;
    const { policy } = await this.policies.settingsFor(e.tenantid);
    const cancelled = 'by' in d ? d : undefined;
    logDecided(
      context,
      await this.streams.decide(context.tx, e.tenantid, e.subject, e, () => ({
        type: 'unlink-meeting',
        meetingId: d.meetingId,
        reason,
        repId: d.repId,
        policy,
        inReplyTo: cancelled?.inReplyTo,
        at: e.time,
        turnId: turnIdFor(e.id),
        meeting: {
          meetingId: d.meetingId,
          start: d.start,
          end: cancelled?.end ?? d.start,
          leadTimezone: d.leadTimezone,
          repName: d.repName,
          status: reason,
          leadInvited: false,
          reminderMinutes: 0,
        },
      })),
      `meeting ${reason}`,
    );
  }
}
