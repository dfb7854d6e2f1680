import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  AiPaused,
  AiResumed,
  ConversationClosed,
  ConversationStarted,
  HandedBack,
  HandoffTriggered,
  HumanTookOver,
  MeetingUnlinked,
  MessageBlocked,
  MessageReceived,
  MessageSent,
  OptedIn,
  OptedOut,
  type EventOf,
} from '@baton/contracts';
import type { EventContext } from '@baton/event-bus';
import type { Sql } from '@baton/sql';
import { OnEvent, SQL } from '@baton/service-runtime';
import { noteLead } from '../adapters/lead-store';
import { closeOffers } from '../adapters/meeting-store';
import { OfferSlots } from '../offer-slots/offer-slots';
import { ReadLeadReply } from '../read-lead-reply/read-lead-reply';

const group = 'scheduling';

/** Thin: each inbound kind becomes one use case call; the rules are in domain/ and the use cases. */
@Controller()
export class SchedulingHandlers {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly offers: OfferSlots,
    private readonly replies: ReadLeadReply,
  ) {}

  @OnEvent(group, ConversationStarted)
  async onStarted(@Payload() e: EventOf<typeof ConversationStarted>) {
    await noteLead(this.sql, e.tenantid, e.subject, { leadPhone: e.data.leadPhone });
  }

  /** An async-booking handoff: two concrete slots, which conversation-state turns into the AI's offer. */
  @OnEvent(group, HandoffTriggered)
  async onHandoff(@Payload() e: EventOf<typeof HandoffTriggered>, @Ctx() context: EventContext) {
    await noteLead(this.sql, e.tenantid, e.subject, { driver: 'handoff_pending' });
    if (e.data.mode !== 'async_booking') return;
    const outcome = await this.offers.offer({
      tenantId: e.tenantid,
      conversationId: e.subject,
      why: 'handoff',
      inReplyTo: e.data.messageId,
      cause: e,
    });
    context.log.info({ outcome: outcome.kind }, 'handoff answered with slots');
  }

  /** A missed meeting the tenant rebooks: a new pair. */
  @OnEvent(group, MeetingUnlinked)
  async onUnlinked(@Payload() e: EventOf<typeof MeetingUnlinked>) {
    if (e.data.reason === 'no_show' && e.data.rebook)
      await this.offers.offer({ tenantId: e.tenantid, conversationId: e.subject, why: 'no_show', cause: e });
  }

  @OnEvent(group, MessageReceived)
  async onLeadMessage(@Payload() e: EventOf<typeof MessageReceived>) {
    await this.replies.read({
      tenantId: e.tenantid,
      conversationId: e.subject,
      messageId: e.data.messageId,
      body: e.data.body,
      receivedAt: e.data.receivedAt,
      leadPhone: e.data.leadPhone,
      cause: e,
    });
  }

  // Whether an offer's slots reached the lead: its turn's message sent, or void.
  @OnEvent(group, MessageSent)
  async onSent(@Payload() e: EventOf<typeof MessageSent>) {
    if (e.data.author !== 'ai' || !e.data.turnId) return;
    await this.replies.offerSent(e.tenantid, e.subject, e.data.turnId, e.data.attemptedAt ?? e.data.sentAt);
  }

  @OnEvent(group, MessageBlocked)
  async onBlocked(@Payload() e: EventOf<typeof MessageBlocked>) {
    if (e.data.reason !== 'turn_void' || !e.data.turnId) return;
    await this.replies.offerVoid(e.tenantid, e.subject, e.data.turnId, e);
  }

  // Who drives: a rep, a pause or an opt-out takes the conversation out of the AI's scheduling.
  @OnEvent(group, HumanTookOver)
  async onTookOver(@Payload() e: EventOf<typeof HumanTookOver>) {
    await this.drive(e.tenantid, e.subject, 'human', true);
  }

  @OnEvent(group, HandedBack)
  async onHandedBack(@Payload() e: EventOf<typeof HandedBack>) {
    await this.drive(e.tenantid, e.subject, 'ai', true);
  }

  @OnEvent(group, AiPaused)
  async onPaused(@Payload() e: EventOf<typeof AiPaused>) {
    await this.drive(e.tenantid, e.subject, 'paused', false);
  }

  @OnEvent(group, AiResumed)
  async onResumed(@Payload() e: EventOf<typeof AiResumed>) {
    await this.drive(e.tenantid, e.subject, 'ai', true);
  }

  @OnEvent(group, ConversationClosed)
  async onClosed(@Payload() e: EventOf<typeof ConversationClosed>) {
    await closeOffers(this.sql, e.tenantid, e.subject);
  }

  @OnEvent(group, OptedOut)
  async onOptedOut(@Payload() e: EventOf<typeof OptedOut>) {
    await noteLead(this.sql, e.tenantid, e.subject, { optedOut: true, driver: 'opted_out' });
    await closeOffers(this.sql, e.tenantid, e.subject);
  }

  @OnEvent(group, OptedIn)
  async onOptedIn(@Payload() e: EventOf<typeof OptedIn>) {
    await noteLead(this.sql, e.tenantid, e.subject, { optedOut: false, driver: 'paused' });
  }

  private async drive(tenantId: string, conversationId: string, driver: string, closeOffer: boolean): Promise<void> {
    await noteLead(this.sql, tenantId, conversationId, { driver });
    if (closeOffer) await closeOffers(this.sql, tenantId, conversationId);
  }
}
