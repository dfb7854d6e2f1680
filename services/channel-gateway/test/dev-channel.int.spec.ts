import { startForTest } from '@baton/service-runtime/testing';
import { eventually } from '@baton/testing';
import { channelGatewayService } from '../src/service';
import { LeadDirectory } from '../src/adapters/lead-directory';

describe('the dev channel (no Twilio account)', () => {
  it('plays a lead, answers STOP once, and lists what would have been sent', async () => {
    const gateway = await startForTest([channelGatewayService]);
    try {
      const lead = encodeURIComponent('+15125550120');
      const say = (body: string) =>
        gateway.fetchAs(`/v1/dev/leads/${lead}/messages`, { method: 'POST', body: JSON.stringify({ body }) });
      expect((await say('Hi there')).status).toBe(202);
      expect((await say('HELP')).status).toBe(202);
      expect((await say('STOP')).status).toBe(202);
      // The replies are delivered once their decisions commit, just after the answers.
      const outbox = await eventually(
        async () => {
          const listed = (await (await gateway.fetchAs('/v1/dev/outbox')).json()) as {
            messages: { body: string; to: string }[];
          };
          return listed.messages.length >= 2 && listed;
        },
        { what: 'the HELP answer and the opt-out confirmation in the outbox' },
      );
      expect(outbox.messages.map((m) => m.body).sort()).toEqual(
        [expect.stringMatching(/^Reply STOP to opt out/), expect.stringMatching(/opted out/)].sort(),
      );
      expect(outbox.messages.every((m) => m.to === '+15125550120')).toBe(true);
      const conversation = LeadDirectory.conversationIdOf('default', '+15125550120', '+15005550006');
      const transcript = (await (
        await gateway.fetchAs(`/v1/conversations/${conversation}/messages`, { role: 'auditor' })
      ).json()) as { messages: { author: string; body: string; status: string }[] };
      expect(transcript.messages.map((m) => [m.author, m.status])).toEqual([
        ['lead', 'received'],
        ['lead', 'received'],
        ['system', 'sent'],
        ['lead', 'received'],
        ['system', 'sent'],
      ]);
      expect(transcript.messages[0]!.body).toBe('Hi there');
      expect((await gateway.fetchAs('/v1/conversations/nope/messages')).status).toBe(404);
      const bad = await gateway.fetchAs('/v1/dev/leads/12345/messages', {
        method: 'POST',
        body: JSON.stringify({ body: 'x' }),
      });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    } finally {
      await gateway.cleanup();
    }
  });

  it('has no Twilio webhooks when no auth token is configured (an unverifiable webhook is never taken)', async () => {
    const gateway = await startForTest([channelGatewayService]);
    try {
      const response = await fetch(`${gateway.url}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'From=%2B15125550100&To=%2B15125550199&Body=hi&MessageSid=SM1',
      });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/TWILIO_AUTH_TOKEN/);
      const { rows } = await gateway.connections.sql.query('SELECT 1 FROM gateway_inbound');
      expect(rows).toEqual([]);
    } finally {
      await gateway.cleanup();
    }
  });
});
