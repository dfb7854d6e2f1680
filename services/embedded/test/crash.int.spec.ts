import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { anyHour } from '@baton/testing';
import { LeadDirectory } from '../../channel-gateway/src/adapters/lead-directory';
import { api, batonNumber, eventually, startProcesses, type ProcessBaton } from './harness';

/**
 * Fault injection (issue 10, defects 1 and 2): Twilio answers every create in 1.5 s, several leads text at
 * once and reps jump into half the threads, and the process that sends (the whole embedded platform, or
 * channel-gateway in the distributed mode) is SIGKILLed while sends are in flight and started again at once,
 * round after round. Counted over every round, all must be 0: an SMS Twilio got twice, an AI message after a
 * rep's in the same thread, an inbound text Twilio had an answer for but the conversation never recorded.
 * A rep client repeating its Idempotency-Key after the restart gets the first outcome and nothing is sent.
 */
const rounds = 3;
const leadsPerRound = 8;
const providerLatencyMs = 1500;

interface Text {
  lead: string;
  sid: string;
  body: string;
}
interface RepSend {
  conversationId: string;
  key: string;
  body: string;
  first?: { status: number; body: Record<string, unknown> };
}

describe.each(['embedded', 'distributed'] as const)(
  'SIGKILL mid-send with a slow provider, restarted at once (%s)',
  (mode) => {
    const victim = mode === 'embedded' ? 'embedded' : 'channel-gateway';
    let baton: ProcessBaton;
    beforeAll(async () => {
      baton = await startProcesses({
        mode,
        // Twilio calls time out after 3 s, so the sweep looks up a send left in flight 8 s after its attempt.
        extra: { ...anyHour, TWILIO_TIMEOUT_MS: '3000', BATON_TURN_GRACE_MS: '5000', BATON_SWEEP_INTERVAL_MS: '500' },
      });
      baton.twilio.latencyMs = providerLatencyMs;
    }, 120_000);
    afterAll(async () => {
      await baton?.stop();
    }, 60_000);

    const texts: Text[] = [];
    const repSends: RepSend[] = [];
    const isRep = (body: string) => body.startsWith('Rep: ');

    /** Twilio's webhook, retried (same MessageSid) until Baton answers 200, as Twilio retries it. */
    const webhookUntilTaken = async (text: Text) => {
      const params = {
        AccountSid: `AC${'2'.repeat(32)}`,
        MessageSid: text.sid,
        From: text.lead,
        To: batonNumber,
        Body: text.body,
        NumMedia: '0',
      };
      const path = '/webhooks/twilio/sms';
      const signature = twilio.getExpectedTwilioSignature(baton.authToken, `${baton.url}${path}`, params);
      await eventually(
        async () =>
          (
            await fetch(`${baton.url}${path}`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
              body: new URLSearchParams(params).toString(),
            })
          ).status === 200,
        { what: `Baton to take ${text.sid}`, timeoutMs: 60_000, intervalMs: 200 },
      );
    };
    const leadTexts = (lead: string, body: string) => {
      const text = { lead, sid: `SM${randomUUID().replace(/-/g, '')}`, body };
      texts.push(text);
      return webhookUntilTaken(text);
    };
    const repPost = async (send: RepSend) => {
      const response = await fetch(`${baton.url}/v1/conversations/${send.conversationId}/messages`, {
        method: 'POST',
        body: JSON.stringify({ body: send.body }),
        headers: {
          authorization: `Bearer ${await baton.token('rep', 'default', 'rep-7')}`,
          'content-type': 'application/json',
          'idempotency-key': send.key,
        },
      });
      const text = await response.text();
      return {
        status: response.status,
        body: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, unknown>,
      };
    };
    const openSends = async () => {
      const metrics = await (await fetch(`${baton.direct('/webhooks/twilio/sms')}/metrics`)).text();
      return [...metrics.matchAll(/^baton_gateway_open_sends\{status="(\w+)"\} (\d+)/gm)].reduce(
        (sum, m) => sum + (m[1] === 'deferred' ? 0 : Number(m[2])),
        0,
      );
    };

    it(`${rounds} rounds: no SMS twice, no AI after a rep, no inbound lost, a repeated Idempotency-Key sends nothing`, async () => {
      const twilioSeen = baton.twilio.created;
      let caughtInFlight = 0;
      for (let round = 0; round < rounds; round++) {
        const leads = Array.from(
          { length: leadsPerRound },
          (_, i) => `+1512${4_000_000 + (mode === 'embedded' ? 0 : 500_000) + round * 100 + i}`,
        );
        const createdBefore = twilioSeen.length;
        const roundSends: RepSend[] = [];
        // Load: every lead texts; a rep writes into every other thread as soon as the gateway has the text.
        const traffic = leads.map(async (lead, i) => {
          await leadTexts(lead, "Hi, I'm looking to refinance my house");
          if (i % 2 === 1) {
            const send: RepSend = {
              conversationId: LeadDirectory.conversationIdOf('default', lead, batonNumber),
              key: `crash-${mode}-${round}-${i}`,
              body: `Rep: Sam here for ${lead}, round ${round}`,
            };
            repSends.push(send);
            roundSends.push(send);
            try {
              const first = await repPost(send);
              if (first.status === 202) send.first = first;
            } catch {
              // the process died under the request: the client retries it after the restart
            }
          }
          await leadTexts(lead, 'hoping to close in about 2 months');
        });
        // Kill while Twilio holds creates (each takes 1.5 s to answer), a rep's among them: the AI's first lines go
        // out first, and a rep's send waits for the AI's in flight in its thread, so it is the later one.
        const inFlight = () =>
          twilioSeen.slice(createdBefore).filter((m) => Date.now() - m.receivedAtMs < providerLatencyMs - 300);
        await eventually(() => inFlight().some((m) => isRep(m.body)), {
          what: "a rep's send in flight at Twilio",
          timeoutMs: 60_000,
          intervalMs: 10,
        });
        const killedAt = Date.now();
        const restarting = baton.restart(victim, 'SIGKILL');
        // Creates Twilio had taken but not answered when the process died: their outcome is what the restart must find out.
        caughtInFlight += twilioSeen
          .slice(createdBefore)
          .filter((m) => m.receivedAtMs > killedAt - providerLatencyMs && isRep(m.body)).length;
        await restarting;
        if (process.env.CRASH_DEBUG)
          console.log(
            round,
            twilioSeen.slice(createdBefore).map((m) => `${m.receivedAtMs - killedAt} ${m.to} ${m.body.slice(0, 30)}`),
          );
        await Promise.all(traffic);
        // A rep client whose request died with the process retries it, with the same key.
        for (const send of roundSends.filter((s) => !s.first)) {
          send.first = await eventually(
            async () => {
              const r = await repPost(send);
              return r.status === 202 && r;
            },
            { what: `the retried rep send ${send.key}`, timeoutMs: 60_000, intervalMs: 200 },
          );
        }
        // Settled: the gateway has nothing in flight or left to reconcile, and every AI-driven lead got a reply
        // from the AI after its last text.
        await eventually(async () => (await openSends()) === 0, {
          what: 'every send settled (reconciled after the crash)',
          timeoutMs: 60_000,
          intervalMs: 250,
        });
        for (const [i, lead] of leads.entries()) {
          if (i % 2 === 1) continue;
          await eventually(
            () => twilioSeen.some((m) => m.to === lead && !isRep(m.body) && /price range|loan amount|\?/.test(m.body)),
            { what: `an AI reply to ${lead}`, timeoutMs: 30_000 },
          );
        }
      }

      // The kills did land while Twilio held reps' sends (otherwise this suite proves nothing).
      expect(caughtInFlight).toBeGreaterThanOrEqual(rounds);

      // 0 SMS delivered twice to Twilio.
      const seen = new Map<string, number>();
      for (const m of twilioSeen) seen.set(`${m.to}\n${m.body}`, (seen.get(`${m.to}\n${m.body}`) ?? 0) + 1);
      const twice = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
      expect(twice).toEqual([]);

      // 0 AI messages after a rep's, in the order Twilio took them and in the order it finished them (what the lead sees).
      const aiAfterRep = (order: typeof twilioSeen) => {
        const repSpoke = new Set<string>();
        return order
          .filter((m) => {
            if (isRep(m.body)) repSpoke.add(m.to);
            else if (repSpoke.has(m.to)) return true;
            return false;
          })
          .map((m) => `${m.to}: ${m.body}`);
      };
      expect(aiAfterRep(twilioSeen)).toEqual([]);
      expect(aiAfterRep(baton.twilio.delivered)).toEqual([]);
      // Every rep's message reached Twilio exactly once.
      for (const send of repSends) expect(twilioSeen.filter((m) => m.body === send.body)).toHaveLength(1);

      // 0 lost inbound: every text Baton answered 200 for is in its conversation's stream, once.
      const byLead = new Map<string, Text[]>();
      for (const t of texts) byLead.set(t.lead, [...(byLead.get(t.lead) ?? []), t]);
      for (const [lead, sent] of byLead) {
        const conversationId = LeadDirectory.conversationIdOf('default', lead, batonNumber);
        const recorded = await eventually(
          async () => {
            const { status, body } = await api<{ events: { type: string; data: Record<string, unknown> }[] }>(
              baton,
              'GET',
              `/v1/conversations/${conversationId}/events`,
              'auditor',
            );
            if (status !== 200) return undefined;
            const messages = body.events.filter((e) => e.type.endsWith('lead-message.recorded.v1'));
            return messages.length >= sent.length && messages;
          },
          { what: `the texts of ${lead} in its stream`, timeoutMs: 30_000 },
        );
        expect(recorded).toHaveLength(sent.length);
      }

      // A repeated Idempotency-Key after the restarts answers with the first outcome and sends nothing.
      const before = twilioSeen.length;
      for (const send of repSends) {
        const again = await repPost(send);
        expect(again.status).toBe(202);
        expect(again.body).toMatchObject({ sendId: send.first!.body.sendId, status: 'sent', repeated: true });
      }
      expect(twilioSeen.length).toBe(before);
    }, 170_000);
  },
);
