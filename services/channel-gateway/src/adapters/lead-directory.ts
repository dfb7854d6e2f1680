import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { derivedEventId } from '@baton/contracts';
import { migrate, type Sql } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import { placeOfNumber, type LeadPlace } from '@baton/lead-time';

export interface ConversationAddress {
  tenantId: string;
  conversationId: string;
  leadPhone: string;
  batonNumber: string;
}

/**
 * A conversation is one lead number with one Baton number, per tenant; its id is derived from the three,
 * so every gateway instance names it alike without asking another.
 */
@Injectable()
export class LeadDirectory implements OnModuleInit {
  // An address never changes once written: every send and webhook reads it, so it is kept here (bounded).
  private readonly known = new Map<string, ConversationAddress & { place: LeadPlace }>();

  constructor(@Inject(SQL) private readonly sql: Sql) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'channel-gateway-leads', [
      {
        version: 1,
        script: `CREATE TABLE gateway_conversations (
        tenant_id text NOT NULL, conversation_id text NOT NULL, lead_phone text NOT NULL, baton_number text NOT NULL,
        zone_override text, state_override text, created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, conversation_id), UNIQUE (tenant_id, lead_phone, baton_number));`,
      },
    ]);
  }

  static conversationIdOf(tenantId: string, leadPhone: string, batonNumber: string): string {
    return derivedEventId(`conversation:${tenantId}:${leadPhone}:${batonNumber}`);
  }

  async open(tenantId: string, leadPhone: string, batonNumber: string): Promise<ConversationAddress> {
    const conversationId = LeadDirectory.conversationIdOf(tenantId, leadPhone, batonNumber);
    // Written once: an address read since is there for good.
    if (this.known.has(`${tenantId}/${conversationId}`)) return { tenantId, conversationId, leadPhone, batonNumber };
    await this.sql.query(
      'INSERT INTO gateway_conversations (tenant_id, conversation_id, lead_phone, baton_number) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [tenantId, conversationId, leadPhone, batonNumber],
    );
    return { tenantId, conversationId, leadPhone, batonNumber };
  }

  async find(
    tenantId: string,
    conversationId: string,
  ): Promise<(ConversationAddress & { place: LeadPlace }) | undefined> {
    const key = `${tenantId}/${conversationId}`;
    const cached = this.known.get(key);
    if (cached) return cached;
    const { rows } = await this.sql.query<{
      lead_phone: string;
      baton_number: string;
      zone_override: string | null;
      state_override: string | null;
    }>(
      'SELECT lead_phone, baton_number, zone_override, state_override FROM gateway_conversations WHERE tenant_id = $1 AND conversation_id = $2',
      [tenantId, conversationId],
    );
    const row = rows[0];
    if (!row) return undefined;
    // The lead's profile wins over the area code.
    const place = row.zone_override
      ? { zones: [row.zone_override], ...(row.state_override ? { state: row.state_override } : {}) }
      : await placeOfNumber(row.lead_phone);
    const address = { tenantId, conversationId, leadPhone: row.lead_phone, batonNumber: row.baton_number, place };
    if (this.known.size >= 50_000) this.known.delete(this.known.keys().next().value!);
    this.known.set(key, address);
    return address;
  }
}
