import { placeOfNumber, strictestPlace, windowFor, type LeadPlace, type Window } from '@baton/lead-time';
import type { SqlQueryable } from '@baton/sql';
import type { SchedulingConfig } from '../config';
import { leadZone } from '../domain/slots';
import { findLead, type LeadRecord } from './lead-store';

export interface LeadContext {
  lead?: LeadRecord;
  place: LeadPlace;
  window: Window;
  zone: string;
  /** Several zones fit the lead's number (or none is known): times are said with their zone. */
  zoneUncertain: boolean;
}

/** Where the lead is (their number's area code) and the hours they may be called, as the gateway reckons them. */
export async function leadContext(
  db: SqlQueryable,
  config: SchedulingConfig,
  tenantId: string,
  conversationId: string,
): Promise<LeadContext> {
  const lead = await findLead(db, tenantId, conversationId);
  const place = lead?.leadPhone ? await placeOfNumber(lead.leadPhone) : strictestPlace;
  return {
    lead,
    place,
    window: windowFor(place, config.BATON_QUIET_HOURS[tenantId]),
    zone: leadZone(place),
    zoneUncertain: place.zones.length > 1,
  };
}
