import { randomUUID } from 'node:crypto';
import {
  CallRequested,
  newEvent,
  OutboundRequested,
  parseCatalogued,
  parseEvent,
  topics,
  TurnGranted,
  type EventOf,
} from '@baton/contracts';
import { busMessage } from '@baton/event-bus';
import { expectServiceToRun, startForTest } from '@baton/service-runtime/testing';
import { eventually } from '@baton/testing';
import { aiAgentService } from './service';

describe('ai-agent', () => {
  it('starts on embedded defaults, reports ready, and stops cleanly', () => expectServiceToRun(aiAgentService));

  it('answers each granted turn from the thread the turn carries, once, as its directive says', async () => {
    const agent = await startForTest([aiAgentService]);
    try {
      const said = new Map<string, EventOf<typeof OutboundRequested>>();
      const calls: EventOf<typeof CallRequested>[] = [];
      await agent.connections.bus.subscribe({
        groupId: 'observer',
        topics: [topics.outboundCommands],
        handle: async (d) => {
          if (parseCatalogued(d.value).type === CallRequested.type)
            return void calls.push(parseEvent(CallRequested, d.value));
          const command = parseEvent(OutboundRequested, d.value);
          said.set(command.id, command); // readers drop a repeated id
        },
      });
      const conversation = `c-${randomUUID()}`;
      const base = { subject: conversation, tenantid: 'default', source: '/baton/test' };
      const messageId = randomUUID();
      const at = '2026-03-02T15:00:00.000Z';
      const lines = [{ author: 'lead' as const, text: "Hi, I'm looking to refinance", at, messageId }];
      const grant = (turnId: string, directive: 'qualify' | 'handoff_transition', reason?: 'explicit_request') =>
        newEvent(TurnGranted, {
          ...base,
          data: {
            turnId,
            inReplyTo: messageId,
            directive,
            ...(reason ? { reason } : {}),
            lines,
            actor: { kind: 'system' },
            cause: 'test',
            at,
          },
        });
      const first = grant('turn-1', 'qualify');
      // No lead message on any other topic: the turn alone is enough. A redelivered grant answers with the same command.
      await agent.connections.bus.publish(
        topics.conversations,
        // The second grant carries its revision: the answer names it, so the gate waits for the grant that far.
        [first, first, { ...grant('turn-2', 'handoff_transition', 'explicit_request'), sequence: '7' }].map(busMessage),
      );
      await eventually(() => said.size >= 2, { what: 'two answers' });
      const answers = [...said.values()];
      expect(answers.map((s) => [s.data.turnId, s.data.directive, s.data.author, s.data.idempotencyKey])).toEqual([
        ['turn-1', 'qualify', 'ai', 'ai:turn-1'],
        ['turn-2', 'handoff_transition', 'ai', 'ai:turn-2'],
      ]);
      expect(answers.map((s) => s.data.turnSequence)).toEqual([undefined, '7']);
      expect(answers[0]!.data.body).toBe('Thanks for reaching out! When are you hoping to close?');
      expect(answers[1]!.data.body).toBe('Of course, let me grab someone for you.');
      expect(calls).toEqual([]);

      // The lead asks to be called: the reply, and the call requested (the gateway applies the call rules).
      const asked = newEvent(TurnGranted, {
        ...base,
        data: {
          turnId: 'turn-3',
          inReplyTo: messageId,
          directive: 'qualify',
          lines: [...lines, { author: 'lead', text: 'can you call me?', at, messageId }],
          actor: { kind: 'system' },
          cause: 'test',
          at,
        },
      });
      await agent.connections.bus.publish(topics.conversations, [busMessage(asked)]);
      await eventually(() => calls.length >= 1 && said.size >= 3, { what: 'the call requested' });
      expect(calls[0]!.data).toEqual({
        idempotencyKey: 'ai-call:turn-3',
        author: 'ai',
        reason: 'the lead asked to be called',
      });
    } finally {
      await agent.cleanup();
    }
  });
});
