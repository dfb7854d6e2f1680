import { FormatRegistry } from '@sinclair/typebox';

// TypeBox checks no formats by itself; these are the ones the contracts use.
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const e164 = /^\+[1-9]\d{6,14}$/;
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => uuid.test(v));
if (!FormatRegistry.Has('date-time'))
  FormatRegistry.Set('date-time', (v) => dateTime.test(v) && !Number.isNaN(Date.parse(v)));
if (!FormatRegistry.Has('e164')) FormatRegistry.Set('e164', (v) => e164.test(v));
// See http/text.ts: what stores accept and people may send.
export const unsafeText =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
if (!FormatRegistry.Has('text')) FormatRegistry.Set('text', (v) => !unsafeText.test(v));
// An address a mail server would accept: one @, no spaces or angle brackets (RFC 5321 sizes).
const email =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', (v) => v.length <= 254 && email.test(v));
// An IANA time zone the runtime knows (America/New_York), as luxon and Intl read it. Building an Intl formatter
// is the costliest check of an event (profiled: the gateway's top format check), and the zones are few: each
// answer is kept.
const zoneKnown = new Map<string, boolean>();
export function isTimeZone(v: string): boolean {
  const known = zoneKnown.get(v);
  if (known !== undefined) return known;
  let ok = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(v);
  if (ok)
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: v });
    } catch {
      ok = false;
    }
  if (zoneKnown.size >= 10_000) zoneKnown.clear();
  zoneKnown.set(v, ok);
  return ok;
}
if (!FormatRegistry.Has('time-zone')) FormatRegistry.Set('time-zone', isTimeZone);
if (!FormatRegistry.Has('uri'))
  FormatRegistry.Set('uri', (v) => {
    try {
      new URL(v);
      return true;
    } catch {
      return false;
    }
  });
