import type { SqlQueryable } from '@baton/sql';
import type { Meeting } from '../domain/meeting';
import { leadOf, type LeadRecord, type LeadRow } from './lead-store';
import { toMeeting, toOffer, type MeetingRow, type Offer, type OfferRow } from './meeting-store';

/** Where a lead stands for scheduling when they write: what is known of them, their open offer, their next meeting. */
export interface LeadStanding {
  lead?: LeadRecord;
  offer?: Offer;
  meeting?: Meeting;
}

/** One read for what a lead's text is checked against (it comes with nearly every lead message). */
export async function leadStanding(
  db: SqlQueryable,
  tenantId: string,
  conversationId: string,
  nowIso: string,
): Promise<LeadStanding> {
  const { rows } = await db.query<{ lead: LeadRow | null; offer: OfferRow | null; meeting: MeetingRow | null }>(
    `SELECT (SELECT to_jsonb(l) FROM scheduling_leads l WHERE l.tenant_id = $1 AND l.conversation_id = $2) AS lead,
            (SELECT to_jsonb(o) FROM scheduling_offers o
              WHERE o.tenant_id = $1 AND o.conversation_id = $2 AND o.status = 'open') AS offer,
            (SELECT to_jsonb(m) FROM scheduling_meetings m
              WHERE m.tenant_id = $1 AND m.conversation_id = $2 AND m.status = 'booked' AND m.end_at > $3
              ORDER BY m.start_at LIMIT 1) AS meeting`,
    [tenantId, conversationId, nowIso],
  );
  const row = rows[0]!;
  return {
    ...(row.lead ? { lead: leadOf(row.lead) } : {}),
    ...(row.offer ? { offer: toOffer(row.offer) } : {}),
    ...(row.meeting ? { meeting: toMeeting(row.meeting) } : {}),
  };
}
