import { randomUUID } from 'node:crypto';
import { MessageReceived, newEvent, OutboundRequested, parseEvent, topics, TurnGranted, type EventOf } from '@baton/contracts';
import { expectServiceToRun, startForTest } from '@baton/service-runtime/testing';
import { aiAgentService } from './service';

describe('ai-agent', () => {
  it('starts on embedded defaults, reports ready, and stops cleanly', () => expectServiceToRun(aiAgentService));

  it('answers a granted turn once, as its directive says, after reading the lead', async () => {
    const agent = await startForTest([aiAgentService]);
    try {
      const said: EventOf<typeof OutboundRequested>[] = [];
      await agent.connections.bus.subscribe({ groupId: 'observer', topics: [topics.outboundCommands], handle: async (d) => { said.push(parseEvent(OutboundRequested, d.value)); } });
      const conversation = `c-${randomUUID()}`;
      const base = { subject: conversation, tenantid: 'default', source: '/baton/test' };
      const messageId = randomUUID();
      const grant = (turnId: string, directive: 'qualify' | 'handoff_transition', reason?: 'explicit_request') => newEvent(TurnGranted, {
        ...base, data: { turnId, inReplyTo: messageId, directive, ...(reason ? { reason } : {}), actor: { kind: 'system' }, cause: 'test', at: new Date().toISOString() },
      });
      const first = grant('turn-1', 'qualify');
      // the turn overtakes its lead message: the agent waits for the message rather than answer blind
      await agent.connections.bus.publish(topics.conversations, [{ key: conversation, value: JSON.stringify(first) }]);
      await new Promise((r) => setTimeout(r, 300));
      expect(said).toEqual([]);
      await agent.connections.bus.publish(topics.messages, [{ key: conversation, value: JSON.stringify(newEvent(MessageReceived, {
        ...base, data: { messageId, providerMessageId: 'SM1', leadPhone: '+15125550100', batonNumber: '+15125550199', channel: 'sms', body: "Hi, I'm looking to refinance", receivedAt: new Date().toISOString() },
      })) }]);
      await agent.connections.bus.publish(topics.conversations, [
        { key: conversation, value: JSON.stringify(first) }, // a redelivered grant
        { key: conversation, value: JSON.stringify(grant('turn-2', 'handoff_transition', 'explicit_request')) },
      ]);
      for (let i = 0; i < 200 && said.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 300));
      expect(said.map((s) => [s.data.turnId, s.data.directive, s.data.author])).toEqual([['turn-1', 'qualify', 'ai'], ['turn-2', 'handoff_transition', 'ai']]);
      expect(said[0]!.data.body).toBe('Thanks for reaching out! When are you hoping to close?');
      expect(said[1]!.data.body).toBe('Of course, let me grab someone for you.');
      expect(said[0]!.data.idempotencyKey).toBe('ai:turn-1');
    } finally {
      await agent.cleanup();
    }
  });
});
