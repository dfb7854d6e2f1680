import type { SqlQueryable } from '@baton/sql';

/** What scheduling knows of a conversation's lead, from the events it reads (never another service's tables). */
export interface LeadRecord {
  tenantId: string;
  conversationId: string;
  leadPhone?: string;
  leadEmail?: string;
  language?: string;
  optedOut: boolean;
  driver: string;
}

export interface LeadRow {
  tenant_id: string;
  conversation_id: string;
  lead_phone: string | null;
  lead_email: string | null;
  language: string | null;
  opted_out: boolean;
  driver: string;
}

export async function findLead(
  db: SqlQueryable,
  tenantId: string,
  conversationId: string,
): Promise<LeadRecord | undefined> {
  const { rows } = await db.query<LeadRow>(
    'SELECT * FROM scheduling_leads WHERE tenant_id = $1 AND conversation_id = $2',
    [tenantId, conversationId],
  );
  return rows[0] ? leadOf(rows[0]) : undefined;
}

export const leadOf = (r: LeadRow): LeadRecord => ({
  tenantId: r.tenant_id,
  conversationId: r.conversation_id,
  leadPhone: r.lead_phone ?? undefined,
  leadEmail: r.lead_email ?? undefined,
  language: r.language ?? undefined,
  optedOut: r.opted_out,
  driver: r.driver,
});

/** Records what is new about the lead (fields left undefined keep their value) and returns the lead as it is now. */
export async function noteLead(
  db: SqlQueryable,
  tenantId: string,
  conversationId: string,
  facts: { leadPhone?: string; leadEmail?: string; language?: string; optedOut?: boolean; driver?: string },
): Promise<LeadRecord> {
  const { rows } = await db.query<LeadRow>(
    `INSERT INTO scheduling_leads (tenant_id, conversation_id, lead_phone, lead_email, language, opted_out, driver)
     VALUES ($1, $2, $3, $4, $5, COALESCE($6, false), COALESCE($7, 'ai'))
     ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET lead_phone = COALESCE(excluded.lead_phone, scheduling_leads.lead_phone),
       lead_email = COALESCE($4, scheduling_leads.lead_email), language = COALESCE($5, scheduling_leads.language),
       opted_out = COALESCE($6, scheduling_leads.opted_out), driver = COALESCE($7, scheduling_leads.driver), updated_at = now()
     RETURNING *`,
    [
      tenantId,
      conversationId,
      facts.leadPhone ?? null,
      facts.leadEmail ?? null,
      facts.language ?? null,
      facts.optedOut ?? null,
      facts.driver ?? null,
    ],
  );
  return leadOf(rows[0]!);
}
