import { DateTime, Duration } from 'luxon';
import { retentionClasses, type RetentionClass } from './personal-data';

/** How long each class of record stays readable, per tenant ('*' for every tenant not named). ISO 8601 durations. */
export type RetentionPolicy = Record<string, Partial<Record<RetentionClass, string>>>;

export const defaultRetention: Record<RetentionClass, string> = { consent: 'P5Y', call: 'P5Y', conversation: 'P3Y' };

/** Parses BATON_AUDIT_RETENTION: {"*": {"conversation": "P2Y"}, "acme": {"consent": "P7Y"}}; throws naming what is wrong. */
export function parseRetention(raw: string): RetentionPolicy {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error('must be JSON, like {"*": {"conversation": "P2Y"}, "acme": {"consent": "P7Y"}}');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('must be an object of tenants');
  for (const [tenant, classes] of Object.entries(value)) {
    if (!classes || typeof classes !== 'object' || Array.isArray(classes))
      throw new Error(`tenant ${tenant} must map classes to durations`);
    for (const [name, duration] of Object.entries(classes)) {
      if (!(retentionClasses as readonly string[]).includes(name))
        throw new Error(`${tenant}: unknown class ${name} (one of ${retentionClasses.join(', ')})`);
      const parsed = typeof duration === 'string' ? Duration.fromISO(duration) : undefined;
      if (!parsed?.isValid || parsed.as('days') < 1)
        throw new Error(`${tenant}.${name} must be an ISO 8601 duration of a day or more, like P5Y or P90D`);
    }
  }
  return value as RetentionPolicy;
}

export function retentionOf(policy: RetentionPolicy, tenantId: string, retentionClass: RetentionClass): string {
  return policy[tenantId]?.[retentionClass] ?? policy['*']?.[retentionClass] ?? defaultRetention[retentionClass];
}

/**
 * The month a record's key belongs to (its event time, UTC): keys are per month, so retention is exact to the month.
 * Date, not luxon: it runs for every personal event appended, and luxon's parse and format cost 2 ms an inbound.
 */
export function periodOf(time: string): string {
  const at = new Date(time);
  if (Number.isNaN(at.getTime())) throw new Error(`not a time: ${time}`);
  return at.toISOString().slice(0, 7);
}

/**
 * The first month still kept: keys of earlier months are past their retention (their whole month is older than
 * now minus the retention) and are shredded.
 */
export function firstKeptPeriod(
  policy: RetentionPolicy,
  tenantId: string,
  retentionClass: RetentionClass,
  now: Date,
): string {
  const cutoff = DateTime.fromJSDate(now, { zone: 'utc' }).minus(
    Duration.fromISO(retentionOf(policy, tenantId, retentionClass)),
  );
  return cutoff.toFormat('yyyy-MM');
}
