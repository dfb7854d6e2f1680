import { Inject, Injectable } from '@nestjs/common';
import {
  ConsentRecorded, derivedEventId, LeadOptedIn, LeadOptedOut, MessageReceived, newEvent, PauseRequested,
} from '@baton/contracts';
import { migrate, type Sql } from '@baton/sql';
import { LOGGER, SQL, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { keywordMeaning, type KeywordMeaning } from '../domain/keywords';
import { LeadDirectory } from './lead-directory';
import { NumberRegistry } from './number-registry';
import { SendGateStore } from './send-gate-store';
import { Sender } from './sender';

interface TranscriptRow {
  author: 'lead' | 'ai' | 'rep' | 'system';
  rep_id: string | null;
  body: string;
  at: Date | string;
  provider_sid: string | null;
  status: string;
  reason: string | null;
  deferred_until: Date | string | null;
}

export interface TranscriptLine {
  author: 'lead' | 'ai' | 'rep' | 'system';
  repId?: string;
  body: string;
  at: string;
  providerMessageId?: string;
  /** received (lead), or the send's: recorded, sent, delivered..., blocked (with the reason), deferred. */
  status: string;
  reason?: string;
  /** A deferred send goes out then (quiet hours in the lead's time zone). */
  deferredUntil?: string;
}

/** A text left unprocessed this long is taken as orphaned by a crash (another replica may still be on it: reprocessing is harmless, just work). */
const orphanAfterSeconds = 30;

export interface InboundText {
  providerMessageId: string;
  tenantId: string;
  from: string;
  to: string;
  body: string;
  /** Twilio's own opt-out handling (Advanced Opt-Out): STOP, START or HELP; Twilio already answered it. */
  optOutType?: string;
  receivedAt: string;
}

/**
 * Inbound texts: recorded once by provider id (a unique key in PostgreSQL, so retries and a second gateway
 * instance find it), acknowledged at once, then processed; a crash in between is picked up by the sweep.
 */
@Injectable()
export class Inbound {
  private ready?: Promise<void>;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly directory: LeadDirectory,
    private readonly gate: SendGateStore,
    private readonly sender: Sender,
    private readonly numbers: NumberRegistry,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  migrate(): Promise<void> {
    this.ready ??= migrate(this.sql, 'channel-gateway-inbound', [{
      version: 1,
      script: `CREATE TABLE gateway_inbound (
        provider_message_id text PRIMARY KEY, tenant_id text NOT NULL, from_phone text NOT NULL, to_phone text NOT NULL, body text NOT NULL,
        opt_out_type text, received_at timestamptz NOT NULL, processed_at timestamptz);
        CREATE TABLE gateway_rejected_webhooks (id bigserial PRIMARY KEY, path text NOT NULL, reason text NOT NULL, remote text, at timestamptz NOT NULL DEFAULT now());`,
    }]);
    return this.ready;
  }

  // Texts this process is working on now; the sweep leaves them alone.
  private readonly inFlight = new Set<string>();

  /** True when this provider message is new. */
  async record(text: InboundText): Promise<boolean> {
    await this.migrate();
    const { rowCount } = await this.sql.query(
      `INSERT INTO gateway_inbound (provider_message_id, tenant_id, from_phone, to_phone, body, opt_out_type, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [text.providerMessageId, text.tenantId, text.from, text.to, text.body, text.optOutType ?? null, text.receivedAt]);
    return rowCount === 1;
  }

  async rejected(path: string, reason: string, remote?: string): Promise<void> {
    await this.migrate();
    await this.sql.query('INSERT INTO gateway_rejected_webhooks (path, reason, remote) VALUES ($1, $2, $3)', [path, reason, remote ?? null]);
  }

  /** Processes one recorded text; every event it publishes has an id derived from the provider id, so a rerun repeats nothing. */
  async process(text: InboundText): Promise<void> {
    this.inFlight.add(text.providerMessageId);
    try {
      await this.processNow(text);
    } finally {
      this.inFlight.delete(text.providerMessageId);
    }
  }

  private async processNow(text: InboundText): Promise<void> {
    const address = await this.directory.open(text.tenantId, text.from, text.to);
    const { conversationId, tenantId } = address;
    const log = this.logger.child({ service: 'channel-gateway', conversationId, tenantId });
    const source = '/baton/channel-gateway';
    const meaning: KeywordMeaning = text.optOutType === 'STOP' ? 'opt_out' : text.optOutType === 'START' ? 'opt_in' : text.optOutType === 'HELP' ? 'help' : keywordMeaning(text.body);
    const id = (what: string) => derivedEventId(`${what}:${text.providerMessageId}`);
    const vertical = await this.numbers.verticalOf(tenantId, text.to);

    const received = newEvent(MessageReceived, {
      id: id('received'), subject: conversationId, tenantid: tenantId, source,
      data: {
        messageId: id('message'), providerMessageId: text.providerMessageId, leadPhone: text.from, batonNumber: text.to, channel: 'sms', body: text.body,
        receivedAt: text.receivedAt, ...(vertical ? { vertical } : {}),
      },
    });
    const fence = await this.gate.fence(tenantId, conversationId);
    // A lead who texts first has asked to be texted back: consent for SMS, with its source and time.
    if (meaning !== 'opt_out' && fence.consent.sms === undefined) {
      await this.gate.apply(tenantId, conversationId, [{ type: 'consent', channel: 'sms', granted: true }]);
      await this.sender.publish(newEvent(ConsentRecorded, {
        id: id('consent'), subject: conversationId, tenantid: tenantId, source, cause: received,
        data: { leadPhone: text.from, channel: 'sms', granted: true, source: 'lead_initiated', evidence: `inbound ${text.providerMessageId}`, at: text.receivedAt },
      }));
    }
    await this.sender.publish(received);
    const opt = { leadPhone: text.from, batonNumber: text.to, channel: 'all' as const, messageId: received.data.messageId, at: text.receivedAt };
    switch (meaning) {
      case 'opt_out':
        await this.gate.apply(tenantId, conversationId, [{ type: 'opted-out', channel: 'all' }]);
        await this.sender.publish(newEvent(LeadOptedOut, {
          id: id('opted-out'), subject: conversationId, tenantid: tenantId, source, cause: received,
          data: { ...opt, source: text.optOutType ? 'provider' : 'keyword', keyword: text.body.trim().toUpperCase().slice(0, 20) },
        }));
        // Twilio's Advanced Opt-Out already confirmed; otherwise one confirmation, and nothing after.
        if (!text.optOutType) {
          await this.sender.request({ tenantId, conversationId, idempotencyKey: id('opt-out-confirmation'), author: 'system', channel: 'sms', body: this.config.BATON_OPT_OUT_CONFIRMATION, purpose: 'opt_out_confirmation', at: new Date().toISOString() }, received);
        }
        log.info({ keyword: true }, 'lead opted out');
        break;
      case 'opt_in':
        await this.gate.apply(tenantId, conversationId, [{ type: 'opted-in', channel: 'all' }, { type: 'consent', channel: 'sms', granted: true }]);
        await this.sender.publish(newEvent(LeadOptedIn, { id: id('opted-in'), subject: conversationId, tenantid: tenantId, source, cause: received, data: { ...opt, source: text.optOutType ? 'provider' : 'keyword' } }));
        break;
      case 'help':
        if (!text.optOutType) {
          await this.sender.request({ tenantId, conversationId, idempotencyKey: id('help'), author: 'system', channel: 'sms', body: this.config.BATON_HELP_TEXT, purpose: 'help', at: new Date().toISOString() }, received);
        }
        break;
      case 'revocation':
        // Not a keyword, but a person asking us to stop: outreach pauses and a rep looks.
        await this.sender.publish(newEvent(PauseRequested, {
          id: id('pause'), subject: conversationId, tenantid: tenantId, source, cause: received,
          data: { actor: { kind: 'system', id: 'channel-gateway' }, reason: 'the lead asked in their own words to stop; a rep should review consent' },
        }));
        log.warn({ flag: 'revocation' }, 'lead asked to stop in their own words');
        break;
      case 'none':
        break;
    }
    await this.sql.query('UPDATE gateway_inbound SET processed_at = now() WHERE provider_message_id = $1', [text.providerMessageId]);
  }

  /** The thread as the lead saw it: their texts and what went out (or was held back), oldest first. */
  async transcript(tenantId: string, leadPhone: string, batonNumber: string, conversationId: string): Promise<TranscriptLine[]> {
    await this.migrate();
    const { rows } = await this.sql.query<TranscriptRow>(
      `SELECT 'lead' AS author, NULL AS rep_id, body, received_at AS at, provider_message_id AS provider_sid, 'received' AS status, NULL AS reason, NULL::timestamptz AS deferred_until
         FROM gateway_inbound WHERE tenant_id = $1 AND from_phone = $2 AND to_phone = $3
       UNION ALL
       SELECT s.author, s.rep_id, s.body, s.created_at AS at, s.provider_sid, COALESCE(d.status, s.status) AS status, s.reason, CASE WHEN s.status = 'deferred' THEN s.deferred_until END AS deferred_until
         FROM gateway_sends s LEFT JOIN gateway_delivery d ON d.provider_sid = s.provider_sid
        WHERE s.tenant_id = $1 AND s.conversation_id = $4
       ORDER BY at`, [tenantId, leadPhone, batonNumber, conversationId]);
    return rows.map((r) => ({
      author: r.author, ...(r.rep_id ? { repId: r.rep_id } : {}), body: r.body, at: new Date(r.at).toISOString(),
      ...(r.provider_sid ? { providerMessageId: r.provider_sid } : {}), status: r.status, ...(r.reason ? { reason: r.reason } : {}),
      ...(r.deferred_until ? { deferredUntil: new Date(r.deferred_until).toISOString() } : {}),
    }));
  }

  /** Texts recorded but not processed (a crash after the 200): processed again, in arrival order. */
  async sweep(): Promise<number> {
    await this.migrate();
    const { rows } = await this.sql.query<{ provider_message_id: string; tenant_id: string; from_phone: string; to_phone: string; body: string; opt_out_type: string | null; received_at: Date }>(
      `SELECT * FROM gateway_inbound WHERE processed_at IS NULL AND received_at < now() - make_interval(secs => $1) ORDER BY gateway_inbound.received_at LIMIT 200`, [orphanAfterSeconds]);
    for (const r of rows) {
      // Still being processed here (a busy moment, not a crash): sweeping it too would only add load.
      if (this.inFlight.has(r.provider_message_id)) continue;
      await this.process({ providerMessageId: r.provider_message_id, tenantId: r.tenant_id, from: r.from_phone, to: r.to_phone, body: r.body, optOutType: r.opt_out_type ?? undefined, receivedAt: new Date(r.received_at).toISOString() });
    }
    return rows.length;
  }
}
