import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BriefReady, topics, type CloudEvent, type EventOf } from '@baton/contracts';
import type { EventContext } from '@baton/event-bus';
import { OnEvent } from '@baton/service-runtime';
import { NotificationStore } from '../adapters/notification-store';

/** Every conversation fact a tenant's endpoints asked for becomes a delivery in the outbox. */
@Controller()
export class NotificationHandlers {
  constructor(private readonly store: NotificationStore) {}

  @OnEvent('audit-notifications', topics.conversations)
  async onConversationFact(@Payload() e: CloudEvent, @Ctx() context: EventContext) {
    const added = await this.store.enqueue(e);
    if (added > 0) context.log.debug({ type: e.type, deliveries: added }, 'webhook deliveries queued');
  }

  /** The rep brief, delivered when a meeting is booked or a rep takes over, for endpoints that asked for it. */
  @OnEvent('audit-notifications', BriefReady)
  async onBriefReady(@Payload() e: EventOf<typeof BriefReady>, @Ctx() context: EventContext) {
    const added = await this.store.enqueue(e);
    if (added > 0) context.log.debug({ type: e.type, deliveries: added }, 'webhook deliveries queued');
  }
}
