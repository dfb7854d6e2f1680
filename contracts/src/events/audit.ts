import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event';
import { Actor } from '../shared';
import { Timestamp } from '../envelope';
import { topics } from '../topics';

const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lowercase hex' });

/** What a checkpoint signs: the head of one tenant's chain at a moment (subject: `audit-<tenant>`). */
export const AuditCheckpoint = Type.Object(
  {
    tenant: Type.String({ minLength: 1 }),
    seq: Type.Integer({
      minimum: 0,
      description: 'the sequence number of the head record; the chain holds records 1..seq',
    }),
    count: Type.Integer({ minimum: 0, description: 'records in the chain at the checkpoint' }),
    head: Sha256Hex,
    at: Timestamp,
    keyId: Type.String({ description: 'SHA-256 of the public key (DER, SPKI), hex: which key signed' }),
    publicKey: Type.String({
      description: 'the Ed25519 public key, PEM (SPKI); compare keyId with the one you were given',
    }),
    signature: Type.String({
      description: 'Ed25519 over the RFC 8785 form of {tenant, seq, count, head, at, keyId}, base64',
    }),
  },
  { additionalProperties: false },
);

export const AuditCheckpointSigned = defineEvent({
  type: 'baton.audit.checkpoint.signed.v1',
  topic: topics.audit,
  description:
    "A signed checkpoint of a tenant's audit chain: keep it, and `npm run audit -- verify --checkpoint` proves later that " +
    'no record up to it was altered, removed, inserted, reordered or truncated.',
  data: AuditCheckpoint,
});

export const LeadErased = defineEvent({
  type: 'baton.audit.lead.erased.v1',
  topic: topics.audit,
  description:
    "A lead's personal data in the audit log was crypto-shredded on request: the chain stays verifiable, the personal fields " +
    'unreadable.',
  data: Type.Object(
    {
      leadRef: Type.String({ description: 'a keyed hash of the phone number, never the number' }),
      conversations: Type.Integer({ minimum: 0 }),
      keysShredded: Type.Integer({ minimum: 0 }),
      actor: Actor,
      at: Timestamp,
    },
    { additionalProperties: false },
  ),
});
