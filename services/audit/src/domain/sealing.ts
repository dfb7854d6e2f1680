import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { CloudEvent } from '@baton/contracts';
import { personalFields } from './personal-data';

/** A lead's data key: AES-256-GCM, one per conversation, retention class and month (see lead-keys). */
export interface DataKey {
  id: string;
  key: Buffer;
}

const prefix = 'sealed:v1:';
/** What an unreadable (erased) personal field reads as once its key is gone. */
export const erasedValue = '[erased]';

/** `detections[].evidence.text` -> ['detections', '[]', 'evidence', 'text'] */
const segmentsOf = (path: string) =>
  path.split('.').flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), '[]'] : [part]));

/** Replaces every value at the path (walking arrays at `[]`) with what `change` returns; `where` names the concrete place. */
function visit(
  node: unknown,
  segments: string[],
  where: string,
  change: (value: unknown, where: string) => unknown,
): void {
  if (!node || typeof node !== 'object') return;
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (rest[0] === '[]') {
    const list = (node as Record<string, unknown>)[head];
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      if (rest.length === 1) list[i] = change(item, `${where}${head}[${i}]`);
      else visit(item, rest.slice(1), `${where}${head}[${i}].`, change);
    });
    return;
  }
  const record = node as Record<string, unknown>;
  if (!(head in record) || record[head] === undefined) return;
  if (rest.length === 0) record[head] = change(record[head], `${where}${head}`);
  else visit(record[head], rest, `${where}${head}.`, change);
}

function eachPersonal(event: CloudEvent, change: (value: unknown, where: string) => unknown): CloudEvent {
  const copy = structuredClone(event);
  for (const path of personalFields[event.type] ?? []) visit(copy.data, segmentsOf(path), '', change);
  return copy;
}

/** Whether the event carries any personal value (so it needs its lead's key). */
export function hasPersonalData(event: CloudEvent): boolean {
  let found = false;
  eachPersonal(event, (value) => {
    found = true;
    return value;
  });
  return found;
}

// The event id and the field's place are authenticated with each value: a sealed value moved to another field
// or record no longer decrypts.
const aadOf = (eventId: string, where: string) => Buffer.from(`${eventId}\n${where}`, 'utf8');

/**
 * Encrypts the event's personal fields with the key (AES-256-GCM, a fresh 96-bit IV each): the value becomes
 * `sealed:v1:<keyId>:<base64url(iv | tag | ciphertext of its JSON)>`. Everything else stays readable.
 */
export function sealEvent(event: CloudEvent, key: DataKey, randomIv: () => Buffer): CloudEvent {
  return eachPersonal(event, (value, where) => {
    const iv = randomIv();
    const cipher = createCipheriv('aes-256-gcm', key.key, iv);
    cipher.setAAD(aadOf(event.id, where));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `${prefix}${key.id}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
  });
}

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(prefix);

/** The key ids a sealed event was sealed with. */
export function keyIdsOf(event: CloudEvent): string[] {
  const ids = new Set<string>();
  eachPersonal(event, (value) => {
    if (isSealed(value)) ids.add(value.slice(prefix.length, value.indexOf(':', prefix.length)));
    return value;
  });
  return [...ids];
}

/**
 * Decrypts what the keys still open; a field whose key was erased (or that fails authentication) reads as
 * `[erased]` and is listed.
 */
export function unsealEvent(
  event: CloudEvent,
  keyOf: (keyId: string) => Buffer | undefined,
): { event: CloudEvent; erased: string[] } {
  const erased: string[] = [];
  const opened = eachPersonal(event, (value, where) => {
    if (!isSealed(value)) return value;
    const rest = value.slice(prefix.length);
    const colon = rest.indexOf(':');
    const key = keyOf(rest.slice(0, colon));
    if (!key) {
      erased.push(where);
      return erasedValue;
    }
    try {
      const packed = Buffer.from(rest.slice(colon + 1), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, packed.subarray(0, 12));
      decipher.setAAD(aadOf(event.id, where));
      decipher.setAuthTag(packed.subarray(12, 28));
      return JSON.parse(
        Buffer.concat([decipher.update(packed.subarray(28)), decipher.final()]).toString('utf8'),
      ) as unknown;
    } catch {
      erased.push(where);
      return erasedValue;
    }
  });
  return { event: opened, erased };
}

/** Sets the named concrete places (`signals[0].evidence.text`) to `[erased]`: to compare a plaintext copy with an erased record. */
export function maskErased<T>(value: T, places: string[]): T {
  const copy = structuredClone(value);
  for (const place of places) {
    const steps = place.split('.').flatMap((part) => {
      const m = /^([^[]+)\[(\d+)\]$/.exec(part);
      return m ? [m[1]!, Number(m[2])] : [part];
    });
    let node: unknown = copy;
    for (let i = 0; i < steps.length - 1; i++)
      node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[steps[i]!] : undefined;
    if (node && typeof node === 'object' && steps[steps.length - 1]! in node)
      (node as Record<string | number, unknown>)[steps[steps.length - 1]!] = erasedValue;
  }
  return copy;
}
