import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { derivedEventId, MessageReceived, SignalDetected, newEvent, topics, type EventOf } from '@baton/contracts';
import type { EventContext } from '@baton/event-bus';
import { OnEvent } from '@baton/service-runtime';
import { SignalEngines } from '../adapters/signal-engines';

const group = 'signal-detector';

@Controller()
export class MessageHandlers {
  constructor(private readonly engines: SignalEngines) {}

  /**
   * Every lead message gets one signal.detected, even with no signal: the aggregate records the message from it
   * and waits for it to grant a turn. The message carries the thread before it, so the detector keeps nothing.
   */
  @OnEvent(group, MessageReceived)
  async onLeadMessage(@Payload() e: EventOf<typeof MessageReceived>, @Ctx() context: EventContext) {
    const started = process.hrtime.bigint();
    const recent = e.data.recent ?? [];
    const earlier = recent.flatMap((line) =>
      line.author === 'system' ? [] : [{ author: line.author, text: line.text }],
    );
    const { detections, identityQuestion, engine, fallbackReason } = await this.engines.detect({
      text: e.data.body,
      context: earlier,
    });
    const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
    context.publish(topics.signals, [
      newEvent(SignalDetected, {
        // a redelivered message republishes the same signal event
        id: derivedEventId(`signals:${e.id}`),
        subject: e.subject,
        tenantid: e.tenantid,
        source: '/baton/signal-detector',
        cause: e,
        data: {
          messageId: e.data.messageId,
          detections,
          ...(identityQuestion ? { identityQuestion } : {}),
          engine,
          latencyMs: Math.round(latencyMs * 100) / 100,
          message: {
            text: e.data.body,
            receivedAt: e.data.receivedAt,
            leadPhone: e.data.leadPhone,
            batonNumber: e.data.batonNumber,
            channel: e.data.channel,
            recent,
            ...(e.data.vertical ? { vertical: e.data.vertical } : {}),
          },
        },
      }),
    ]);
    context.log.info(
      {
        messageId: e.data.messageId,
        engine,
        fallbackReason,
        signals: detections.map((d) => `${d.signal}:${d.confidence}:${d.detector}`),
        asksIfAi: Boolean(identityQuestion),
        latencyMs,
      },
      'signals detected',
    );
  }
}
