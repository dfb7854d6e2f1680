import type { Migration } from '@baton/sql';

/**
 * The event store's tables. `transaction_id` is what makes global reads safe: a reader only returns
 * events of transactions older than every transaction still open (pg_snapshot_xmin), ordered by
 * (transaction_id, global_position), so an event can never appear behind a position already read.
 */
export const eventStoreMigrations: Migration[] = [
  {
    version: 1,
    script: `
CREATE TABLE es_streams (
  stream_id text PRIMARY KEY,
  revision bigint NOT NULL
);
CREATE SEQUENCE es_global_position;
CREATE TABLE es_events (
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  global_position bigint NOT NULL DEFAULT nextval('es_global_position'),
  stream_id text NOT NULL,
  stream_revision bigint NOT NULL,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (stream_id, stream_revision),
  UNIQUE (stream_id, event_id)
);
CREATE INDEX es_events_global_order ON es_events (transaction_id, global_position);
CREATE TABLE es_checkpoints (
  name text PRIMARY KEY,
  commit_position xid8 NOT NULL,
  prepare_position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Appends a batch of appends (possibly to several streams) in one transaction: one commit for all.
-- Each append is checked on its own and answers ok, duplicate, or the reason it was refused;
-- a refused append writes nothing and does not stop the others.
CREATE FUNCTION es_append_batch(appends jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  a jsonb;
  results jsonb := '[]'::jsonb;
  current_revision bigint;
  expected text;
  ids uuid[];
  duplicates uuid[];
  n integer;
  refused boolean;
  last_position bigint;
BEGIN
  FOR a IN SELECT value FROM jsonb_array_elements(appends) LOOP
    ids := ARRAY(SELECT (e->>'id')::uuid FROM jsonb_array_elements(a->'events') e);
    n := cardinality(ids);
    INSERT INTO es_streams (stream_id, revision) VALUES (a->>'stream', -1) ON CONFLICT DO NOTHING;
    SELECT revision INTO current_revision FROM es_streams WHERE stream_id = a->>'stream' FOR UPDATE;
    duplicates := ARRAY(SELECT event_id FROM es_events WHERE stream_id = a->>'stream' AND event_id = ANY(ids));
    IF n > 0 AND cardinality(duplicates) = n THEN
      results := results || jsonb_build_array(jsonb_build_object('ok', true, 'duplicate', true, 'revision', current_revision::text));
      CONTINUE;
    ELSIF cardinality(duplicates) > 0 THEN
      results := results || jsonb_build_array(jsonb_build_object('ok', false, 'error', 'partial_duplicate', 'ids', to_jsonb(duplicates)));
      CONTINUE;
    END IF;
    expected := a->>'expected';
    refused := CASE expected
      WHEN 'any' THEN false
      WHEN 'no_stream' THEN current_revision <> -1
      WHEN 'stream_exists' THEN current_revision = -1
      ELSE current_revision <> expected::bigint
    END;
    IF refused THEN
      results := results || jsonb_build_array(jsonb_build_object('ok', false, 'error', 'wrong_expected_revision', 'actual', current_revision::text));
      CONTINUE;
    END IF;
    IF n = 0 THEN
      results := results || jsonb_build_array(jsonb_build_object('ok', true, 'duplicate', false, 'revision', current_revision::text));
      CONTINUE;
    END IF;
    WITH inserted AS (
      INSERT INTO es_events (stream_id, stream_revision, event_id, event_type, data, metadata)
      SELECT a->>'stream', current_revision + e.ord, (e.value->>'id')::uuid, e.value->>'type', e.value->'data',
             coalesce(e.value->'metadata', '{}'::jsonb)
      FROM jsonb_array_elements(a->'events') WITH ORDINALITY AS e(value, ord)
      RETURNING global_position
    ) SELECT max(global_position) INTO last_position FROM inserted;
    UPDATE es_streams SET revision = current_revision + n WHERE stream_id = a->>'stream';
    results := results || jsonb_build_array(jsonb_build_object('ok', true, 'duplicate', false,
      'revision', (current_revision + n)::text, 'commit', pg_current_xact_id()::text, 'prepare', last_position::text));
  END LOOP;
  PERFORM pg_notify('baton_es_appended', '');
  RETURN results;
END
$fn$;
`,
  },
  {
    version: 2,
    // Appends inside longer transactions (a consumer batch) can get their transaction id before waiting for a
    // stream's lock: the stream remembers its last appender, so the global order never puts a later revision
    // of a stream before an earlier one.
    script: `
ALTER TABLE es_streams ADD COLUMN last_xid xid8;
CREATE OR REPLACE FUNCTION es_append_batch(appends jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  a jsonb;
  results jsonb := '[]'::jsonb;
  current_revision bigint;
  expected text;
  ids uuid[];
  duplicates uuid[];
  n integer;
  refused boolean;
  last_position bigint;
  last_xid xid8;
BEGIN
  FOR a IN SELECT value FROM jsonb_array_elements(appends) LOOP
    ids := ARRAY(SELECT (e->>'id')::uuid FROM jsonb_array_elements(a->'events') e);
    n := cardinality(ids);
    INSERT INTO es_streams (stream_id, revision) VALUES (a->>'stream', -1) ON CONFLICT DO NOTHING;
    SELECT s.revision, s.last_xid INTO current_revision, last_xid FROM es_streams s WHERE s.stream_id = a->>'stream' FOR UPDATE;
    -- Readers follow (transaction id, sequence). A transaction that got its id before the stream's last
    -- appender, and waited for it, would land behind it: it must start again, with a newer id.
    IF last_xid IS NOT NULL AND last_xid > pg_current_xact_id() THEN
      RAISE EXCEPTION 'stream % was appended to by a newer transaction; retry the append', a->>'stream' USING ERRCODE = '40001';
    END IF;
    duplicates := ARRAY(SELECT event_id FROM es_events WHERE stream_id = a->>'stream' AND event_id = ANY(ids));
    IF n > 0 AND cardinality(duplicates) = n THEN
      results := results || jsonb_build_array(jsonb_build_object('ok', true, 'duplicate', true, 'revision', current_revision::text));
      CONTINUE;
    ELSIF cardinality(duplicates) > 0 THEN
      results := results || jsonb_build_array(jsonb_build_object('ok', false, 'error', 'partial_duplicate', 'ids', to_jsonb(duplicates)));
      CONTINUE;
    END IF;
    expected := a->>'expected';
    refused := CASE expected
      WHEN 'any' THEN false
      WHEN 'no_stream' THEN current_revision <> -1
      WHEN 'stream_exists' THEN current_revision = -1
      ELSE current_revision <> expected::bigint
    END;
    IF refused THEN
      results := results || jsonb_build_array(jsonb_build_object('ok', false, 'error', 'wrong_expected_revision', 'actual', current_revision::text));
      CONTINUE;
    END IF;
    IF n = 0 THEN
      results := results || jsonb_build_array(jsonb_build_object('ok', true, 'duplicate', false, 'revision', current_revision::text));
      CONTINUE;
    END IF;
    WITH inserted AS (
      INSERT INTO es_events (stream_id, stream_revision, event_id, event_type, data, metadata)
      SELECT a->>'stream', current_revision + e.ord, (e.value->>'id')::uuid, e.value->>'type', e.value->'data',
             coalesce(e.value->'metadata', '{}'::jsonb)
      FROM jsonb_array_elements(a->'events') WITH ORDINALITY AS e(value, ord)
      RETURNING global_position
    ) SELECT max(global_position) INTO last_position FROM inserted;
    UPDATE es_streams SET revision = current_revision + n, last_xid = pg_current_xact_id() WHERE stream_id = a->>'stream';
    results := results || jsonb_build_array(jsonb_build_object('ok', true, 'duplicate', false,
      'revision', (current_revision + n)::text, 'commit', pg_current_xact_id()::text, 'prepare', last_position::text));
  END LOOP;
  PERFORM pg_notify('baton_es_appended', '');
  RETURN results;
END
$fn$;
`,
  },
];
