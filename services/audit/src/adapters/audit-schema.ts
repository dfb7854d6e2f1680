import type { Migration, SqlQueryable } from '@baton/sql';

/**
 * The audit log's tables. Records and checkpoints are append-only: triggers refuse UPDATE, DELETE and
 * TRUNCATE for everyone (an owner must drop them first, which is itself a visible act), and the writing role is
 * granted only SELECT and INSERT on them (grantWriter). The head row per tenant is what appends lock, so a
 * tenant's chain grows one transaction at a time whichever replica or partition its events come from.
 */
export const auditLogMigrations: Migration[] = [
  {
    version: 1,
    script: `
CREATE TABLE audit_heads (
  tenant_id text PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE audit_records (
  tenant_id text NOT NULL,
  seq bigint NOT NULL,
  event_id text NOT NULL,
  event_type text NOT NULL,
  conversation_id text NOT NULL,
  event_time timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  key_id uuid,
  body text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, seq),
  UNIQUE (tenant_id, event_id)
);
CREATE INDEX audit_records_conversation ON audit_records (tenant_id, conversation_id, seq);
CREATE INDEX audit_records_recorded ON audit_records (tenant_id, recorded_at);
CREATE INDEX audit_records_time ON audit_records (tenant_id, event_time, conversation_id);
CREATE TABLE audit_checkpoints (
  tenant_id text NOT NULL,
  seq bigint NOT NULL,
  head text NOT NULL,
  signed_at timestamptz NOT NULL,
  key_id text NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
-- A lead's data keys: one per conversation, retention class and month. Shredding sets wrapped to NULL.
CREATE TABLE audit_lead_keys (
  key_id uuid PRIMARY KEY,
  tenant_id text NOT NULL,
  conversation_id text NOT NULL,
  retention_class text NOT NULL,
  period text NOT NULL,
  wrapped bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  shredded_at timestamptz,
  shred_reason text
);
CREATE UNIQUE INDEX audit_lead_keys_slot ON audit_lead_keys (tenant_id, conversation_id, retention_class, period) WHERE shredded_at IS NULL;
CREATE INDEX audit_lead_keys_expiry ON audit_lead_keys (tenant_id, retention_class, period) WHERE shredded_at IS NULL;
CREATE TABLE audit_conversation_leads (
  tenant_id text NOT NULL,
  conversation_id text NOT NULL,
  lead_ref text NOT NULL,
  PRIMARY KEY (tenant_id, conversation_id)
);
CREATE INDEX audit_conversation_leads_lead ON audit_conversation_leads (tenant_id, lead_ref);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- A shredded key stays shredded, and a key row is never deleted (the record of its erasure stays).
CREATE FUNCTION audit_keep_shredded() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'lead key rows are kept; shred a key by clearing it' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.shredded_at IS NOT NULL AND (NEW.wrapped IS NOT NULL OR NEW.shredded_at IS NULL) THEN
    RAISE EXCEPTION 'a shredded lead key cannot be restored' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER audit_lead_keys_keep_shredded BEFORE UPDATE OR DELETE ON audit_lead_keys FOR EACH ROW EXECUTE FUNCTION audit_keep_shredded();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_records, audit_checkpoints FROM PUBLIC;`,
  },
];

const quoted = (role: string) => `"${role.replace(/"/g, '""')}"`;

/**
 * The rights of the role the service writes with, given by the owner: read and append records and
 * checkpoints (no UPDATE, DELETE or TRUNCATE), move its tenant heads, create lead keys and shred them (only
 * the columns shredding touches).
 */
export async function grantWriter(owner: SqlQueryable, role: string): Promise<void> {
  const r = quoted(role);
  await owner.exec(`
    GRANT SELECT, INSERT ON audit_records, audit_checkpoints, audit_conversation_leads TO ${r};
    GRANT SELECT, INSERT, UPDATE ON audit_heads TO ${r};
    GRANT SELECT, INSERT ON audit_lead_keys TO ${r};
    GRANT UPDATE (wrapped, shredded_at, shred_reason) ON audit_lead_keys TO ${r};
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_records, audit_checkpoints FROM ${r};
    GRANT SELECT, INSERT ON baton_migrations TO ${r};`);
}
