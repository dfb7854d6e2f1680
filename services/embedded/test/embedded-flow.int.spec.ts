import { startForTest } from '@baton/service-runtime/testing';
import { allServices } from '../src/platform';
import { eventually } from '@baton/testing';
import { daytimeLead, settled } from './harness';

describe('the embedded platform, end to end on the dev channel', () => {
  it('qualifies a lead, hands off at once on a request for a person, and stays quiet once a rep writes', async () => {
    const baton = await startForTest(allServices);
    try {
      const lead = daytimeLead(177).phone; // in their day now, so no reply waits for quiet hours
      const say = async (body: string) => {
        const response = await baton.fetchAs(`/v1/dev/leads/${encodeURIComponent(lead)}/messages`, {
          method: 'POST',
          body: JSON.stringify({ body }),
        });
        expect(response.status).toBe(202);
      };
      const outbox = async () =>
        (
          (await (await baton.fetchAs('/v1/dev/outbox')).json()) as { messages: { body: string; sentAt: string }[] }
        ).messages
          .reverse()
          .map((m) => m.body);
      const waitFor = (count: number) =>
        eventually(
          async () => {
            const sent = await outbox();
            return sent.length >= count && sent;
          },
          `${count} messages in the outbox`,
          10_000,
        );

      await say("Hi, I'm looking to refinance my house");
      expect((await waitFor(1))[0]).toMatch(
        /^Thanks for reaching out! When are you hoping to close\? \(You're texting with an AI/,
      );

      await say('actually can I just talk to a real person?');
      // No rep is at the console: the handoff comes with two times to book, in one message.
      expect((await waitFor(2))[1]).toMatch(
        /^Of course, I'll get you a person\. Want to grab a quick 15 minutes with Sarah\? I've got .+\.$/,
      );

      const list = (await (
        await baton.fetchAs('/v1/conversations?driver=handoff_pending', { role: 'supervisor' })
      ).json()) as { items: { id: string; handoff: { mode: string; signals: { signal: string }[] } }[] };
      expect(list.items).toHaveLength(1);
      const conversation = list.items[0]!;
      expect(conversation.handoff.signals.map((s) => s.signal)).toContain('explicit_request');

      const rep = await baton.fetchAs(`/v1/conversations/${conversation.id}/messages`, {
        method: 'POST',
        role: 'rep',
        body: JSON.stringify({ body: 'Hi, Dana here. Happy to help with the refinance.' }),
      });
      expect(rep.status).toBe(202);
      await say('great, thanks Dana');
      await settled(async (path) => (await baton.fetchAs(path, { role: 'auditor' })).json(), conversation.id, 3);
      const sent = await outbox();
      expect(sent.slice(2)).toEqual(['Hi, Dana here. Happy to help with the refinance.']); // no AI line after the rep's
      const detail = (await (
        await baton.fetchAs(`/v1/conversations/${conversation.id}`, { role: 'auditor' })
      ).json()) as { driver: string; assignedRepId: string };
      expect(detail).toMatchObject({ driver: 'human', assignedRepId: 'rep-7' });
      const events = (await (
        await baton.fetchAs(`/v1/conversations/${conversation.id}/events`, { role: 'auditor' })
      ).json()) as { events: { type: string }[] };
      expect(events.events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['baton.conversations.handoff.triggered.v1', 'baton.conversations.human.took-over.v1']),
      );
    } finally {
      await baton.cleanup();
    }
  });
});
