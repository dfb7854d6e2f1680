import { derivedEventId, newEvent, type DataOf, type EventDefinition, type EventOf } from '@baton/contracts';

export interface Cause {
  id: string;
  correlationid: string;
}

/**
 * A scheduling event whose id derives from what caused it and what it says about: the same cause handled
 * again (a redelivery, a second replica) makes the same event, which the outbox and every consumer drop.
 */
export function schedulingEvent<E extends EventDefinition>(
  definition: E,
  fields: { tenantId: string; subject: string; data: DataOf<E>; cause?: Cause; name: string; at: string },
): EventOf<E> {
  return newEvent(definition, {
    id: derivedEventId(`scheduling:${fields.cause?.id ?? 'api'}:${fields.name}`),
    subject: fields.subject,
    tenantid: fields.tenantId,
    source: '/baton/scheduling',
    time: fields.at,
    data: fields.data,
    ...(fields.cause ? { cause: fields.cause } : {}),
  });
}
