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
  FL: { start: '08:00', end: '20:00' }, OK: { start: '08:00', end: '20:00' }, MD: { start: '08:00', end: '20:00' }, WA: { start: '08:00', end: '20:00' },
};
/** With nothing known about the lead, a send must be allowed in every US zone at once. */
export const strictestPlace: LeadPlace = {
  zones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'],
  state: 'FL',
};

export function windowFor(place: LeadPlace, tenantWindows: Record<string, Window> = {}): Window {
  // Own keys only: a state named by a lead's profile is never a key of Object.prototype.
  const own = (windows: Record<string, Window>, key: string | undefined) => (key !== undefined && Object.hasOwn(windows, key) ? windows[key] : undefined);
  return own(tenantWindows, place.state) ?? own(stateWindows, place.state) ?? own(tenantWindows, 'default') ?? defaultWindow;
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
  const ok = candidates.filter((c) => c > at && place.zones.every((z) => allowedIn(c, z, window))).sort((a, b) => a.toMillis() - b.toMillis());
  if (ok.length === 0) throw new Error(`no moment in the next days suits every zone of ${place.zones.join(', ')} for ${window.start}-${window.end}`);
  return ok[0]!.toISO()!;
}
