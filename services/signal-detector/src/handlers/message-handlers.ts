import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { derivedEventId, MessageReceived, MessageSent, SignalDetected, newEvent, topics, type EventOf } from '@baton/contracts';
import type { EventBus, EventContext } from '@baton/event-bus';
import { EVENT_BUS, OnEvent } from '@baton/service-runtime';
import { ConversationTurns } from '../adapters/conversation-turns';
import { SignalEngines } from '../adapters/signal-engines';

const group = 'signal-detector';

@Controller()
export class MessageHandlers {
  constructor(
    private readonly engines: SignalEngines,
    private readonly turns: ConversationTurns,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  /** Every lead message gets one signal.detected, even with no signal: the aggregate waits for it to grant a turn. */
  @OnEvent(group, MessageReceived)
  async onLeadMessage(@Payload() e: EventOf<typeof MessageReceived>, @Ctx() context: EventContext) {
    const started = process.hrtime.bigint();
    const earlier = await this.turns.before(e.tenantid, e.subject, e.data.receivedAt);
    const { detections, engine, fallbackReason } = await this.engines.detect({ text: e.data.body, context: earlier });
    const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
    const signal = newEvent(SignalDetected, {
      // a redelivered message republishes the same signal event
      id: derivedEventId(`signals:${e.id}`), subject: e.subject, tenantid: e.tenantid, source: '/baton/signal-detector', cause: e,
      data: { messageId: e.data.messageId, detections, engine, latencyMs: Math.round(latencyMs * 100) / 100 },
    });
    await this.bus.publish(topics.signals, [{ key: signal.subject, value: JSON.stringify(signal) }]);
    await this.turns.record(e.tenantid, e.subject, { messageId: e.data.messageId, author: 'lead', text: e.data.body, at: e.data.receivedAt });
    context.log.info({ messageId: e.data.messageId, engine, fallbackReason, signals: detections.map((d) => `${d.signal}:${d.confidence}`), latencyMs }, 'signals detected');
  }

  /** What the AI and reps said is context for the next lead message. */
  @OnEvent(group, MessageSent)
  async onMessageSent(@Payload() e: EventOf<typeof MessageSent>) {
    if (e.data.author === 'lead' || e.data.author === 'system') return;
    await this.turns.record(e.tenantid, e.subject, { messageId: e.data.messageId, author: e.data.author, text: e.data.body, at: e.data.sentAt });
  }
}
