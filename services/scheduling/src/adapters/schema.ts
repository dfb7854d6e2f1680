import { migrate, type Sql } from '@baton/sql';

// scheduling's tables, in one place; run once at start-up (SchedulingDatabase.onModuleInit). A shipped
// migration is never edited: add the next version.
export const schedulingMigrations = [
  {
    version: 1,
    script: `
  CREATE EXTENSION IF NOT EXISTS btree_gist;
  CREATE TABLE scheduling_reps (
    tenant_id text NOT NULL, rep_id text NOT NULL, name text NOT NULL, email text, phone text, timezone text NOT NULL,
    working_hours jsonb NOT NULL, meeting_minutes integer NOT NULL, buffer_before integer NOT NULL, buffer_after integer NOT NULL,
    territory text[] NOT NULL DEFAULT '{}', skills jsonb NOT NULL, calendar jsonb NOT NULL, meeting_url text,
    presence text NOT NULL DEFAULT 'busy', presence_at timestamptz, revision integer NOT NULL DEFAULT 1,
    removed boolean NOT NULL DEFAULT false, last_offered_at timestamptz, updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, rep_id));
  CREATE TABLE scheduling_policies (tenant_id text PRIMARY KEY, policy jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
  -- What scheduling knows of each conversation, from the events it reads.
  CREATE TABLE scheduling_leads (
    tenant_id text NOT NULL, conversation_id text NOT NULL, lead_phone text, lead_email text, language text,
    opted_out boolean NOT NULL DEFAULT false, driver text NOT NULL DEFAULT 'ai', updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, conversation_id));
  CREATE TABLE scheduling_offers (
    offer_id text PRIMARY KEY, tenant_id text NOT NULL, conversation_id text NOT NULL, rep_id text NOT NULL,
    slots jsonb NOT NULL, why text NOT NULL, status text NOT NULL, clarified boolean NOT NULL DEFAULT false,
    meeting_id text, -- set when the offer moves a booked meeting instead of booking a new one
    lead_timezone text NOT NULL, zone_uncertain boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL);
  CREATE UNIQUE INDEX scheduling_offers_one_open ON scheduling_offers (tenant_id, conversation_id) WHERE status = 'open';
  -- Bookings: two leads never hold one rep's time. The blocked range is the meeting with its buffers.
  CREATE TABLE scheduling_meetings (
    meeting_id text PRIMARY KEY, tenant_id text NOT NULL, conversation_id text NOT NULL, rep_id text NOT NULL, rep_name text NOT NULL,
    offer_id text, start_at timestamptz NOT NULL, end_at timestamptz NOT NULL, blocked tstzrange NOT NULL,
    status text NOT NULL, lead_timezone text NOT NULL, zone_uncertain boolean NOT NULL DEFAULT false, lead_phone text, lead_email text,
    sequence integer NOT NULL DEFAULT 0, calendar_kind text NOT NULL, calendar_status text NOT NULL, calendar_error text,
    calendar_attempts integer NOT NULL DEFAULT 0, outcome_note text, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
    EXCLUDE USING gist (tenant_id WITH =, rep_id WITH =, blocked WITH &&) WHERE (status = 'booked'));
  CREATE INDEX scheduling_meetings_rep ON scheduling_meetings (tenant_id, rep_id, start_at);
  CREATE INDEX scheduling_meetings_conversation ON scheduling_meetings (tenant_id, conversation_id);
  -- The internal calendar: events on reps' calendars kept in PostgreSQL, by uid.
  CREATE TABLE scheduling_calendar_events (
    tenant_id text NOT NULL, rep_id text NOT NULL, uid text NOT NULL, start_at timestamptz NOT NULL, end_at timestamptz NOT NULL,
    summary text NOT NULL, ics text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (tenant_id, rep_id, uid));
  -- Durable timers (reminders, calendar syncs, invite mails): a lease on the row, so one replica runs each.
  CREATE TABLE scheduling_timers (
    timer_id text PRIMARY KEY, kind text NOT NULL, tenant_id text NOT NULL, meeting_id text NOT NULL, due_at timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'pending', attempts integer NOT NULL DEFAULT 0, lease_owner text, lease_until timestamptz,
    last_error text, payload jsonb NOT NULL DEFAULT '{}', done_at timestamptz);
  CREATE INDEX scheduling_timers_due ON scheduling_timers (due_at) WHERE status = 'pending';
  -- Events written in the transaction that decided them, published after it commits.
  CREATE TABLE scheduling_outbox (
    seq bigserial PRIMARY KEY, event_id text NOT NULL UNIQUE, topic text NOT NULL, key text NOT NULL, value text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz);
  CREATE INDEX scheduling_outbox_pending ON scheduling_outbox (seq) WHERE published_at IS NULL;
  `,
  },
  {
    version: 2,
    script: `
  -- Whether an offer reached the lead: the turn conversation-state grants for it, when its message was handed to
  -- the provider, and the lead message that came before that was known (read again once it is).
  ALTER TABLE scheduling_offers ADD COLUMN turn_id text, ADD COLUMN reached_at timestamptz, ADD COLUMN waiting jsonb;
  CREATE INDEX scheduling_offers_turn ON scheduling_offers (tenant_id, conversation_id, turn_id) WHERE status = 'open';
  `,
  },
];

export const migrateScheduling = (sql: Sql) => migrate(sql, 'scheduling', schedulingMigrations);
