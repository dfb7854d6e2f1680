import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { derivedEventId, type CloudEvent } from '@baton/contracts';
import { migrate, type Sql } from '@baton/sql';
import { SQL } from '@baton/service-runtime';

export interface WebhookEndpoint {
  id: string;
  tenantId: string;
  url: string;
  events: string[];
  description?: string;
  createdAt: string;
}
export interface Delivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'dead' | 'cancelled';
  attempts: number;
  nextAttemptAt?: string;
  lastStatus?: number;
  lastError?: string;
  createdAt: string;
  deliveredAt?: string;
}
export interface DueDelivery {
  id: string;
  endpointId: string;
  url: string;
  secret: string;
  payload: string;
  attempts: number;
  tenantId: string;
  conversationId: string;
}

interface EndpointRow {
  id: string;
  tenant_id: string;
  url: string;
  event_types: string;
  description: string | null;
  created_at: Date;
  secret: string;
}
interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: Delivery['status'];
  attempts: number;
  next_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const endpointOf = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  tenantId: r.tenant_id,
  url: r.url,
  events: JSON.parse(r.event_types) as string[],
  ...(r.description ? { description: r.description } : {}),
  createdAt: new Date(r.created_at).toISOString(),
});
const deliveryOf = (r: DeliveryRow): Delivery => ({
  id: r.id,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  ...(r.status === 'pending' && r.next_attempt_at ? { nextAttemptAt: new Date(r.next_attempt_at).toISOString() } : {}),
  ...(r.last_status !== null ? { lastStatus: r.last_status } : {}),
  ...(r.last_error ? { lastError: r.last_error } : {}),
  createdAt: new Date(r.created_at).toISOString(),
  ...(r.delivered_at ? { deliveredAt: new Date(r.delivered_at).toISOString() } : {}),
});

/** NOTIFY channels: a tenant's endpoints changed (payload: the tenant), and deliveries became due. */
export const endpointsChanged = 'baton_webhook_endpoints';
export const deliveriesDue = 'baton_webhook_due';
/** A safety net only: NOTIFY drops the cached endpoints at once; this bounds a missed notification's effect. */
const endpointsCacheMs = 60_000;

interface WantedEndpoints {
  loadedAt: number;
  endpoints: Promise<{ id: string; events: string[] }[]>;
}

/** Tenants' webhook endpoints and the outbox of deliveries to them: what was promised, tried, delivered or dead-lettered. */
@Injectable()
export class NotificationStore implements OnModuleInit, OnModuleDestroy {
  private ready?: Promise<void>;
  // Every event on every topic asks which endpoints want it: read once per tenant, dropped when they change.
  private readonly wanted = new Map<string, WantedEndpoints>();
  private stopListening?: () => Promise<void>;

  constructor(@Inject(SQL) private readonly sql: Sql) {}

  // Migrated at start-up, before any consumer runs: a first migration inside a consumer's transaction would
  // roll back with it.
  async onModuleInit(): Promise<void> {
    await this.migrate();
    this.stopListening = await this.sql.listen(endpointsChanged, (tenantId) => this.wanted.delete(tenantId));
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopListening?.();
  }

  /** Calls `wake` whenever a transaction that added deliveries commits, in any replica. */
  onDue(wake: () => void): Promise<() => Promise<void>> {
    return this.sql.listen(deliveriesDue, () => wake());
  }

  /** Milliseconds until the next pending delivery is due (0 when one is due now), or undefined when none waits. */
  async nextDueInMs(): Promise<number | undefined> {
    const { rows } = await this.sql.query<{ ms: string | number | null }>(
      `SELECT EXTRACT(EPOCH FROM (min(next_attempt_at) - now())) * 1000 AS ms FROM notification_deliveries WHERE status = 'pending'`,
    );
    const ms = rows[0]?.ms;
    return ms === null || ms === undefined ? undefined : Math.max(0, Math.ceil(Number(ms)));
  }

  private endpointsOf(tenantId: string): Promise<{ id: string; events: string[] }[]> {
    const cached = this.wanted.get(tenantId);
    if (cached && performance.now() - cached.loadedAt < endpointsCacheMs) return cached.endpoints;
    const endpoints = this.sql
      .query<{ id: string; event_types: string }>(
        'SELECT id, event_types FROM notification_endpoints WHERE tenant_id = $1 AND deleted_at IS NULL',
        [tenantId],
      )
      .then(({ rows }) => rows.map((r) => ({ id: r.id, events: JSON.parse(r.event_types) as string[] })));
    const entry = { loadedAt: performance.now(), endpoints };
    this.wanted.set(tenantId, entry);
    // a failed read is not remembered
    endpoints.catch(() => this.wanted.get(tenantId) === entry && this.wanted.delete(tenantId));
    return endpoints;
  }

