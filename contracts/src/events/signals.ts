import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event';
import {
  Channel,
  Detection,
  IdentityQuestion,
  Phone,
  SignalEngineName,
  ThreadLine,
  recentLinesCarried,
  Vertical,
} from '../shared';
import { Timestamp } from '../envelope';
import { topics } from '../topics';

export const SignalDetected = defineEvent({
  type: 'baton.signals.signal.detected.v1',
  topic: topics.signals,
  description:
    "A lead message's handoff signals, published once per message even when there are none (so the aggregate knows they are in).",
  data: Type.Object(
    {
      messageId: Type.String(),
      message: Type.Object(
        {
          text: Type.String(),
          receivedAt: Timestamp,
          leadPhone: Phone,
          batonNumber: Phone,
          channel: Channel,
          vertical: Type.Optional(Vertical),
          recent: Type.Array(ThreadLine, {
            maxItems: recentLinesCarried,
            description: 'the thread before it, oldest first',
          }),
        },
        {
          additionalProperties: false,
          description:
            'the lead message the signals were read in, with the thread before it: all the aggregate needs to record it',
        },
      ),
      detections: Type.Array(Detection),
      engine: SignalEngineName,
      identityQuestion: Type.Optional(IdentityQuestion),
      latencyMs: Type.Optional(Type.Number({ minimum: 0 })),
    },
    { additionalProperties: false },
  ),
});
