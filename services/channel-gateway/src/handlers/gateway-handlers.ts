import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { OutboundRequested, topics, type CloudEvent, type EventOf } from '@baton/contracts';
import type { EventContext } from '@baton/event-bus';
import { OnEvent } from '@baton/service-runtime';
import { SendGateStore } from '../adapters/send-gate-store';
import { Sender } from '../adapters/sender';
import type { FenceFact } from '../domain/send-gate';

// Two groups, so two fetch loops: a send waiting for its turn grant must never hold up the very
// conversation facts that carry the grant (in one kafkajs group, a slow batch stalls the broker's next fetch).
const sendsGroup = 'channel-gateway-sends';
const fenceGroup = 'channel-gateway-fence';

/** What each conversation fact means for the fence. */
export function fenceFactsOf(event: CloudEvent): FenceFact[] {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'baton.conversations.turn.granted.v1': return [{ type: 'turn.granted', turnId: String(data.turnId), directive: data.directive as never }];
    case 'baton.conversations.lead-message.recorded.v1': return [{ type: 'lead-message.recorded' }];
    case 'baton.conversations.handoff.triggered.v1': return [{ type: 'handoff.triggered' }];
    case 'baton.conversations.human.took-over.v1': return [{ type: 'driver.changed', driver: 'human' }];
    case 'baton.conversations.handed-back.v1': return [{ type: 'handed-back' }];
    case 'baton.conversations.ai.paused.v1': return [{ type: 'driver.changed', driver: 'paused' }];
    case 'baton.conversations.ai.resumed.v1': return [{ type: 'driver.changed', driver: 'ai' }];
    case 'baton.conversations.opted-out.v1': return [{ type: 'driver.changed', driver: 'opted_out' }];
    case 'baton.conversations.opted-in.v1': return [{ type: 'driver.changed', driver: 'paused' }];
    default: return [];
  }
}

@Controller()
export class GatewayHandlers {
  constructor(private readonly sender: Sender, @Inject(SendGateStore) private readonly gate: SendGateStore) {}

  @OnEvent(sendsGroup, OutboundRequested)
  async onOutbound(@Payload() e: EventOf<typeof OutboundRequested>) {
    await this.sender.request({
      tenantId: e.tenantid, conversationId: e.subject, idempotencyKey: e.data.idempotencyKey, author: e.data.author, repId: e.data.repId, turnId: e.data.turnId,
      channel: e.data.channel, body: e.data.body, at: e.time,
    }, e);
  }

  @OnEvent(fenceGroup, topics.conversations)
  async onConversationFact(@Payload() e: CloudEvent, @Ctx() context: EventContext) {
    const facts = fenceFactsOf(e);
    if (facts.length === 0) return;
    const fence = await this.gate.apply(e.tenantid, e.subject, facts);
    context.log.debug({ type: e.type, driver: fence.driver, humanSpoke: fence.humanSpoke }, 'fence moved');
  }
}
