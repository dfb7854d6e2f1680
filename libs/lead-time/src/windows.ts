import { DateTime } from 'luxon';

export interface Window {
  /** HH:mm, local */
  start: string;
  end: string;
}

/** Where the lead is, as best known: from their profile, else their number's area code. */
export interface LeadPlace {
  zones: string[];
  state?: string;
}

export const defaultWindow: Window = { start: '08:00', end: '21:00' };
/** States whose telemarketing rules end texting earlier. */
export const stateWindows: Record<string, Window> = {
  FL: { start: '08:00', end: '20:00' },
  OK: { start: '08:00', end: '20:00' },
  MD: { start: '08:00', end: '20:00' },
  WA: { start: '08:00', end: '20:00' },
};
/** With nothing known about the lead, a send must be allowed in every US zone at once. */
export const strictestPlace: LeadPlace = {
  zones: [
    'America/New_York',
    'America/Chicago',
    'America/Denver',
    'America/Phoenix',
    'America/Los_Angeles',
    'America/Anchorage',
    'Pacific/Honolulu',
  ],
  state: 'FL',
};

const own = <V>(record: Record<string, V>, key: string | undefined): V | undefined =>
  key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;

export function windowFor(place: LeadPlace, tenantWindows: Record<string, Window> = {}): Window {
  return (
    own(tenantWindows, place.state) ?? own(stateWindows, place.state) ?? own(tenantWindows, 'default') ?? defaultWindow
  );
}

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

function allowedIn(at: DateTime, zone: string, window: Window): boolean {
  const local = at.setZone(zone);
  const now = local.hour * 60 + local.minute;
  return now >= minutes(window.start) && now < minutes(window.end);
}

/**
 * When a message may go out: `at` itself when it is inside the window in every zone the lead may be in,
 * otherwise the next such minute. Computed in each zone's own clock, so DST changes move it correctly.
 */
export function nextAllowedMoment(atIso: string, place: LeadPlace, window: Window): string {
  const at = DateTime.fromISO(atIso, { zone: 'utc' });
  if (place.zones.every((z) => allowedIn(at, z, window))) return at.toISO()!;
  // Candidates: the window's opening in each zone on the next days; the first that suits every zone wins.
  const candidates: DateTime[] = [];
  for (const zone of place.zones) {
    const local = at.setZone(zone);
    for (let day = 0; day <= 2; day++) {
      const [h, m] = window.start.split(':').map(Number);
      candidates.push(local.startOf('day').plus({ days: day }).set({ hour: h!, minute: m! }).toUTC());
    }
  }
  const ok = candidates
    .filter((c) => c > at && place.zones.every((z) => allowedIn(c, z, window)))
    .sort((a, b) => a.toMillis() - b.toMillis());
  if (ok.length === 0)
    throw new Error(
      `no moment in the next days suits every zone of ${place.zones.join(', ')} for ${window.start}-${window.end}`,
    );
  return ok[0]!.toISO()!;
}

/**
 * The stretches between two instants that lie inside the window in every zone the lead may be in, as UTC
 * millisecond ranges: each zone's days laid in its own clock (luxon), so a DST change moves them correctly.
 */
export function allowedRanges(place: LeadPlace, window: Window, fromIso: string, toIso: string): [number, number][] {
  const from = DateTime.fromISO(fromIso, { zone: 'utc' });
  const to = DateTime.fromISO(toIso, { zone: 'utc' });
  const [sh, sm] = window.start.split(':').map(Number);
  const [eh, em] = window.end.split(':').map(Number);
  let ranges: [number, number][] | undefined;
  for (const zone of place.zones) {
    const mine: [number, number][] = [];
    for (
      let day = from.setZone(zone).startOf('day').minus({ days: 1 });
      day < to;
      day = day.plus({ days: 1 }).startOf('day')
    ) {
      mine.push([day.set({ hour: sh!, minute: sm! }).toMillis(), day.set({ hour: eh!, minute: em! }).toMillis()]);
    }
    ranges = ranges ? intersect(ranges, mine) : mine;
  }
  return (ranges ?? [])
    .map(([a, b]) => [Math.max(a, from.toMillis()), Math.min(b, to.toMillis())] as [number, number])
    .filter(([a, b]) => b > a);
}

function intersect(a: [number, number][], b: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a1, a2] of a)
    for (const [b1, b2] of b) if (Math.max(a1, b1) < Math.min(a2, b2)) out.push([Math.max(a1, b1), Math.min(a2, b2)]);
  return out.sort((x, y) => x[0] - y[0]);
}

export type TenantWindows = Record<string, Record<string, Window>>;

/**
 * BATON_QUIET_HOURS: per-tenant windows as JSON, {"<tenant>": {"default": {"start": "08:00", "end": "21:00"}, "FL": {...}}}.
 * Throws with the reason when it is not that shape.
 */
export function parseTenantWindows(raw: string): TenantWindows {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error('must be JSON');
  }
  const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('must be an object of tenants');
  for (const [tenant, windows] of Object.entries(
    value as Record<string, Record<string, { start?: string; end?: string }>>,
  )) {
    if (!windows || typeof windows !== 'object' || Array.isArray(windows))
      throw new Error(`has a bad entry for ${tenant}: an object of windows`);
    for (const [where, w] of Object.entries(windows)) {
      // 24:00 ends a window at midnight: 00:00-24:00 is the whole day (a tenant whose leads consented to it).
      const end = w?.end === '24:00' ? '24:00' : hhmm.test(w?.end ?? '') ? w!.end! : undefined;
      if (!w || !hhmm.test(w.start ?? '') || !end || w.start! >= end) {
        throw new Error(
          `has a bad window for ${tenant}/${where}: start and end must be HH:mm (end up to 24:00), start before end`,
        );
      }
    }
  }
  // Without a prototype: a tenant id (from a token) picks the key, and `constructor` is nobody's windows.
  const windowsOf = (entries: object) => Object.assign(Object.create(null) as Record<string, Window>, entries);
  return Object.assign(
    Object.create(null) as TenantWindows,
    Object.fromEntries(
      Object.entries(value as Record<string, object>).map(([tenant, windows]) => [tenant, windowsOf(windows ?? {})]),
    ),
  );
}
