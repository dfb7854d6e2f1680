import { Controller, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { derivedEventId, newEvent, OutboundRequested, topics, TurnReplyBody } from '@baton/contracts';
import type { EventBus } from '@baton/event-bus';
import { AllowRoles, CurrentPrincipal, EVENT_BUS, ValidBody, type Principal } from '@baton/service-runtime';
import { ConversationReadModel } from '../adapters/conversation-read-model';
import { ConversationStreams } from '../adapters/conversation-streams';

/**
 * External AI agents answer the turns Baton grants (they hear of them on baton.conversations or by webhook).
 * The reply goes through the send gate like the built-in agent's, under the same idempotency key, so a turn
 * is answered once whoever answers it, and never after a rep spoke or a newer lead message voided it.
 */
@Controller('v1/turns')
export class TurnsController {
  constructor(
    private readonly readModel: ConversationReadModel,
    private readonly streams: ConversationStreams,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Post(':turnId/reply')
  @HttpCode(202)
  @AllowRoles('agent')
  async reply(
    @CurrentPrincipal() who: Principal,
    @Param('turnId') turnId: string,
    @ValidBody(TurnReplyBody) body: TurnReplyBody,
  ) {
    const conversationId = await this.readModel.conversationOfTurn(who.tenantId, turnId);
    // The stream, not the read model, says whether the turn is still open.
    const held = conversationId ? await this.streams.read(who.tenantId, conversationId) : undefined;
    const turn = held?.state.turn;
    if (!conversationId || !turn || turn.turnId !== turnId || !turn.open) {
      throw new NotFoundException(
        `no open turn ${turnId}: it was never granted, or a newer lead message, turn or driver change closed it`,
      );
    }
    const command = newEvent(OutboundRequested, {
      id: derivedEventId(`reply:${turnId}`),
      subject: conversationId,
      tenantid: who.tenantId,
      source: '/baton/conversation-state',
      data: {
        idempotencyKey: `ai:${turnId}`,
        author: 'ai',
        turnId,
        // The stream as read holds the grant: the gate never voids the reply before it has heard that far.
        ...(held?.revision !== undefined ? { turnSequence: held.revision.toString() } : {}),
        directive: turn.directive,
        channel: 'sms',
        body: body.body,
      },
    });
    await this.bus.publish(topics.outboundCommands, [{ key: conversationId, value: JSON.stringify(command) }]);
    return { turnId, conversationId, directive: turn.directive };
  }
}
