import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import {
  ConsentRecorded,
  deadLetterTopic,
  derivedEventId,
  LeadOptedIn,
  LeadOptedOut,
  MessageReceived,
  newEvent,
  PauseRequested,
  recentLinesCarried,
  type ThreadLine,
} from '@baton/contracts';
import { deadLetterHeaders, permanentReason, type EventBus } from '@baton/event-bus';
import { migrate, type Sql, type SqlQueryable, type Transaction } from '@baton/sql';
import { CLOCK, EVENT_BUS, LOGGER, SQL, type Clock, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { leadTextFacts, meaningOf } from '../domain/lead-text';
import { evolveFence, type Channel } from '../domain/send-gate';
import { LeadDirectory } from './lead-directory';
import { NumberRegistry } from './number-registry';
import { SendGateStore } from './send-gate-store';
import { Sender } from './sender';

interface TranscriptRow {
  message_key: string | null;
  disclose: boolean;
  author: 'lead' | 'ai' | 'rep' | 'system';
  channel: Channel;
  rep_id: string | null;
  body: string;
  at: Date | string;
  provider_sid: string | null;
  status: string;
  reason: string | null;
  deferred_until: Date | string | null;
}

export interface TranscriptLine {
  /** The message's id as thread lines, signals and brief citations name it. */
  messageId?: string;
  author: 'lead' | 'ai' | 'rep' | 'system';
  repId?: string;
  /** sms, or voice: the words said on a call (the lead's transcribed, the AI's and the system's as spoken). */
  channel: Channel;
  body: string;
  at: string;
  providerMessageId?: string;
  /** received (lead), or the send's: ready, sending, sent, delivered..., blocked (with the reason), deferred. */
  status: string;
  reason?: string;
  /** A deferred send goes out then (quiet hours in the lead's time zone). */
  deferredUntil?: string;
}

export interface InboundText {
  providerMessageId: string;
  tenantId: string;
  from: string;
  to: string;
  body: string;
  /** sms (default), or voice: the lead's words on a call, as ConversationRelay transcribed them. */
  channel?: Channel;
  /** Twilio's own opt-out handling (Advanced Opt-Out): STOP, START or HELP; Twilio already answered it. */
  optOutType?: string;
  receivedAt: string;
  /** Characters of the text as received that no store can hold, replaced by U+FFFD in `body`. */
  replacedCharacters?: number;
}

/**
 * Inbound texts, keyed by the provider's id (a primary key, so a provider retry or a second gateway instance
 * finds it taken). A webhook's text is taken in two steps: `accept` is the webhook's one durable write, the text
 * as received, in the database's edge lane (not queued behind the consumers' batches), and the webhook answers;
 * right after, off the request path, the text is processed from that row, in order of arrival, in one
 * transaction that marks it processed: the lead's message with the thread before it (so no reader needs a copy
 * of the transcript), consent, keywords and the fence, which from then on refuses any AI reply to an earlier
 * message (a send decided while a text waits processes the conversation's waiting texts first: catchUp). A
 * crash between the two leaves the row unprocessed: the sweep at start (and every sweep after, for a row
 * another instance left) processes it, once.
 */
@Injectable()
export class Inbound implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Texts accepted (or swept) and not processed yet, in order of arrival. */
  private readonly queue: InboundText[] = [];
  private readonly queued = new Set<string>();
  /**
   * Texts taken here and not processed yet, by conversation, until their processing commits. On PGlite one process
   * owns the database, and every such text went through enqueue here (the webhook, the sweeps): a send looks in
   * the table only when one of its conversation's is named here. On PostgreSQL another instance may hold one: it
   * always looks.
   */
  private readonly unprocessed = new Map<string, Set<string>>();
  private draining?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly directory: LeadDirectory,
    private readonly gate: SendGateStore,
    private readonly sender: Sender,
    private readonly numbers: NumberRegistry,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'channel-gateway-inbound', [
      {
        version: 1,
        script: `CREATE TABLE gateway_inbound (
        provider_message_id text PRIMARY KEY, tenant_id text NOT NULL, from_phone text NOT NULL, to_phone text NOT NULL, body text NOT NULL,
        opt_out_type text, received_at timestamptz NOT NULL, processed_at timestamptz);
        CREATE TABLE gateway_rejected_webhooks (id bigserial PRIMARY KEY, path text NOT NULL, reason text NOT NULL, remote text, at timestamptz NOT NULL DEFAULT now());`,
      },
      {
        version: 2,
        // The thread's lines travel with each message: read by conversation, newest first.
        script: `CREATE INDEX gateway_inbound_thread ON gateway_inbound (tenant_id, from_phone, to_phone, received_at DESC);`,
      },
      {
        // How many characters of the text as received no store could hold (replaced by U+FFFD at the webhook).
        version: 3,
        script: 'ALTER TABLE gateway_inbound ADD COLUMN replaced_characters integer',
      },
      {
        // The lead's words on a call are lead messages too.
        version: 4,
        script: "ALTER TABLE gateway_inbound ADD COLUMN channel text NOT NULL DEFAULT 'sms'",
      },
      {
        // Texts accepted at the webhook and not processed yet, by conversation: for the drain, the sweep and a
        // send decided meanwhile (which processes them first).
        version: 5,
        script: `ALTER TABLE gateway_inbound ADD COLUMN conversation_id text;
          CREATE INDEX gateway_inbound_pending ON gateway_inbound (tenant_id, conversation_id, received_at) WHERE processed_at IS NULL`,
      },
      {
        // A text whose processing keeps failing: how often it failed and why; one that never can is set aside.
        version: 6,
        script: `ALTER TABLE gateway_inbound ADD COLUMN attempts integer NOT NULL DEFAULT 0, ADD COLUMN last_error text,
          ADD COLUMN set_aside boolean NOT NULL DEFAULT false`,
      },
    ]);
  }

  /** What a crash left accepted and unprocessed is processed before anything else this instance takes. */
  async onApplicationBootstrap(): Promise<void> {
    await this.sweep(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.draining;
  }

  async rejected(path: string, reason: string, remote?: string): Promise<void> {
    await this.sql.query('INSERT INTO gateway_rejected_webhooks (path, reason, remote, at) VALUES ($1, $2, $3, $4)', [
      path,
      reason.slice(0, 500),
      remote ?? null,
      this.clock.now().toISOString(),
    ]);
  }

  /**
   * The webhook's one durable write: the text as received, unprocessed (and its conversation's address, the first
   * time), in one short transaction in the edge lane; processed right after, off the caller's path. False when
   * this provider message was taken before (a retry): nothing more happens.
   */
  async accept(text: InboundText): Promise<boolean> {
    // With its conversation: from the answer on, the API knows the conversation the lead just wrote in.
    const taken = await this.sql.transaction(
      async (tx) => {
        if (!(await this.insert(tx, text, false))) return false;
        await this.directory.open(text.tenantId, text.from, text.to);
        return true;
      },
      { lane: 'edge' },
    );
    if (taken) this.enqueue([text]);
    return taken;
  }

  /** Records and processes a text at once, in one transaction (the dev channel, a call's words); false for a repeat. */
  take(text: InboundText): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      if (!(await this.insert(tx, text, true))) return false;
      await this.process(tx, text);
      return true;
    });
  }

  /**
   * Queues the texts accepted but not processed (older than `minAgeMs`: a younger one is on its way through its
   * own instance's drain), oldest first, and starts processing them. Processing claims each row, so a text
   * swept twice, or by two instances, is processed once.
   */
  async sweep(minAgeMs = 10_000): Promise<void> {
    const { rows } = await this.sql.query<PendingRow>(
      `SELECT ${pendingColumns} FROM gateway_inbound
        WHERE processed_at IS NULL AND received_at <= $1 ORDER BY received_at LIMIT 1000`,
      [new Date(this.clock.now().getTime() - minAgeMs).toISOString()],
    );
    this.enqueue(rows.map(textOf));
  }

  /**
   * Processes, in the caller's transaction, the conversation's texts taken at the webhook and not processed yet,
   * oldest first: a send decided from here on is decided on everything the lead has said (the lead wrote again,
   * STOP), and the conversation and its message.received exist before the send does.
   */
  async catchUp(tenantId: string, conversationId: string): Promise<void> {
    if (this.sql.driver === 'pglite' && !this.unprocessed.get(`${tenantId}/${conversationId}`)?.size) return;
    const { rows } = await this.sql.query<PendingRow>(
      `SELECT ${pendingColumns} FROM gateway_inbound
        WHERE tenant_id = $1 AND conversation_id = $2 AND processed_at IS NULL ORDER BY received_at`,
      [tenantId, conversationId],
    );
    for (const row of rows) {
      try {
        // A savepoint of the caller's transaction: a text that cannot be processed now rolls back alone (with what
        // it did to the fence), and is left to the drain and the sweep; the send goes on.
        await this.gate.isolated((tx) => this.claimAndProcess(tx, textOf(row)));
      } catch (error) {
        await this.failed(textOf(row), error);
      }
    }
  }

  /**
   * A text whose processing failed. While the failure may pass (the database away, a deadlock) it stays
   * unprocessed, however often, for the drain and the next sweep: a lead's text is never given up on. One that
   * never can be processed (its contract or the database refuses its data) is set aside: marked processed with
   * its cause, kept in the table, and a dead-letter record published, so it neither holds up its conversation's
   * sends nor costs every sweep again. Never throws (a failure to record the failure leaves the text as it was).
   */
  private async failed(text: InboundText, error: unknown): Promise<void> {
    const permanent = permanentReason(error);
    const reason = (permanent ?? (error as Error).message ?? String(error)).slice(0, 2000);
    const log = this.logger.child({
      service: 'channel-gateway',
      tenantId: text.tenantId,
      conversationId: LeadDirectory.conversationIdOf(text.tenantId, text.from, text.to),
      messageSid: text.providerMessageId,
    });
    try {
      const setAside = await this.sql.transaction(async (tx) => {
        const { rows } = await tx.query<{ attempts: number; set_aside: boolean }>(
          `UPDATE gateway_inbound SET attempts = attempts + 1, last_error = $2,
             processed_at = CASE WHEN $3 THEN $4::timestamptz END, set_aside = $3
           WHERE provider_message_id = $1 AND processed_at IS NULL RETURNING attempts, set_aside`,
          [text.providerMessageId, reason, permanent !== undefined, this.clock.now().toISOString()],
        );
        const row = rows[0];
        if (!row?.set_aside) return false;
        this.bus.publishWithin(tx, deadLetterTopic('channel-gateway'), [
          {
            key: LeadDirectory.conversationIdOf(text.tenantId, text.from, text.to),
            value: JSON.stringify(text),
            headers: {
              [deadLetterHeaders.reason]: `inbound text set aside after ${row.attempts} attempt(s): ${reason}`.slice(
                0,
                2000,
              ),
              [deadLetterHeaders.sourceTopic]: 'gateway_inbound',
              [deadLetterHeaders.at]: this.clock.now().toISOString(),
            },
          },
        ]);
        return true;
      });
      if (setAside) {
        this.processed(text);
        log.error(
          { err: error, reason },
          'inbound text set aside: it cannot be processed (dead-lettered with the cause)',
        );
      } else log.error({ err: error }, 'inbound text not processed yet; the sweep takes it again');
    } catch (recordError) {
      log.error({ err: error, recordError }, 'inbound text not processed yet; the sweep takes it again');
    }
  }

  /** Resolves once every text queued so far is processed (or failed, left for the next sweep). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async insert(tx: Transaction, text: InboundText, processed: boolean): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO gateway_inbound (provider_message_id, tenant_id, from_phone, to_phone, body, opt_out_type, received_at, processed_at, replaced_characters, channel, conversation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
      [
        text.providerMessageId,
        text.tenantId,
        text.from,
        text.to,
        text.body,
        text.optOutType ?? null,
        text.receivedAt,
        processed ? text.receivedAt : null,
        text.replacedCharacters ?? null,
        text.channel ?? 'sms',
        LeadDirectory.conversationIdOf(text.tenantId, text.from, text.to),
      ],
    );
    return rowCount === 1;
  }

  private enqueue(texts: InboundText[]): void {
    for (const text of texts) {
      const key = conversationKeyOf(text);
      this.unprocessed.set(key, (this.unprocessed.get(key) ?? new Set()).add(text.providerMessageId));
      if (this.queued.has(text.providerMessageId)) continue;
      this.queued.add(text.providerMessageId);
      this.queue.push(text);
    }
    if (texts.length > 0) this.drain();
  }

  /** One drain at a time, in order of arrival; it goes on while texts keep coming. */
  private drain(): void {
    if (this.draining || this.stopped) return;
    this.draining = (async () => {
      // On the next turn: the webhook's answer goes out before the processing starts.
      await new Promise((resolve) => setImmediate(resolve));
      for (let text = this.queue.shift(); text && !this.stopped; text = this.queue.shift()) {
        try {
          await this.processAccepted(text);
        } catch (error) {
          await this.failed(text, error);
        } finally {
          this.queued.delete(text.providerMessageId);
        }
      }
    })().finally(() => {
      this.draining = undefined;
      if (this.queue.length > 0) this.drain();
    });
  }

  /** Claims an accepted text (unless another instance or an earlier sweep processed it) and processes it, in one transaction. */
  private processAccepted(text: InboundText): Promise<void> {
    return this.sql.transaction((tx) => this.claimAndProcess(tx, text));
  }

  private async claimAndProcess(tx: Transaction, text: InboundText): Promise<void> {
    // The claim and the thread before the text, in one statement (the thread as it was before the claim: the
    // text itself is not in it either way).
    const { rows } = await tx.query<ThreadRow & { claimed: number }>(
      `WITH claim AS (UPDATE gateway_inbound SET processed_at = $7 WHERE provider_message_id = $5 AND processed_at IS NULL RETURNING 1)
       SELECT c.claimed, t.* FROM (SELECT count(*)::int AS claimed FROM claim) c
         LEFT JOIN LATERAL (${threadBefore}) t ON c.claimed = 1 ORDER BY t.at DESC`,
      [...this.threadParams(text), this.clock.now().toISOString()],
    );
    if (rows[0]?.claimed === 1) {
      await this.process(tx, text, threadLines(rows.filter((r) => r.body !== null)));
      tx.afterCommit(() => this.processed(text));
    } else this.processed(text);
  }

  private processed(text: InboundText): void {
    const key = conversationKeyOf(text);
    const texts = this.unprocessed.get(key);
    texts?.delete(text.providerMessageId);
    if (texts?.size === 0) this.unprocessed.delete(key);
  }

  /** Every event it publishes has an id derived from the provider's id, so a repeat repeats nothing. */
  private async process(tx: Transaction, text: InboundText, before?: ThreadLine[]): Promise<void> {
    const address = await this.directory.open(text.tenantId, text.from, text.to);
    const { conversationId, tenantId } = address;
    const log = this.logger.child({ service: 'channel-gateway', conversationId, tenantId });
    const source = '/baton/channel-gateway';
    const meaning = meaningOf(text);
    const id = (what: string) => derivedEventId(`${what}:${text.providerMessageId}`);
    const messageId = id('message');
    const vertical = await this.numbers.verticalOf(tenantId, text.to);
    const channel: Channel = text.channel ?? 'sms';

    const received = newEvent(MessageReceived, {
      id: id('received'),
      subject: conversationId,
      tenantid: tenantId,
      source,
      data: {
        messageId,
        providerMessageId: text.providerMessageId,
        leadPhone: text.from,
        batonNumber: text.to,
        channel,
        body: text.body,
        receivedAt: text.receivedAt,
        recent: before ?? (await this.recentLines(tx, text)),
        ...(text.replacedCharacters ? { replacedCharacters: text.replacedCharacters } : {}),
        ...(vertical ? { vertical } : {}),
      },
    });
    const fence = await this.gate.lockFence(tx, tenantId, conversationId);
    const facts = leadTextFacts(fence, { body: text.body, channel, optOutType: text.optOutType, messageId });
    const events = [];
    // A lead who texts first has asked to be texted back (consent for SMS); one who calls, to be spoken with on
    // the call (consent for voice): with its source and time.
    if (meaning !== 'opt_out' && fence.consent[channel] === undefined) {
      events.push(
        newEvent(ConsentRecorded, {
          id: id('consent'),
          subject: conversationId,
          tenantid: tenantId,
          source,
          cause: received,
          data: {
            leadPhone: text.from,
            channel,
            granted: true,
            source: 'lead_initiated',
            evidence: `inbound ${text.providerMessageId}`,
            at: text.receivedAt,
          },
        }),
      );
    }
    events.push(received);
    const opt = { leadPhone: text.from, batonNumber: text.to, channel: 'all' as const, messageId, at: text.receivedAt };
    const now = this.clock.now().toISOString();
    if (meaning === 'opt_out') {
      events.push(
        newEvent(LeadOptedOut, {
          id: id('opted-out'),
          subject: conversationId,
          tenantid: tenantId,
          source,
          cause: received,
          data: {
            ...opt,
            source: text.optOutType ? 'provider' : 'keyword',
            keyword: text.body.trim().toUpperCase().slice(0, 20),
          },
        }),
      );
      log.info({ keyword: true }, 'lead opted out');
    } else if (meaning === 'opt_in') {
      events.push(
        newEvent(LeadOptedIn, {
          id: id('opted-in'),
          subject: conversationId,
          tenantid: tenantId,
          source,
          cause: received,
          data: { ...opt, source: text.optOutType ? 'provider' : 'keyword' },
        }),
      );
    } else if (meaning === 'revocation') {
      // Not a keyword, but a person asking us to stop: outreach pauses and a rep looks.
      events.push(
        newEvent(PauseRequested, {
          id: id('pause'),
          subject: conversationId,
          tenantid: tenantId,
          source,
          cause: received,
          data: {
            actor: { kind: 'system', id: 'channel-gateway' },
            reason: 'the lead asked in their own words to stop; a rep should review consent',
          },
        }),
      );
      log.warn({ flag: 'revocation' }, 'lead asked to stop in their own words');
    }
    await this.gate.saveFence(tx, tenantId, conversationId, facts.reduce(evolveFence, fence));
    for (const event of events) this.sender.publish(tx, event);
    // Twilio's Advanced Opt-Out already answered its keywords; otherwise one confirmation, and HELP's answer.
    if (meaning === 'opt_out' && !text.optOutType) {
      await this.sender.request(
        {
          tenantId,
          conversationId,
          idempotencyKey: id('opt-out-confirmation'),
          author: 'system',
          channel: 'sms',
          body: this.config.BATON_OPT_OUT_CONFIRMATION,
          purpose: 'opt_out_confirmation',
        },
        received,
        tx,
      );
    }
    if (meaning === 'help' && !text.optOutType) {
      await this.sender.request(
        {
          tenantId,
          conversationId,
          idempotencyKey: id('help'),
          author: 'system',
          channel: 'sms',
          body: this.config.BATON_HELP_TEXT,
          purpose: 'help',
        },
        received,
        tx,
      );
    }
    log.debug({ messageId, meaning, at: now }, 'lead message taken');
  }

  /** The thread before this text, oldest first: the lead's texts and what went out. */
  private async recentLines(tx: SqlQueryable, text: InboundText): Promise<ThreadLine[]> {
    const { rows } = await tx.query<ThreadRow>(threadBefore, this.threadParams(text));
    return threadLines(rows);
  }

  private threadParams(text: InboundText): unknown[] {
    const conversationId = LeadDirectory.conversationIdOf(text.tenantId, text.from, text.to);
    return [text.tenantId, text.from, text.to, conversationId, text.providerMessageId, recentLinesCarried];
  }

  /** The thread as the lead saw it: their texts and what went out (or was held back), oldest first. */
  async transcript(
    tenantId: string,
    leadPhone: string,
    batonNumber: string,
    conversationId: string,
  ): Promise<TranscriptLine[]> {
    const { rows } = await this.sql.query<TranscriptRow>(
      `SELECT 'lead' AS author, channel, NULL AS rep_id, body, received_at AS at, provider_message_id AS provider_sid, 'received' AS status, NULL AS reason, NULL::timestamptz AS deferred_until, provider_message_id AS message_key, false AS disclose
         FROM gateway_inbound WHERE tenant_id = $1 AND from_phone = $2 AND to_phone = $3
       UNION ALL
       SELECT s.author, s.channel, s.rep_id, s.body, s.created_at AS at, s.provider_sid, COALESCE(d.status, s.status) AS status, s.reason, CASE WHEN s.status = 'deferred' THEN s.deferred_until END AS deferred_until, s.idempotency_key AS message_key, s.disclose
         FROM gateway_sends s LEFT JOIN gateway_delivery d ON d.provider_sid = s.provider_sid
        WHERE s.tenant_id = $1 AND s.conversation_id = $4
       ORDER BY at`,
      [tenantId, leadPhone, batonNumber, conversationId],
    );
    return rows.map((r) => ({
      // The id the thread lines, signals and brief citations name this message by.
      ...(r.message_key ? { messageId: derivedEventId(`message:${r.message_key}`) } : {}),
      // As the lead got it: the AI's first message carries the disclosure (Sender composes it the same way).
      author: r.author,
      channel: r.channel,
      ...(r.rep_id ? { repId: r.rep_id } : {}),
      body: r.disclose ? `${r.body} ${this.config.BATON_AI_DISCLOSURE}` : r.body,
      at: new Date(r.at).toISOString(),
      ...(r.provider_sid ? { providerMessageId: r.provider_sid } : {}),
      status: r.status,
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.deferred_until ? { deferredUntil: new Date(r.deferred_until).toISOString() } : {}),
    }));
  }
}

