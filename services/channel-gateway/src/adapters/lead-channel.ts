import { createHash } from 'node:crypto';
import twilio from 'twilio';
import { migrate, type Sql } from '@baton/sql';

export interface OutgoingText {
  sendId: string;
  to: string;
  from: string;
  body: string;
}

/** What the provider holds of one message, looked up by its sid. */
export interface ProviderMessage {
  providerSid: string;
  to: string;
  from: string;
  body: string;
}

/** The only way a message reaches a lead: Twilio, or the dev channel when there is no account. */
export interface LeadChannel {
  readonly name: 'twilio' | 'dev';
  /** The longest a send can be in flight (the request's timeout): past it, a lookup tells what happened. */
  readonly timeoutMs: number;
  send(text: OutgoingText): Promise<{ providerSid: string }>;
  /** After a crash left a send's outcome unknown: the provider's record of it, if the provider got it. */
  find(text: OutgoingText & { after: Date }): Promise<{ providerSid: string } | undefined>;
  /** The provider's record of a message by its sid (a status callback for a sid Baton has not stored yet). */
  fetch(providerSid: string): Promise<ProviderMessage | undefined>;
}

/** A provider refusal that will not change on a retry; `optedOut` when the carrier says the lead unsubscribed. */
export class ProviderRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly optedOut: boolean,
  ) {
    super(message);
  }
}

export class TwilioLeadChannel implements LeadChannel {
  readonly name = 'twilio' as const;
  private readonly client: ReturnType<typeof twilio>;

  constructor(
    accountSid: string,
    authToken: string,
    private readonly statusCallback?: string,
    baseUrl?: string,
    readonly timeoutMs = 10_000,
  ) {
    this.client = twilio(accountSid, authToken, { autoRetry: false, timeout: timeoutMs });
    if (baseUrl) this.client.api.baseUrl = baseUrl;
  }

  async send(text: OutgoingText): Promise<{ providerSid: string }> {
    try {
      const message = await this.client.messages.create({
        to: text.to,
        from: text.from,
        body: text.body,
        ...(this.statusCallback ? { statusCallback: this.statusCallback } : {}),
      });
      return { providerSid: message.sid };
    } catch (error) {
      const e = error as { status?: number; code?: number; message?: string };
      // 4xx with a Twilio error code is an answer; anything else (network, 5xx) leaves the outcome unknown.
      if (e.status && e.status >= 400 && e.status < 500 && e.code)
        throw new ProviderRefused(String(e.code), e.message ?? 'refused', e.code === 21610);
      throw error;
    }
  }

  async find(text: OutgoingText & { after: Date }): Promise<{ providerSid: string } | undefined> {
    const candidates = await this.client.messages.list({
      to: text.to,
      from: text.from,
      dateSentAfter: new Date(text.after.getTime() - 60_000),
      limit: 50,
    });
    const match = candidates.find((m) => m.body === text.body);
    return match ? { providerSid: match.sid } : undefined;
  }

  async fetch(providerSid: string): Promise<ProviderMessage | undefined> {
    try {
      const m = await this.client.messages(providerSid).fetch();
      return { providerSid: m.sid, to: m.to, from: m.from, body: m.body };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }
}

/** For running with no Twilio account: what would have been sent, kept in a table and listed by GET /v1/dev/outbox. */
export class DevLeadChannel implements LeadChannel {
  readonly name = 'dev' as const;
  readonly timeoutMs = 5_000;

  constructor(private readonly sql: Sql) {}

  migrate(): Promise<void> {
    return migrate(this.sql, 'channel-gateway-dev', [
      {
        version: 1,
        script:
          'CREATE TABLE dev_outbox (send_id text PRIMARY KEY, provider_sid text NOT NULL, to_phone text NOT NULL, from_phone text NOT NULL, body text NOT NULL, sent_at timestamptz NOT NULL DEFAULT now())',
      },
    ]);
  }

  async send(text: OutgoingText): Promise<{ providerSid: string }> {
    const providerSid = `DV${createHash('sha1').update(text.sendId).digest('hex').slice(0, 32)}`;
    await this.sql.query(
      'INSERT INTO dev_outbox (send_id, provider_sid, to_phone, from_phone, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [text.sendId, providerSid, text.to, text.from, text.body],
    );
    return { providerSid };
  }

  async find(text: OutgoingText): Promise<{ providerSid: string } | undefined> {
    const { rows } = await this.sql.query<{ provider_sid: string }>(
      'SELECT provider_sid FROM dev_outbox WHERE send_id = $1',
      [text.sendId],
    );
    return rows[0] ? { providerSid: rows[0].provider_sid } : undefined;
  }

  async fetch(providerSid: string): Promise<ProviderMessage | undefined> {
    const { rows } = await this.sql.query<{ provider_sid: string; to_phone: string; from_phone: string; body: string }>(
      'SELECT provider_sid, to_phone, from_phone, body FROM dev_outbox WHERE provider_sid = $1',
      [providerSid],
    );
    return rows[0]
      ? { providerSid: rows[0].provider_sid, to: rows[0].to_phone, from: rows[0].from_phone, body: rows[0].body }
      : undefined;
  }

  async outbox(
    limit = 100,
  ): Promise<{ sendId: string; providerSid: string; to: string; from: string; body: string; sentAt: string }[]> {
    const { rows } = await this.sql.query<{
      send_id: string;
      provider_sid: string;
      to_phone: string;
      from_phone: string;
      body: string;
      sent_at: Date;
    }>('SELECT * FROM dev_outbox ORDER BY sent_at DESC LIMIT $1', [limit]);
    return rows.map((r) => ({
      sendId: r.send_id,
      providerSid: r.provider_sid,
      to: r.to_phone,
      from: r.from_phone,
      body: r.body,
      sentAt: new Date(r.sent_at).toISOString(),
    }));
  }
}
