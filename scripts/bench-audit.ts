// Audit log throughput on PostgreSQL: ingest (events/s into the hash chains, sealed and batched as the service
// does it, from several writers at once) and verify (records/s re-checked from genesis).
// Usage: npm run bench:audit -- [--events 20000] [--writers 4] [--batch 200] [--tenants 4]   (needs PostgreSQL)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { MessageReceived, MessageSent, newEvent, SignalDetected, type CloudEvent } from '@baton/contracts';
import { createTestDatabase } from '@baton/testing';
import { readAuditConfig } from '../services/audit/src/config';
import { AuditStore } from '../services/audit/src/adapters/audit-store';
import { verifyStoredChain } from '../services/audit/src/adapters/chain-check';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg('events', 20_000);
const writers = arg('writers', 4);
const batch = arg('batch', 200);
const tenants = arg('tenants', 4);

function anEvent(i: number): CloudEvent {
  const tenantid = `t${i % tenants}`;
  const subject = `c-${i % 500}`;
  const source = '/baton/bench';
  const time = new Date(Date.parse('2026-03-02T15:00:00Z') + i).toISOString();
  const lead = { leadPhone: '+15125550100', batonNumber: '+15125550199', channel: 'sms' as const };
  switch (i % 3) {
    case 0:
      return newEvent(MessageReceived, {
        subject,
        tenantid,
        source,
        time,
        data: {
          messageId: randomUUID(),
          providerMessageId: `SM${i}`,
          ...lead,
          body: 'Can someone call me about the refinance? My credit is 748.',
          receivedAt: time,
        },
      });
    case 1:
      return newEvent(SignalDetected, {
        subject,
        tenantid,
        source,
        time,
        data: {
          messageId: randomUUID(),
          engine: 'rules',
          detections: [
            {
              signal: 'high_intent',
              confidence: 0.9,
              evidence: { text: 'call me about the refinance', start: 14, end: 41 },
              detector: 'rules',
            },
          ],
          message: { text: 'Can someone call me about the refinance?', receivedAt: time, ...lead, recent: [] },
        },
      });
    default:
      return newEvent(MessageSent, {
        subject,
        tenantid,
        source,
        time,
        data: {
          messageId: randomUUID(),
          author: 'ai',
          idempotencyKey: randomUUID(),
          ...lead,
          body: 'Happy to help. What is your current rate?',
          sentAt: time,
        },
      });
  }
}

async function main(): Promise<void> {
  const db = await createTestDatabase({ require: 'postgres' });
  try {
    const connections = await Promise.all(Array.from({ length: writers }, () => db.open({ poolSize: 2 })));
    const store = await AuditStore.open(
      connections[0]!,
      readAuditConfig({ BATON_DATA_DIR: mkdtempSync(join(tmpdir(), 'baton-bench-audit-')) }),
    );
    const events = Array.from({ length: total }, (_, i) => anEvent(i));
    // Writers take batches from one queue, as replicas consuming different partitions would.
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      connections.map(async (sql) => {
        for (;;) {
          const from = next;
          next += batch;
          if (from >= events.length) return;
          await store.log.append(sql, events.slice(from, from + batch));
        }
      }),
    );
    const ingestSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    // A redelivery of everything: each batch finds its events already chained and appends nothing.
    const again = process.hrtime.bigint();
    for (let i = 0; i < events.length; i += batch) await store.log.append(connections[0]!, events.slice(i, i + batch));
    const duplicateSeconds = Number(process.hrtime.bigint() - again) / 1e9;

    const verifyStart = process.hrtime.bigint();
    let records = 0;
    for (let t = 0; t < tenants; t++) {
      const report = await verifyStoredChain(store.log, connections[0]!, `t${t}`);
      if (!report.ok) throw new Error(`tenant t${t} did not verify: ${JSON.stringify(report.problems[0])}`);
      records += report.records;
    }
    const verifySeconds = Number(process.hrtime.bigint() - verifyStart) / 1e9;
    if (records !== total) throw new Error(`expected ${total} records, verified ${records}`);
    console.log(
      JSON.stringify(
        {
          events: total,
          writers,
          batch,
          tenants,
          ingestEventsPerSecond: Math.round(total / ingestSeconds),
          redeliveredEventsPerSecond: Math.round(total / duplicateSeconds),
          verifyRecordsPerSecond: Math.round(records / verifySeconds),
          seconds: { ingest: Number(ingestSeconds.toFixed(2)), verify: Number(verifySeconds.toFixed(2)) },
        },
        null,
        2,
      ),
    );
  } finally {
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
