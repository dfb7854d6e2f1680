import { createHash } from 'node:crypto';
import twilio from 'twilio';
import { migrate, type Sql } from '@baton/sql';

export interface OutgoingText {
  sendId: string;
  to: string;
  from: string;
  body: string;
}

/** The only way a message reaches a lead: Twilio, or the dev channel when there is no account. */
export interface LeadChannel {
  readonly name: 'twilio' | 'dev';
  send(text: OutgoingText): Promise<{ providerSid: string }>;
  /** After a crash left a send's outcome unknown: the provider's record of it, if the provider got it. */
  find(text: OutgoingText & { after: Date }): Promise<{ providerSid: string } | undefined>;
}

/** A provider refusal that will not change on a retry; `optedOut` when the carrier says the lead unsubscribed. */
export class ProviderRefused extends Error {
  constructor(readonly code: string, message: string, readonly optedOut: boolean) {
    super(message);
  }
}

export class TwilioLeadChannel implements LeadChannel {
  readonly name = 'twilio' as const;
  private readonly client: ReturnType<typeof twilio>;

  constructor(accountSid: string, authToken: string, private readonly statusCallback?: string, baseUrl?: string) {
    this.client = twilio(accountSid, authToken, { autoRetry: false });
    if (baseUrl) this.client.api.baseUrl = baseUrl;
  }

  async send(text: OutgoingText): Promise<{ providerSid: string }> {
    try {
      const message = await this.client.messages.create({ to: text.to, from: text.from, body: text.body, ...(this.statusCallback ? { statusCallback: this.statusCallback } : {}) });
      return { providerSid: message.sid };
    } catch (error) {
      const e = error as { status?: number; code?: number; message?: string };
      // 4xx with a Twilio error code is an answer; anything else (network, 5xx) leaves the outcome unknown.
      if (e.status && e.status >= 400 && e.status < 500 && e.code) throw new ProviderRefused(String(e.code), e.message ?? 'refused', e.code === 21610);
      throw error;
    }
  }

  async find(text: OutgoingText & { after: Date }): Promise<{ providerSid: string } | undefined> {
    const candidates = await this.client.messages.list({ to: text.to, from: text.from, dateSentAfter: new Date(text.after.getTime() - 60_000), limit: 50 });
    const match = candidates.find((m) => m.body === text.body);
    return match ? { providerSid: match.sid } : undefined;
  }
}

/** For running with no Twilio account: what would have been sent, kept in a table and listed by GET /v1/dev/outbox. */
export class DevLeadChannel implements LeadChannel {
  readonly name = 'dev' as const;
  private ready?: Promise<void>;

  constructor(private readonly sql: Sql) {}

  private migrated(): Promise<void> {
    this.ready ??= migrate(this.sql, 'channel-gateway-dev', [{
      version: 1,
      script: 'CREATE TABLE dev_outbox (send_id text PRIMARY KEY, provider_sid text NOT NULL, to_phone text NOT NULL, from_phone text NOT NULL, body text NOT NULL, sent_at timestamptz NOT NULL DEFAULT now())',
    }]);
    return this.ready;
  }

  async send(text: OutgoingText): Promise<{ providerSid: string }> {
    await this.migrated();
    const providerSid = `DV${createHash('sha1').update(text.sendId).digest('hex').slice(0, 32)}`;
    await this.sql.query('INSERT INTO dev_outbox (send_id, provider_sid, to_phone, from_phone, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [text.sendId, providerSid, text.to, text.from, text.body]);
    return { providerSid };
  }

  async find(text: OutgoingText): Promise<{ providerSid: string } | undefined> {
    await this.migrated();
    const { rows } = await this.sql.query<{ provider_sid: string }>('SELECT provider_sid FROM dev_outbox WHERE send_id = $1', [text.sendId]);
    return rows[0] ? { providerSid: rows[0].provider_sid } : undefined;
  }

  async outbox(limit = 100): Promise<{ sendId: string; providerSid: string; to: string; from: string; body: string; sentAt: string }[]> {
    await this.migrated();
    const { rows } = await this.sql.query<{ send_id: string; provider_sid: string; to_phone: string; from_phone: string; body: string; sent_at: Date }>(
      'SELECT * FROM dev_outbox ORDER BY sent_at DESC LIMIT $1', [limit]);
    return rows.map((r) => ({ sendId: r.send_id, providerSid: r.provider_sid, to: r.to_phone, from: r.from_phone, body: r.body, sentAt: new Date(r.sent_at).toISOString() }));
  }
}
