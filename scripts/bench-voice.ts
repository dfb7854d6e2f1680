// Voice: the warm transfer's trigger-to-rep-on-the-line time and ConversationRelay turn latency, measured on a
// simulated run: Baton started as it runs in production (embedded: one `npm start` process; distributed: the
// seven services over the Kafka mock and PostgreSQL), a local Twilio (REST and signed webhooks) and a client
// playing Twilio's side of ConversationRelay. Twilio's own time (ringing, speech-to-text, the rep listening to
// the whisper) is not simulated: the rep answers and presses 1 at once, so the figure is Baton's part of it.
//
// Usage: npm run bench:voice -- [--mode embedded|distributed] [--calls 10]
// Prints JSON: per-call turn latency (lead words sent -> first text token received, client side) and trigger to
// rep (the lead's "a real person" sent -> the rep's participant-join accepted), with the gateway's own histograms
// (baton_relay_turn_seconds, baton_warm_transfer_trigger_to_rep_seconds) from /metrics.
import {
  Caller,
  api,
  batonNumber,
  daytimeLead,
  startProcesses,
  twilioPost,
  type ProcessBaton,
} from '../services/embedded/test/harness';
import { eventually } from '@baton/testing';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  return {
    n: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    max: at(1),
    mean: +(sorted.reduce((a, b) => a + b, 0) / sorted.length).toFixed(1),
  };
};
const histogram = (metrics: string, name: string) => {
  const sum = Number(new RegExp(`^${name}_sum (\\S+)`, 'm').exec(metrics)?.[1] ?? NaN);
  const count = Number(new RegExp(`^${name}_count (\\S+)`, 'm').exec(metrics)?.[1] ?? NaN);
  return { count, meanMs: count ? +((sum / count) * 1000).toFixed(1) : null };
};

async function main(): Promise<void> {
  const mode = arg('mode', 'embedded') as 'embedded' | 'distributed';
  const calls = Number(arg('calls', '10'));
  const repPhone = '+15125550177';
  const account = { AccountSid: `AC${'2'.repeat(32)}` };
  const allWeek = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]]),
  );
  const baton: ProcessBaton = await startProcesses({
    mode,
    keepLogs: false,
    extra: {
      BATON_BUSINESS_HOURS: JSON.stringify({ zone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }),
    },
  });
  const turnMs: number[] = [];
  const triggerToRepMs: number[] = [];
  try {
    await api(baton, 'PUT', '/v1/reps/rep-voice', 'admin', {
      name: 'Rio Vance',
      phone: repPhone,
      timezone: 'UTC',
      workingHours: allWeek,
    });
    await api(baton, 'PUT', '/v1/reps/rep-voice/presence', 'rep', { presence: 'available' }, 'rep-voice');
    for (let i = 0; i < calls; i++) {
      const caller = await new Caller(baton, daytimeLead(7000 + i).phone).calls();
      caller.says("Hi, I'm looking to refinance my house");
      await caller.hears(1);
      turnMs.push(caller.relay.lineStartedAt[0]! - caller.relay.saidAt[0]!);
      caller.says('can I talk to a real person?');
      const trigger = caller.relay.saidAt[1]!;
      const ended = await eventually(() => caller.relay.ended, 'the relay ended for the transfer');
      turnMs.push(caller.relay.lineStartedAt[1]! - trigger);
      const { transferId } = JSON.parse(ended) as { transferId: string };
      const leg = await eventually(
        () => baton.twilio.calls.find((c) => c.to === repPhone && c.url.includes(transferId)),
        'the rep leg',
      );
      const path = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;
      await twilioPost(baton, '/webhooks/twilio/voice/relay-ended', {
        ...account,
        CallSid: caller.callSid,
        From: caller.phone,
        To: batonNumber,
        HandoffData: ended,
      });
      const whisper = await twilioPost(baton, path(leg.url), {
        ...account,
        CallSid: leg.sid,
        From: batonNumber,
        To: repPhone,
        AnsweredBy: 'human',
      });
      const action = /action="([^"]+)"/.exec(whisper.text)![1]!.replace(/&amp;/g, '&');
      await twilioPost(baton, path(action), {
        ...account,
        CallSid: leg.sid,
        From: batonNumber,
        To: repPhone,
        Digits: '1',
      });
      await twilioPost(baton, `/webhooks/twilio/voice/status?transfer=${transferId}&role=rep`, {
        ...account,
        CallSid: leg.sid,
        ConferenceSid: `CF${'c'.repeat(32)}`,
        FriendlyName: `baton-transfer-${transferId}`,
        StatusCallbackEvent: 'participant-join',
      });
      triggerToRepMs.push(performance.now() - trigger);
      caller.hangUp();
    }
    const metrics = await (await fetch(`${baton.direct('/webhooks/twilio/voice')}/metrics`)).text();
    console.log(
      JSON.stringify(
        {
          mode,
          calls,
          relayTurnLatencyMs: stats(turnMs),
          triggerToRepOnTheLineMs: stats(triggerToRepMs),
          gateway: {
            relayTurn: histogram(metrics, 'baton_relay_turn_seconds'),
            triggerToRep: histogram(metrics, 'baton_warm_transfer_trigger_to_rep_seconds'),
          },
          note: "Twilio's ring, speech-to-text and text-to-speech time and the rep's listening to the whisper are not simulated",
        },
        null,
        2,
      ),
    );
  } finally {
    await baton.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
