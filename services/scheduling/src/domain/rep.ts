import type { CalendarConnection, Presence, RepBody, WorkingHours } from '@baton/contracts';
import { DomainError } from '@baton/decider';
import { effectivePresence, problemWithHours } from '@baton/working-hours';

/** A rep as scheduling keeps them, calendar secrets included (they never leave the service). */
export interface Rep {
  tenantId: string;
  repId: string;
  name: string;
  email?: string;
  phone?: string;
  timezone: string;
  workingHours: WorkingHours;
  meetingMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  territory: string[];
  skills: { verticals: string[]; languages: string[] };
  calendar: CalendarConnection;
  meetingUrl?: string;
  presence: Presence;
  revision: number;
  removed: boolean;
  lastOfferedAt?: string;
}

export class InvalidRep extends DomainError {
  readonly code = 'invalid-rep';
  override readonly status = 400;
}

export class UnknownRep extends DomainError {
  readonly code = 'unknown-rep';
  override readonly status = 404;
  constructor(repId: string) {
    super(`no rep ${repId} in your tenant`);
  }
}

const secretFields = ['password', 'clientSecret', 'refreshToken'] as const;

/**
 * The rep a PUT describes. Secrets left out are kept from the rep as stored when the calendar is the same
 * one (a GET, edited and PUT back, must not wipe the password it could not see).
 */
export function repFromBody(
  tenantId: string,
  repId: string,
  body: RepBody,
  existing: Rep | undefined,
): Omit<Rep, 'revision' | 'presence' | 'removed'> {
  const hours = problemWithHours(body.workingHours);
  if (hours) throw new InvalidRep(`workingHours ${hours}`);
  const calendar = withKeptSecrets(body.calendar ?? { kind: 'internal' }, existing?.calendar);
  if (calendar.kind === 'caldav' && !calendar.password)
    throw new InvalidRep('calendar.password is required for a new CalDAV connection');
  if (calendar.kind === 'google' && (!calendar.clientSecret || !calendar.refreshToken))
    throw new InvalidRep('calendar.clientSecret and calendar.refreshToken are required for a new Google connection');
  return {
    tenantId,
    repId,
    name: body.name.trim(),
    email: body.email,
    phone: body.phone,
    timezone: body.timezone,
    workingHours: body.workingHours,
    meetingMinutes: body.meeting?.minutes ?? 15,
    bufferBeforeMinutes: body.meeting?.bufferBeforeMinutes ?? 5,
    bufferAfterMinutes: body.meeting?.bufferAfterMinutes ?? 5,
    territory: body.territory ?? [],
    skills: { verticals: body.skills?.verticals ?? [], languages: body.skills?.languages ?? [] },
    calendar,
    meetingUrl: body.meetingUrl,
  };
}

function withKeptSecrets(next: CalendarConnection, previous: CalendarConnection | undefined): CalendarConnection {
  if (!previous || previous.kind !== next.kind || next.kind === 'internal') return next;
  const same =
    next.kind === 'caldav'
      ? previous.kind === 'caldav' && previous.serverUrl === next.serverUrl && previous.username === next.username
      : previous.kind === 'google' && previous.clientId === next.clientId;
  if (!same) return next;
  const kept: Record<string, unknown> = { ...next };
  for (const field of secretFields)
    if (kept[field] === undefined && (previous as Record<string, unknown>)[field] !== undefined)
      kept[field] = (previous as Record<string, unknown>)[field];
  return kept as CalendarConnection;
}

/** What GET shows: everything but secrets (their presence only), and the presence in force now. */
export function repView(rep: Rep, nowIso: string) {
  const { calendar, tenantId: _tenant, lastOfferedAt: _last, ...rest } = rep;
  const shown: Record<string, unknown> = { ...calendar };
  for (const field of secretFields) {
    if (field in shown) {
      delete shown[field];
      shown[`has${field[0]!.toUpperCase()}${field.slice(1)}`] = true;
    }
  }
  return {
    ...rest,
    calendar: shown,
    presenceNow: effectivePresence(rep, nowIso),
    meeting: {
      minutes: rep.meetingMinutes,
      bufferBeforeMinutes: rep.bufferBeforeMinutes,
      bufferAfterMinutes: rep.bufferAfterMinutes,
    },
  };
}

/** The demo rep the embedded mode starts with, so a newcomer can book at once. */
export function demoRep(tenantId: string, timezone: string): Omit<Rep, 'revision' | 'presence' | 'removed'> {
  const day = [{ start: '09:00', end: '17:00' }];
  return {
    tenantId,
    repId: 'demo-rep',
    name: 'Sarah Lee',
    email: undefined,
    timezone,
    workingHours: { mon: day, tue: day, wed: day, thu: day, fri: day },
    meetingMinutes: 15,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 5,
    territory: [],
    skills: { verticals: [], languages: ['en'] },
    calendar: { kind: 'internal' },
  };
}
