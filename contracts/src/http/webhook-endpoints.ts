import { Type, type Static } from '@sinclair/typebox';
import { BriefReady } from '../events/briefs-and-calls';
import { conversationFacts } from '../events/conversations';
import { Text, textLimits } from './text';

const strict = { additionalProperties: false } as const;

/** What a tenant can subscribe to: the conversation facts (handoff triggered, human took over, handed back, ...) and the rep brief. */
export const subscribableTypes = [...conversationFacts.map((d) => d.type as string), BriefReady.type].sort();

export const WebhookEndpointBody = Type.Object(
  {
    url: Type.String({
      format: 'uri',
      minLength: 1,
      maxLength: 2048,
      description: 'https, public; checked again against DNS at each attempt',
    }),
    events: Type.Array(Type.Union(subscribableTypes.map((t) => Type.Literal(t))), {
      minItems: 1,
      maxItems: subscribableTypes.length * 2,
    }),
    description: Type.Optional(Text(textLimits.description)),
  },
  strict,
);
export type WebhookEndpointBody = Static<typeof WebhookEndpointBody>;

export const DeliveryStatus = Type.Union(['pending', 'delivered', 'dead', 'cancelled'].map((s) => Type.Literal(s)));
export const DeliveriesQuery = Type.Object({ status: Type.Optional(DeliveryStatus) }, strict);
export type DeliveriesQuery = Static<typeof DeliveriesQuery>;