/** The thread before a text ($5), newest first: the lead's texts processed and what went out. */
const threadBefore = `(SELECT 'lead' AS author, body, received_at AS at, provider_message_id AS message_id FROM gateway_inbound
    WHERE tenant_id = $1 AND from_phone = $2 AND to_phone = $3 AND provider_message_id <> $5 AND processed_at IS NOT NULL
    ORDER BY received_at DESC LIMIT $6)
  UNION ALL
  (SELECT author, body, created_at AS at, idempotency_key AS message_id FROM gateway_sends
    WHERE tenant_id = $1 AND conversation_id = $4 AND status = 'sent' ORDER BY created_at DESC LIMIT $6)
  ORDER BY at DESC LIMIT $6`;

interface ThreadRow {
  author: ThreadLine['author'];
  body: string;
  at: Date | string;
  message_id: string | null;
}

/** Oldest first, as the thread lines travel. */
const threadLines = (rows: ThreadRow[]): ThreadLine[] =>
  [...rows].reverse().map((r) => ({
    author: r.author,
    text: r.body.slice(0, 1600),
    at: new Date(r.at).toISOString(),
    ...(r.message_id ? { messageId: derivedEventId(`message:${r.message_id}`) } : {}),
  }));

const pendingColumns =
  'provider_message_id, tenant_id, from_phone, to_phone, body, opt_out_type, received_at, replaced_characters, channel';

interface PendingRow {
  provider_message_id: string;
  tenant_id: string;
  from_phone: string;
  to_phone: string;
  body: string;
  opt_out_type: string | null;
  received_at: Date | string;
  replaced_characters: number | null;
  channel: Channel;
}

const conversationKeyOf = (text: InboundText) =>
  `${text.tenantId}/${LeadDirectory.conversationIdOf(text.tenantId, text.from, text.to)}`;

/** A text as the webhook took it, from its row. */
const textOf = (r: PendingRow): InboundText => ({
  providerMessageId: r.provider_message_id,
  tenantId: r.tenant_id,
  from: r.from_phone,
  to: r.to_phone,
  body: r.body,
  ...(r.opt_out_type ? { optOutType: r.opt_out_type } : {}),
  receivedAt: new Date(r.received_at).toISOString(),
  ...(r.replaced_characters ? { replacedCharacters: r.replaced_characters } : {}),
  channel: r.channel,
});
