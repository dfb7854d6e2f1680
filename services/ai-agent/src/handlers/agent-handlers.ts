import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { derivedEventId, MessageReceived, MessageSent, newEvent, OutboundRequested, topics, TurnGranted, type EventOf } from '@baton/contracts';
import type { EventBus, EventContext } from '@baton/event-bus';
import { EVENT_BUS, LOGGER, OnEvent, type Logger } from '@baton/service-runtime';
import { Transcripts } from '../adapters/transcripts';
import { AnthropicAgent } from '../adapters/anthropic-agent';
import { scriptedReply } from '../domain/scripted-agent';

// Two groups, so two fetch loops: a turn waiting for its lead message must never hold up the message itself.
const transcriptGroup = 'ai-agent-transcript';
const turnsGroup = 'ai-agent-turns';
/** A lead message still on its way when its turn arrives: retried by the bus for this long. */
const waitForMessageMs = 15_000;
export class MessageNotYetHere extends Error {}

/** BATON_AGENT: builtin (this service answers turns, the default) or external (an outside agent does, over HTTP). */
function agentMode(): 'builtin' | 'external' {
  const mode = process.env.BATON_AGENT ?? 'builtin';
  if (mode !== 'builtin' && mode !== 'external') throw new Error(`BATON_AGENT must be builtin or external, not ${mode}`);
  return mode;
}

@Controller()
export class AgentHandlers {
  private readonly model?: AnthropicAgent;
  private readonly external = agentMode() === 'external';

  constructor(private readonly transcripts: Transcripts, @Inject(EVENT_BUS) private readonly bus: EventBus, @Inject(LOGGER) logger: Logger) {
    // Anthropic writes the replies when configured; the scripted agent otherwise, and whenever the model fails.
    if (process.env.ANTHROPIC_API_KEY) {
      this.model = new AnthropicAgent({ apiKey: process.env.ANTHROPIC_API_KEY, baseURL: process.env.ANTHROPIC_BASE_URL, model: process.env.BATON_AGENT_MODEL, logger: logger.child({ service: 'ai-agent' }) });
    }
  }

  @OnEvent(transcriptGroup, MessageReceived)
  async onLead(@Payload() e: EventOf<typeof MessageReceived>) {
    await this.transcripts.add(e.tenantid, e.subject, { messageId: e.data.messageId, author: 'lead', text: e.data.body, at: e.data.receivedAt });
  }

  /** The AI's own lines and everything a rep said while the AI was away. */
  @OnEvent(transcriptGroup, MessageSent)
  async onSent(@Payload() e: EventOf<typeof MessageSent>) {
    if (e.data.author === 'system' || e.data.author === 'lead') return;
    await this.transcripts.add(e.tenantid, e.subject, { messageId: e.data.messageId, author: e.data.author, text: e.data.body, at: e.data.sentAt });
  }

  /** Speaks only when granted a turn, and only as its directive says. */
  @OnEvent(turnsGroup, TurnGranted)
  async onTurn(@Payload() e: EventOf<typeof TurnGranted>, @Ctx() context: EventContext) {
    // With an external agent, turns are answered through POST /v1/turns/{turnId}/reply instead.
    if (this.external) return;
    const transcript = await this.transcripts.read(e.tenantid, e.subject);
    if (!transcript.some((l) => l.messageId === e.data.inReplyTo) && Date.now() - Date.parse(e.data.at) < waitForMessageMs) {
      throw new MessageNotYetHere(`lead message ${e.data.inReplyTo} has not reached the agent yet`);
    }
    if (!(await this.transcripts.claim(e.data.turnId, e.tenantid, e.subject))) return;
    try {
      const request = { directive: e.data.directive, reason: e.data.reason, transcript, playbook: process.env.BATON_PLAYBOOK, offer: e.data.offer, meeting: e.data.meeting, now: e.data.at };
      const body = this.model ? (await this.model.reply(request)).body : scriptedReply(request);
      const command = newEvent(OutboundRequested, {
        id: derivedEventId(`reply:${e.data.turnId}`), subject: e.subject, tenantid: e.tenantid, source: '/baton/ai-agent', cause: e,
        data: { idempotencyKey: `ai:${e.data.turnId}`, author: 'ai', turnId: e.data.turnId, directive: e.data.directive, channel: 'sms', body },
      });
      await this.bus.publish(topics.outboundCommands, [{ key: command.subject, value: JSON.stringify(command) }]);
      context.log.info({ turnId: e.data.turnId, directive: e.data.directive }, 'turn answered');
    } catch (error) {
      await this.transcripts.release(e.data.turnId);
      throw error;
    }
  }
}
