// npm run audit -- <verify|replay|export|checkpoint|kpis> [options]: the auditor's tools, on the same database
// as the service (DATABASE_URL; unset: the embedded PGlite under BATON_DATA_DIR, which Baton must not hold open).
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { KurrentEventStore, PostgresEventStore, type EventStore } from '@baton/event-store';
import { openSql, type Sql } from '@baton/sql';
import { commonSettings, ConfigError, readConfig } from '@baton/service-runtime';
import { readAuditConfig } from '../config';
import { AuditStore } from '../adapters/audit-store';
import { BadCheckpoint, UnknownTenant, verifyRecords, verifyStoredChain } from '../adapters/chain-check';
import { Checkpoints } from '../adapters/checkpoints';
import { ConversationReplay, UnknownConversation, type Replay } from '../adapters/conversation-replay';
import { computeKpis } from '../adapters/kpi-service';
import { exportRecords, readExport } from '../adapters/record-export';
import type { VerifyReport } from '../domain/chain-verifier';
import type { SignedCheckpoint } from '../domain/checkpoint';
import { kpiDimensions, type KpiDimension } from '../domain/kpis';

/** A refusal the caller must fix (unknown tenant or conversation, bad options): exit code 2 with the message. */
class UsageError extends Error {}

const usage = `usage: npm run audit -- <command> [options]
  verify [--tenant t] [--from time|seq] [--to time|seq] [--checkpoint file]... [--public-key file] [--json]
  verify --file export.jsonl|export.csv [--checkpoint file]... [--public-key file] [--json]
  replay --conversation id [--tenant t] [--api url] [--token jwt] [--json]
  replay --all [--tenant t] [--api url] [--token jwt] [--json]
  export --tenant t [--from time] [--to time] [--format jsonl|csv] [--out file]
  checkpoint --tenant t [--out file]
  kpis [--tenant t] [--from time] [--to time] [--group-by day,rep,channel,vertical,mode] [--json]
exit codes: 0 all good, 1 tampering or mismatches found, 2 bad usage or unknown tenant/conversation`;