  /** Drops this replica's copy at once and tells the others (NOTIFY is delivered when the change commits). */
  private async endpointsChangedFor(tenantId: string, queryable: { query: Sql['query'] } = this.sql): Promise<void> {
    await queryable.query('SELECT pg_notify($1, $2)', [endpointsChanged, tenantId]);
  }

  migrate(): Promise<void> {
    this.ready ??= migrate(this.sql, 'audit-notifications', [
      {
        version: 1,
        script: `
        CREATE TABLE notification_endpoints (
          id uuid PRIMARY KEY, tenant_id text NOT NULL, url text NOT NULL, event_types text NOT NULL, secret text NOT NULL,
          description text, created_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz);
        CREATE INDEX notification_endpoints_tenant ON notification_endpoints (tenant_id) WHERE deleted_at IS NULL;
        CREATE TABLE notification_deliveries (
          id uuid PRIMARY KEY, tenant_id text NOT NULL, endpoint_id uuid NOT NULL REFERENCES notification_endpoints (id),
          event_id text NOT NULL, event_type text NOT NULL, conversation_id text NOT NULL, payload text NOT NULL,
          status text NOT NULL DEFAULT 'pending', attempts integer NOT NULL DEFAULT 0, next_attempt_at timestamptz NOT NULL DEFAULT now(),
          last_status integer, last_error text, created_at timestamptz NOT NULL DEFAULT now(), delivered_at timestamptz,
          UNIQUE (endpoint_id, event_id));
        CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
        CREATE INDEX notification_deliveries_endpoint ON notification_deliveries (endpoint_id, created_at);`,
      },
    ]);
    return this.ready;
  }

