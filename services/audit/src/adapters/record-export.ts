import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import { stringify as stringifyCsv } from 'csv-stringify';
import type { SqlQueryable } from '@baton/sql';
import type { ChainRecord } from '../domain/chain-verifier';
import { canonicalForm } from '../domain/hash-chain';
import type { AuditLog, AuditRecord } from './audit-log';

export type ExportFormat = 'jsonl' | 'csv';
export const csvColumns = [
  'tenant',
  'seq',
  'event_id',
  'type',
  'conversation_id',
  'event_time',
  'recorded_at',
  'prev_hash',
  'hash',
  'record',
] as const;

/** One exported line: the record with its chain hashes; `record` is the (sealed) event, whose RFC 8785 form was hashed. */
export const exportLineOf = (r: AuditRecord) => ({
  tenant: r.tenantId,
  seq: r.seq,
  eventId: r.eventId,
  type: r.eventType,
  conversationId: r.conversationId,
  eventTime: r.eventTime,
  recordedAt: r.recordedAt,
  prevHash: r.prevHash,
  hash: r.hash,
  record: JSON.parse(r.body) as unknown,
});

/**
 * A tenant's records between two recording times, as JSON lines or CSV, a page at a time: the next page is read
 * only when the consumer (an HTTP response, a file) has taken the last, so memory stays flat for any size.
 */
export async function* exportRecords(
  log: AuditLog,
  q: SqlQueryable,
  tenantId: string,
  window: { from?: Date; to?: Date },
  format: ExportFormat,
): AsyncGenerator<string> {
  const range = await log.seqRange(q, tenantId, window.from, window.to);
  if (!range) return;
  const records = log.records(q, tenantId, { afterSeq: range.first - 1, toSeq: range.last });
  if (format === 'jsonl') {
    for await (const r of records) yield `${JSON.stringify(exportLineOf(r))}\n`;
    return;
  }
  const csv = stringifyCsv({ header: true, columns: [...csvColumns] });
  const out: string[] = [];
  csv.on('data', (chunk: Buffer | string) => out.push(chunk.toString()));
  const write = (row: unknown[]) =>
    new Promise<void>((resolve, reject) => csv.write(row, (error) => (error ? reject(error) : resolve())));
  for await (const r of records) {
    await write([
      r.tenantId,
      r.seq,
      r.eventId,
      r.eventType,
      r.conversationId,
      r.eventTime,
      r.recordedAt,
      r.prevHash,
      r.hash,
      r.body,
    ]);
    if (out.length > 0) yield out.splice(0).join('');
  }
  await new Promise<void>((resolve) => csv.end(resolve));
  if (out.length > 0) yield out.splice(0).join('');
}

/** Reads an export back (JSON lines, or CSV by its header), one record at a time. */
export async function* readExport(file: string): AsyncGenerator<ChainRecord> {
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }) });
    lines.once('line', (line) => {
      resolve(line);
      lines.close();
    });
    lines.once('close', () => resolve(''));
    lines.once('error', reject);
  });
  if (first.startsWith(csvColumns.join(','))) {
    for await (const row of createReadStream(file).pipe(parseCsv({ columns: true })) as AsyncIterable<
      Record<string, string>
    >) {
      yield {
        tenantId: row.tenant!,
        seq: Number(row.seq),
        eventId: row.event_id!,
        eventType: row.type!,
        conversationId: row.conversation_id!,
        eventTime: row.event_time!,
        prevHash: row.prev_hash!,
        hash: row.hash!,
        body: row.record!,
      };
    }
    return;
  }
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const l = JSON.parse(line) as ReturnType<typeof exportLineOf>;
    yield {
      tenantId: l.tenant,
      seq: l.seq,
      eventId: l.eventId,
      eventType: l.type,
      conversationId: l.conversationId,
      eventTime: l.eventTime,
      prevHash: l.prevHash,
      hash: l.hash,
      body: canonicalForm(l.record),
    };
  }
}
