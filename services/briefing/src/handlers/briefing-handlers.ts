import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  ConversationStarted,
  HandedBack,
  HandoffTriggered,
  HumanTookOver,
  MeetingBooked,
  MeetingLinked,
  MessageReceived,
  MessageSent,
  RepUpdated,
  type EventOf,
} from '@baton/contracts';
import type { EventContext } from '@baton/event-bus';
import { OnEvent } from '@baton/service-runtime';
import { BriefingStore } from '../adapters/briefing-store';
import { BriefWriter } from '../write-brief/brief-writer';

const group = 'briefing';
const conversation = (e: { tenantid: string; subject: string }) => ({
  tenantId: e.tenantid,
  conversationId: e.subject,
});
const cause = (e: { id: string; correlationid: string }) => ({ id: e.id, correlationid: e.correlationid });

/** One handler per inbound kind: each turns its event into a message or a lifecycle command for the BriefWriter. */
@Controller()
export class BriefingHandlers {
  constructor(
    private readonly writer: BriefWriter,
    private readonly store: BriefingStore,
  ) {}

  @OnEvent(group, MessageReceived)
  onLeadMessage(@Payload() e: EventOf<typeof MessageReceived>, @Ctx() context: EventContext) {
    const d = e.data;
    return this.writer.apply(conversation(e), context.log, {
      turn: { id: d.messageId, author: 'lead', text: d.body, at: d.receivedAt },
      commands: [{ type: 'note-lead', phone: d.leadPhone, batonNumber: d.batonNumber, channel: d.channel }],
    });
  }

  @OnEvent(group, MessageSent)
  async onMessageSent(@Payload() e: EventOf<typeof MessageSent>, @Ctx() context: EventContext) {
    const d = e.data;
    if (d.author === 'lead' || d.author === 'system') return; // confirmations and notices are not the conversation
    const turn = {
      id: d.messageId,
      author: d.author,
      text: d.body,
      at: d.sentAt,
      ...(d.repId ? { repId: d.repId } : {}),
    };
    if (d.author === 'rep') await this.writer.onRepMessage(conversation(e), context.log, turn, cause(e));
    else await this.writer.apply(conversation(e), context.log, { turn });
  }

  @OnEvent(group, ConversationStarted)
  onStarted(@Payload() e: EventOf<typeof ConversationStarted>, @Ctx() context: EventContext) {
    return this.writer.apply(conversation(e), context.log, {
      commands: [
        { type: 'note-lead', phone: e.data.leadPhone, batonNumber: e.data.batonNumber, channel: e.data.channel },
      ],
    });
  }

  @OnEvent(group, HandoffTriggered)
  onHandoff(@Payload() e: EventOf<typeof HandoffTriggered>, @Ctx() context: EventContext) {
    const d = e.data;
    return this.writer.apply(conversation(e), context.log, {
      commands: [
        {
          type: 'open-handoff',
          handoff: { cause: 'signals', mode: d.mode, triggeredAt: d.at, messageId: d.messageId, signals: d.signals },
        },
      ],
    });
  }

  @OnEvent(group, HumanTookOver)
  onTakeover(@Payload() e: EventOf<typeof HumanTookOver>, @Ctx() context: EventContext) {
    const d = e.data;
    return this.writer.apply(conversation(e), context.log, {
      commands: [
        { type: 'take-over', repId: d.repId, ...(d.repName ? { repName: d.repName } : {}), at: d.at, cause: cause(e) },
      ],
    });
  }

  @OnEvent(group, HandedBack)
  onHandBack(@Payload() e: EventOf<typeof HandedBack>, @Ctx() context: EventContext) {
    return this.writer.apply(conversation(e), context.log, { commands: [{ type: 'hand-back' }] });
  }

  @OnEvent(group, MeetingBooked)
  onMeetingBooked(@Payload() e: EventOf<typeof MeetingBooked>, @Ctx() context: EventContext) {
    const d = e.data;
    return this.writer.apply(conversation(e), context.log, {
      commands: [
        {
          type: 'book-meeting',
          repId: d.repId,
          meeting: { meetingId: d.meetingId, start: d.start, end: d.end },
          cause: cause(e),
        },
      ],
    });
  }

  /** The aggregate's record of the same booking: whichever arrives first delivers, the other changes nothing. */
  @OnEvent(group, MeetingLinked)
  onMeetingLinked(@Payload() e: EventOf<typeof MeetingLinked>, @Ctx() context: EventContext) {
    const d = e.data;
    return this.writer.apply(conversation(e), context.log, {
      commands: [
        {
          type: 'book-meeting',
          repId: d.repId,
          meeting: { meetingId: d.meetingId, start: d.startsAt },
          cause: cause(e),
        },
      ],
    });
  }

  /** Reps' contact details from scheduling (subject rep:<repId>); mail that waited for an address goes out. */
  @OnEvent(group, RepUpdated)
  async onRepUpdated(@Payload() e: EventOf<typeof RepUpdated>, @Ctx() context: EventContext) {
    const d = e.data;
    await this.store.lockReps(this.store.sql, [{ tenantId: e.tenantid, repId: d.repId }], 'exclusive');
    await this.store.upsertRep(this.store.sql, e.tenantid, { ...d, ...(d.email ? { email: d.email } : {}) });
    const released =
      d.email && !d.removed ? await this.store.releaseWaiting(this.store.sql, e.tenantid, d.repId, d.email) : 0;
    context.log.info(
      { repId: d.repId, presence: d.presence, removed: d.removed ?? false, released },
      'rep details noted',
    );
  }
}