  async register(
    tenantId: string,
    url: string,
    events: string[],
    description?: string,
  ): Promise<WebhookEndpoint & { secret: string }> {
    await this.migrate();
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const { rows } = await this.sql.query<EndpointRow>(
      `INSERT INTO notification_endpoints (id, tenant_id, url, event_types, secret, description) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [randomUUID(), tenantId, url, JSON.stringify(events), secret, description ?? null],
    );
    this.wanted.delete(tenantId);
    await this.endpointsChangedFor(tenantId);
    return { ...endpointOf(rows[0]!), secret };
  }

  async list(tenantId: string): Promise<WebhookEndpoint[]> {
    await this.migrate();
    const { rows } = await this.sql.query<EndpointRow>(
      'SELECT * FROM notification_endpoints WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY notification_endpoints.created_at, notification_endpoints.id',
      [tenantId],
    );
    return rows.map(endpointOf);
  }

  async secretOf(tenantId: string, id: string): Promise<string | undefined> {
    await this.migrate();
    const { rows } = await this.sql.query<{ secret: string }>(
      'SELECT secret FROM notification_endpoints WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL',
      [id, tenantId],
    );
    return rows[0]?.secret;
  }

  /** Removes an endpoint; what was still waiting for it is cancelled, what was tried stays on the record. */
  async remove(tenantId: string, id: string): Promise<boolean> {
    await this.migrate();
    const removed = await this.sql.transaction(async (tx) => {
      const { rows } = await tx.query(
        'UPDATE notification_endpoints SET deleted_at = now() WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL RETURNING id',
        [id, tenantId],
      );
      if (rows.length === 0) return false;
      await tx.query(
        `UPDATE notification_deliveries SET status = 'cancelled', last_error = 'endpoint removed' WHERE endpoint_id = $1 AND status = 'pending'`,
        [id],
      );
      await this.endpointsChangedFor(tenantId, tx);
      return true;
    });
    this.wanted.delete(tenantId);
    return removed;
  }

  /** One delivery per endpoint that wants this event; a redelivered event adds nothing. */
  async enqueue(event: CloudEvent): Promise<number> {
    await this.migrate();
    const wanting = (await this.endpointsOf(event.tenantid)).filter((e) => e.events.includes(event.type));
    if (wanting.length === 0) return 0;
    // One statement for every endpoint, and a NOTIFY that wakes the dispatchers when the batch commits.
    const inserted = await this.sql.query(
      `WITH added AS (
         INSERT INTO notification_deliveries (id, tenant_id, endpoint_id, event_id, event_type, conversation_id, payload)
         SELECT d.id, $3, d.endpoint_id, $4, $5, $6, $7 FROM unnest($1::uuid[], $2::uuid[]) AS d(id, endpoint_id)
         ON CONFLICT (endpoint_id, event_id) DO NOTHING RETURNING id)
       SELECT count(*)::int AS added, CASE WHEN count(*) > 0 THEN pg_notify($8, '') END AS woke FROM added`,
      [
        wanting.map((e) => derivedEventId(`webhook:${e.id}:${event.id}`)),
        wanting.map((e) => e.id),
        event.tenantid,
        event.id,
        event.type,
        event.subject,
        JSON.stringify(event),
        deliveriesDue,
      ],
    );
    return Number((inserted.rows[0] as { added: number } | undefined)?.added ?? 0);
  }

  /**
   * Claims deliveries that are due: each is leased for `leaseMs` (another replica skips it) and comes back
   * by itself if this one dies mid-attempt.
   */
  async claimDue(limit: number, leaseMs: number): Promise<DueDelivery[]> {
    await this.migrate();
    const { rows } = await this.sql.query<{
      id: string;
      endpoint_id: string;
      url: string;
      secret: string;
      payload: string;
      attempts: number;
      tenant_id: string;
      conversation_id: string;
    }>(
      `WITH due AS (
         SELECT id FROM notification_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY notification_deliveries.next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE notification_deliveries d SET next_attempt_at = now() + ($2 || ' milliseconds')::interval
         FROM due, notification_endpoints e WHERE d.id = due.id AND e.id = d.endpoint_id
       RETURNING d.id, d.endpoint_id, e.url, e.secret, d.payload, d.attempts, d.tenant_id, d.conversation_id`,
      [limit, String(leaseMs)],
    );
    return rows.map((r) => ({
      id: r.id,
      endpointId: r.endpoint_id,
      url: r.url,
      secret: r.secret,
      payload: r.payload,
      attempts: r.attempts,
      tenantId: r.tenant_id,
      conversationId: r.conversation_id,
    }));
  }

  async markDelivered(id: string, status: number): Promise<void> {
    await this.sql.query(
      `UPDATE notification_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = $2, last_error = NULL, delivered_at = now() WHERE id = $1 AND status = 'pending'`,
      [id, status],
    );
  }

  async markFailed(id: string, outcome: { status?: number; error: string; retryInMs?: number }): Promise<void> {
    await this.sql.query(
      `UPDATE notification_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3,
         status = CASE WHEN $4::bigint IS NULL THEN 'dead' ELSE 'pending' END,
         next_attempt_at = CASE WHEN $4::bigint IS NULL THEN next_attempt_at ELSE now() + ($4::bigint || ' milliseconds')::interval END
       WHERE id = $1 AND status = 'pending'`,
      [
        id,
        outcome.status ?? null,
        outcome.error.slice(0, 1000),
        outcome.retryInMs === undefined ? null : String(outcome.retryInMs),
      ],
    );
  }

  async deliveries(tenantId: string, endpointId: string, status?: string, limit = 100): Promise<Delivery[]> {
    await this.migrate();
    const { rows } = await this.sql.query<DeliveryRow>(
      `SELECT * FROM notification_deliveries WHERE tenant_id = $1 AND endpoint_id = $2 AND ($3::text IS NULL OR status = $3)
        ORDER BY notification_deliveries.created_at DESC, notification_deliveries.id LIMIT $4`,
      [tenantId, endpointId, status ?? null, limit],
    );
    return rows.map(deliveryOf);
  }

  /** Sends a dead-lettered (or delivered) one again, from the first attempt of a fresh schedule. */
  async redeliver(tenantId: string, endpointId: string, deliveryId: string): Promise<boolean> {
    await this.migrate();
    const { rows } = await this.sql.query(
      `UPDATE notification_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), delivered_at = NULL
        WHERE id = $1 AND tenant_id = $2 AND endpoint_id = $3 AND status IN ('dead', 'delivered')
          AND EXISTS (SELECT 1 FROM notification_endpoints e WHERE e.id = $3 AND e.deleted_at IS NULL) RETURNING id`,
      [deliveryId, tenantId, endpointId],
    );
    if (rows.length > 0) await this.sql.query('SELECT pg_notify($1, $2)', [deliveriesDue, '']);
    return rows.length > 0;
  }
}