const options = {
  tenant: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  checkpoint: { type: 'string', multiple: true },
  'public-key': { type: 'string' },
  file: { type: 'string' },
  conversation: { type: 'string' },
  all: { type: 'boolean' },
  api: { type: 'string' },
  token: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'group-by': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

type Args = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

const print = (line: string) => process.stdout.write(`${line}\n`);
const time = (raw: string | undefined, name: string) => {
  if (raw === undefined) return undefined;
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--${name} must be a time (ISO 8601) or a record number`);
  return at;
};

function readCheckpoints(files: string[] | undefined): SignedCheckpoint[] {
  return (files ?? []).map((file) => {
    if (!existsSync(file)) throw new UsageError(`no checkpoint file ${file}`);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as SignedCheckpoint | { data: SignedCheckpoint };
    return 'data' in parsed ? parsed.data : parsed; // a checkpoint, or the baton.audit CloudEvent that carried it
  });
}

function reportVerify(reports: VerifyReport[], json: boolean | undefined): number {
  if (json) print(JSON.stringify(reports, null, 2));
  else {
    for (const r of reports) {
      print(
        `${r.tenantId}: ${r.records} records${r.lastSeq ? ` (${r.firstSeq}..${r.lastSeq})` : ''}, ${r.checkpointsMatched} checkpoints matched: ${r.ok ? 'OK' : `${r.problems.length} problem(s)`}`,
      );
      for (const p of r.problems)
        print(`  ${p.kind.toUpperCase()} at record ${p.seq}${p.eventId ? ` (event ${p.eventId})` : ''}: ${p.detail}`);
    }
  }
  return reports.every((r) => r.ok) ? 0 : 1;
}

function printReplay(replay: Replay): void {
  const t = replay.timeline;
  print(
    `conversation ${t.conversationId} (tenant ${t.tenantId}): driven by ${t.state.driver}${t.state.repId ? ` (rep ${t.state.repId})` : ''}, revision ${t.state.revision}`,
  );
  print('who drove it:');
  for (const d of t.drivers) print(`  ${d.from}  ${d.driver.padEnd(15)} by ${d.by}: ${d.cause}`);
  print('timeline:');
  for (const e of t.entries) {
    print(
      `  ${e.at}  ${e.who.padEnd(24)} ${e.what}${e.why ? `  [why: ${e.why}]` : ''}${e.driver ? `  -> ${e.driver}` : ''}${e.erased?.length ? '  (erased fields)' : ''}`,
    );
  }
  const live = replay.live;
  print(
    live.compared
      ? live.mismatches.length === 0
        ? 'live state: the same'
        : `live state: ${live.mismatches.length} mismatch(es)`
      : `live state: not compared (${live.reason})`,
  );
  for (const m of live.mismatches)
    print(`  ${m.field}: replayed ${JSON.stringify(m.replayed)}, live ${JSON.stringify(m.live)}`);
  const a = replay.auditLog;
  print(
    `audit log: ${a.facts} facts, ${a.missing.length} missing, ${a.differing.length} differing, ${a.notInStream.length} not in the stream`,
  );
  for (const id of a.missing) print(`  missing from the audit log: ${id}`);
  for (const id of a.differing) print(`  differs from the audit log: ${id}`);
  for (const id of a.notInStream) print(`  in the audit log but not in the stream: ${id}`);
}

/** The embedded dev token, when the CLI runs beside an embedded Baton. */
const devToken = (dataDir: string) => {
  const file = join(dataDir, 'dev-token');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
};

export async function run(argv: string[]): Promise<number> {
  const { values: args, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const command = positionals[0];
  if (args.help || !command) {
    print(usage);
    return command ? 0 : 2;
  }
  if (command === 'verify' && args.file) {
    if (!existsSync(args.file)) throw new UsageError(`no export file ${args.file}`);
    const trusted = args['public-key'] ? createPublicKey(readFileSync(args['public-key'], 'utf8')) : undefined;
    return reportVerify(
      await verifyRecords(readExport(args.file), readCheckpoints(args.checkpoint), trusted),
      args.json,
    );
  }
  const common = readConfig(commonSettings);
  const config = readAuditConfig();
  const sql = await openSql({ databaseUrl: common.DATABASE_URL, dataDir: common.BATON_DATA_DIR, poolSize: 4 });
  let events: EventStore | undefined;
  try {
    const store = await AuditStore.open(sql, config);
    const openEvents = async () =>
      (events ??= common.KURRENTDB_CONNECTION_STRING
        ? await KurrentEventStore.connect(common.KURRENTDB_CONNECTION_STRING)
        : await PostgresEventStore.open(sql));
    const tenant = args.tenant;
    switch (command) {
      case 'verify':
        return reportVerify(await verify(store, sql, args, createPublicKey(store.secrets.checkpointKey)), args.json);
      case 'replay': {
        const replay = new ConversationReplay(await openEvents(), store);
        const live = {
          apiUrl: args.api ?? config.BATON_AUDIT_API_URL ?? `http://127.0.0.1:${common.BATON_PORT}`,
          token: args.token ?? process.env.BATON_API_TOKEN ?? devToken(common.BATON_DATA_DIR),
        };
        if (args.all) {
          let replayed = 0;
          let mismatched = 0;
          for await (const c of replay.conversations(tenant)) {
            const result = await replay.replay(c.tenantId, c.conversationId, live);
            replayed++;
            if (!result.ok) {
              mismatched++;
              print(
                `MISMATCH ${c.tenantId}/${c.conversationId}: ${[
                  ...result.live.mismatches.map((m) => m.field),
                  ...result.auditLog.missing.map((id) => `missing ${id}`),
                  ...result.auditLog.differing.map((id) => `differs ${id}`),
                  ...result.auditLog.notInStream.map((id) => `not in stream ${id}`),
                ].join(', ')}`,
              );
            } else if (!result.live.compared && replayed === 1) print(`live state not compared: ${result.live.reason}`);
          }
          if (tenant && replayed === 0) throw new UsageError(`no conversation streams for tenant ${tenant}`);
          print(`${replayed} conversations replayed, ${mismatched} with mismatches`);
          return mismatched === 0 ? 0 : 1;
        }
        if (!args.conversation) throw new UsageError('replay needs --conversation <id> or --all');
        const result = await replay.replay(tenant ?? 'default', args.conversation, live);
        if (args.json) print(JSON.stringify(result, null, 2));
        else printReplay(result);
        return result.ok ? 0 : 1;
      }
      case 'export': {
        if (!tenant) throw new UsageError('export needs --tenant');
        if (!(await store.log.head(sql, tenant))) throw new UnknownTenant(tenant);
        const format = args.format ?? 'jsonl';
        if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format must be jsonl or csv');
        const out = args.out
          ? createWriteStream(args.out)
          : new Writable({
              write: (chunk, _e, done) =>
                process.stdout.write(chunk) ? done() : process.stdout.once('drain', () => done()),
            });
        await pipeline(
          Readable.from(
            exportRecords(store.log, sql, tenant, { from: time(args.from, 'from'), to: time(args.to, 'to') }, format),
          ),
          out,
        );
        return 0;
      }
      case 'checkpoint': {
        if (!tenant) throw new UsageError('checkpoint needs --tenant');
        if (!(await store.log.head(sql, tenant))) throw new UnknownTenant(tenant);
        const bus = { publish: async () => undefined }; // kept here; the service publishes its scheduled ones
        const made = await new Checkpoints(store, bus as never, config, { info: () => undefined } as never).make(
          sql,
          tenant,
          new Date(),
        );
        const checkpoint = made ?? (await store.log.checkpoints(sql, tenant, 1))[0]!;
        const text = JSON.stringify(checkpoint, null, 2);
        if (args.out) writeFileSync(args.out, `${text}\n`);
        else print(text);
        return 0;
      }
      case 'kpis': {
        const to = time(args.to, 'to') ?? new Date();
        const from = time(args.from, 'from') ?? new Date(to.getTime() - 7 * 24 * 3600_000);
        const groupBy = (args['group-by'] ? args['group-by'].split(',') : []) as KpiDimension[];
        const unknown = groupBy.filter((d) => !(kpiDimensions as readonly string[]).includes(d));
        if (unknown.length)
          throw new UsageError(`--group-by takes ${kpiDimensions.join(', ')}; not ${unknown.join(', ')}`);
        const tenants = tenant ? [tenant] : (await store.log.heads(sql)).map((h) => h.tenantId);
        if (tenant && !(await store.log.head(sql, tenant))) throw new UnknownTenant(tenant);
        const all = [];
        for (const t of tenants) all.push({ tenantId: t, rows: await computeKpis(sql, t, { from, to }, groupBy) });
        print(
          JSON.stringify(
            { from: from.toISOString(), to: to.toISOString(), groupBy, tenants: all },
            null,
            args.json ? 0 : 2,
          ),
        );
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}\n${usage}`);
    }
  } finally {
    await events?.close();
    await sql.close();
  }
}

async function verify(store: AuditStore, sql: Sql, args: Args, configuredKey: KeyObject): Promise<VerifyReport[]> {
  const bound = (raw: string | undefined, name: string) =>
    raw !== undefined && /^\d+$/.test(raw) ? { seq: Number(raw) } : { at: time(raw, name) };
  const from = bound(args.from, 'from');
  const to = bound(args.to, 'to');
  const trustedKey = args['public-key'] ? createPublicKey(readFileSync(args['public-key'], 'utf8')) : configuredKey;
  const tenants = args.tenant ? [args.tenant] : (await store.log.heads(sql)).map((h) => h.tenantId);
  if (tenants.length === 0) throw new UsageError('the audit log is empty');
  const reports: VerifyReport[] = [];
  for (const tenant of tenants) {
    reports.push(
      await verifyStoredChain(store.log, sql, tenant, {
        fromSeq: from.seq,
        toSeq: to.seq,
        from: from.at,
        to: to.at,
        checkpoints: readCheckpoints(args.checkpoint),
        trustedKey,
      }),
    );
  }
  return reports;
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      const known =
        error instanceof UsageError ||
        error instanceof UnknownTenant ||
        error instanceof UnknownConversation ||
        error instanceof BadCheckpoint ||
        error instanceof ConfigError ||
        (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
      process.stderr.write(`audit: ${error.message}\n`);
      process.exit(known ? 2 : 3);
    },
  );
}
