import type { SqlQueryable } from '@baton/sql';
import { ChainVerifier, type ChainRecord, type CheckpointClaim, type VerifyReport } from '../domain/chain-verifier';
import { checkCheckpoint, type SignedCheckpoint } from '../domain/checkpoint';
import type { AuditLog } from './audit-log';
import type { KeyObject } from 'node:crypto';

/** Raised when a tenant has no audit chain: a 404, or exit code 2 in the CLI. */
export class UnknownTenant extends Error {
  readonly code = 'unknown-tenant';
  constructor(readonly tenantId: string) {
    super(`no audit log for tenant ${tenantId}`);
  }
}

/** Raised for a checkpoint whose signature does not hold: nothing can be proved with it. */
export class BadCheckpoint extends Error {
  readonly code = 'bad-checkpoint';
}

export interface VerifyRequest {
  fromSeq?: number;
  toSeq?: number;
  from?: Date;
  to?: Date;
  /** Checkpoints an outside party kept; each must carry a good signature (by `trustedKey` when given). */
  checkpoints?: SignedCheckpoint[];
  trustedKey?: KeyObject;
}

/** The claims of checkpoints whose signatures hold; a forged or altered checkpoint is refused outright. */
export function claimsOf(checkpoints: SignedCheckpoint[], tenantId: string, trustedKey?: KeyObject): CheckpointClaim[] {
  const unique = [
    ...new Map(
      checkpoints.filter((c) => c.tenant === tenantId).map((c) => [`${c.seq}:${c.head}:${c.signature}`, c]),
    ).values(),
  ];
  return unique.map((c) => {
    const check = checkCheckpoint(c, trustedKey);
    if (!check.ok)
      throw new BadCheckpoint(`the checkpoint of ${c.at} (seq ${c.seq}) cannot be trusted: ${check.reason}`);
    return { seq: c.seq, count: c.count, head: c.head, at: c.at };
  });
}

/**
 * Verifies a tenant's chain as stored, in seq order and constant memory: the whole of it (against its head
 * row and every checkpoint given or kept), or a range (seq or recorded time) starting from the stored hash of
 * the record before it.
 */
export async function verifyStoredChain(
  log: AuditLog,
  q: SqlQueryable,
  tenantId: string,
  request: VerifyRequest = {},
): Promise<VerifyReport> {
  const head = await log.head(q, tenantId);
  if (!head || head.seq === 0) throw new UnknownTenant(tenantId);
  let fromSeq = request.fromSeq ?? 1;
  let toSeq = request.toSeq ?? head.seq;
  if (request.from || request.to) {
    const range = await log.seqRange(q, tenantId, request.from, request.to);
    if (!range) return { tenantId, ok: true, records: 0, checkpointsMatched: 0, problems: [] };
    fromSeq = Math.max(fromSeq, range.first);
    toSeq = Math.min(toSeq, range.last);
  }
  const whole = fromSeq <= 1 && toSeq >= head.seq;
  let start: { seq: number; hash: string } | undefined;
  if (fromSeq > 1) {
    const before = await log.record(q, tenantId, fromSeq - 1);
    const first = before ?? (await log.record(q, tenantId, fromSeq));
    start = { seq: fromSeq - 1, hash: before ? before.hash : (first?.prevHash ?? '') };
  }
  // Checkpoints compare with the chain recomputed from genesis, so they count only for a read from the start.
  const claims =
    fromSeq <= 1
      ? claimsOf(
          [...(request.checkpoints ?? []), ...(await log.checkpoints(q, tenantId, 1000))],
          tenantId,
          request.trustedKey,
        )
      : [];
  const verifier = new ChainVerifier(tenantId, {
    start,
    expectedCount: whole ? head.seq : undefined,
    partialEnd: toSeq < head.seq,
    checkpoints: claims.filter((c) => c.seq <= toSeq || whole),
  });
  for await (const record of log.records(q, tenantId, { afterSeq: fromSeq - 1, toSeq: whole ? undefined : toSeq }))
    verifier.push(record);
  return verifier.finish();
}

/** Verifies records read from an export (any order of pages, but in seq order), offline. */
export async function verifyRecords(
  records: AsyncIterable<ChainRecord>,
  checkpoints: SignedCheckpoint[] = [],
  trustedKey?: KeyObject,
): Promise<VerifyReport[]> {
  const verifiers = new Map<string, ChainVerifier>();
  for await (const record of records) {
    let verifier = verifiers.get(record.tenantId);
    if (!verifier) {
      const fromGenesis = record.seq === 1;
      verifier = new ChainVerifier(record.tenantId, {
        start: fromGenesis ? undefined : { seq: record.seq - 1, hash: record.prevHash },
        checkpoints: fromGenesis ? claimsOf(checkpoints, record.tenantId, trustedKey) : [],
      });
      verifiers.set(record.tenantId, verifier);
    }
    verifier.push(record);
  }
  return [...verifiers.values()].map((v) => v.finish());
}
