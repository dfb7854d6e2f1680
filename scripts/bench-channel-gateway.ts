// channel-gateway on PostgreSQL: signed-webhook response time (p50, p99) and send-gate throughput (sends/s,
// each decided under the fence lock, recorded, handed to the channel and announced on the bus).
// Usage: npm run bench:channel-gateway -- [--webhooks 2000] [--sends 3000] [--concurrency 8]
import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { startForTest } from '@baton/service-runtime/testing';
import { anyHour, createTestDatabase } from '@baton/testing';
import { LeadDirectory } from '../services/channel-gateway/src/adapters/lead-directory';
import { SendGateStore } from '../services/channel-gateway/src/adapters/send-gate-store';
import { Sender } from '../services/channel-gateway/src/adapters/sender';
import { channelGatewayService } from '../services/channel-gateway/src/service';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const percentile = (sorted: number[], p: number) =>
  +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(2);

async function pool(total: number, concurrency: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await work(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  const token = 'bench-token';
  const publicUrl = 'https://baton.example.com';
  const db = await createTestDatabase({ require: 'postgres' });
  const gateway = await startForTest([channelGatewayService], {
    DATABASE_URL: db.url!,
    BATON_PUBLIC_URL: publicUrl,
    TWILIO_AUTH_TOKEN: token,
    BATON_SWEEP_INTERVAL_MS: '600000',
    ...anyHour,
  });
  const concurrency = arg('concurrency', 8);
  try {
    // 1. Inbound webhooks, signed as Twilio signs them.
    const webhooks = arg('webhooks', 2000);
    const latencies: number[] = [];
    const url = `${publicUrl}/webhooks/twilio/sms`;
    const webhookSeconds = await pool(webhooks, concurrency, async (i) => {
      const params = {
        From: `+1512555${String(i % 5000).padStart(4, '0')}`,
        To: '+15125550199',
        Body: `message ${i}`,
        MessageSid: `SM${randomUUID().replace(/-/g, '')}`,
        AccountSid: `AC${'1'.repeat(32)}`,
      };
      const t0 = process.hrtime.bigint();
      const response = await fetch(`${gateway.url}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      await response.text();
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
    latencies.sort((a, b) => a - b);

    // 2. Rep sends through the gate (dev channel), spread over conversations.
    const gate = gateway.app.get(SendGateStore);
    const sender = gateway.app.get(Sender);
    const directory = gateway.app.get(LeadDirectory);
    const conversations = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const address = await directory.open('default', `+1737555${String(i).padStart(4, '0')}`, '+15125550199');
        await gate.apply('default', address.conversationId, [{ type: 'consent', channel: 'sms', granted: true }]);
        return address.conversationId;
      }),
    );
    const sends = arg('sends', 3000);
    let sent = 0;
    const sendSeconds = await pool(sends, concurrency, async (i) => {
      // decided, recorded, sent on the dev channel and published, as a rep's API send is
      const outcome = await sender.requestAndDeliver({
        tenantId: 'default',
        conversationId: conversations[i % conversations.length]!,
        idempotencyKey: `bench:${i}`,
        author: 'rep',
        repId: 'rep-1',
        channel: 'sms',
        body: `reply ${i}`,
      });
      if (outcome.status === 'sent') sent++;
    });

    console.log(
      JSON.stringify(
        {
          webhook: {
            requests: webhooks,
            concurrency,
            perSecond: Math.round(webhooks / webhookSeconds),
            latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) },
          },
          gate: {
            requests: sends,
            sent,
            deferredOrBlocked: sends - sent,
            concurrency,
            sendsPerSecond: Math.round(sends / sendSeconds),
            note: 'decide, record, the dev channel and publish, per send; sending windows open all day',
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await gateway.cleanup();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
