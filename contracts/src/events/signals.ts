import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event';
import { Detection } from '../shared';
import { topics } from '../topics';

export const SignalDetected = defineEvent({
  type: 'baton.signals.signal.detected.v1', topic: topics.signals,
  description: "A lead message's handoff signals, published once per message even when there are none (so the aggregate knows they are in).",
  data: Type.Object({
    messageId: Type.String(),
    detections: Type.Array(Detection),
    engine: Type.Union([Type.Literal('rules'), Type.Literal('anthropic'), Type.Literal('ensemble')], { description: 'the engine that decided' }),
    latencyMs: Type.Optional(Type.Number({ minimum: 0 })),
  }, { additionalProperties: false }),
});
