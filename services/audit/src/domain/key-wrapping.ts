import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

/** Two keys derived from the master key, so wrapping lead keys and naming leads never share one. */
export class MasterKey {
  private readonly wrapping: Buffer;
  private readonly naming: Buffer;

  constructor(master: Buffer) {
    if (master.length !== 32) throw new Error('the master key must be 32 bytes');
    this.wrapping = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'baton.audit.lead-key-wrapping.v1', 32));
    this.naming = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'baton.audit.lead-ref.v1', 32));
  }

  /** A lead key encrypted for storage (AES-256-GCM, the key id authenticated): iv | tag | ciphertext. */
  wrap(keyId: string, key: Buffer, iv: Buffer): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.wrapping, iv);
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
  }

  unwrap(keyId: string, wrapped: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.wrapping, wrapped.subarray(0, 12));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
  }

  /** How the log names a lead without the number: an HMAC of tenant and phone (stable, not reversible without the key). */
  leadRef(tenantId: string, phone: string): string {
    return createHmac('sha256', this.naming).update(`${tenantId}\n${phone}`).digest('hex').slice(0, 32);
  }
}
