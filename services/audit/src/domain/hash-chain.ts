import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Raised for a value RFC 8785 cannot represent (a lone surrogate, NaN, Infinity): it cannot be chained. */
export class NotCanonicalizable extends Error {
  constructor(reason: string) {
    super(`not representable in RFC 8785 canonical JSON: ${reason}`);
  }
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertNoLoneSurrogate(value: unknown): void {
  if (typeof value === 'string') {
    if (loneSurrogate.test(value)) throw new NotCanonicalizable('a string holds a lone surrogate');
  } else if (Array.isArray(value)) {
    for (const item of value) assertNoLoneSurrogate(item);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      assertNoLoneSurrogate(key);
      assertNoLoneSurrogate(item);
    }
  }
}

/** The RFC 8785 (JCS) form of a JSON value: what is hashed, stored and exported, byte for byte. */
export function canonicalForm(value: unknown): string {
  // RFC 8785 refuses lone surrogates (section 3.2.2.2); the library leaves that check to us.
  assertNoLoneSurrogate(value);
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new NotCanonicalizable((error as Error).message);
  }
  if (text === undefined) throw new NotCanonicalizable('nothing to serialize');
  return text;
}

const sha256 = (...parts: (string | Buffer)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

/** Where a tenant's chain starts: the hash the first record links to. Binding it to the tenant stops a chain moving tenants. */
export const genesisHash = (tenantId: string) => sha256(`baton.audit.genesis.v1\n${tenantId}`);

/**
 * The link of a record: SHA-256 over the previous record's hash (its 32 bytes) and the UTF-8 bytes of the
 * record's canonical form. Anyone can recompute it from an export with any SHA-256 and any RFC 8785 library.
 */
export const chainHash = (previousHash: string, canonical: string) =>
  sha256(Buffer.from(previousHash, 'hex'), Buffer.from(canonical, 'utf8'));

export const isSha256Hex = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
