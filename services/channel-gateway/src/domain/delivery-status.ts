/**
 * Delivery statuses in the order they happen; a status never moves backwards (a late "sent" after "delivered" is
 * ignored). A Map, as the status comes from the webhook: `constructor` or `__proto__` is no status.
 */
const rank = new Map(
  Object.entries({
    accepted: 1,
    scheduled: 1,
    queued: 1,
    sending: 2,
    sent: 3,
    delivered: 4,
    undelivered: 4,
    failed: 4,
    read: 5,
  }),
);
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read';

export function knownStatus(status: string): DeliveryStatus | undefined {
  if (!rank.has(status)) return undefined;
  return (status === 'accepted' || status === 'scheduled' ? 'queued' : status) as DeliveryStatus;
}

export const movesForward = (from: string | undefined, to: string) =>
  from === undefined ? true : (rank.get(to) ?? 0) > (rank.get(from) ?? 0);
