import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  CallRequested,
  derivedEventId,
  newEvent,
  OutboundRequested,
  topics,
  TurnGranted,
  type EventOf,
} from '@baton/contracts';
import type { EventContext } from '@baton/event-bus';
import { ENV, LOGGER, OnEvent, type Logger } from '@baton/service-runtime';
import { AnthropicAgent } from '../adapters/anthropic-agent';
import { asksForACall } from '../domain/call-move';
import { scriptedReply, warmTransferLine, type Line } from '../domain/scripted-agent';

const turnsGroup = 'ai-agent-turns';

/** BATON_AGENT: builtin (this service answers turns, the default) or external (an outside agent does, over HTTP). */
function agentMode(env: NodeJS.ProcessEnv): 'builtin' | 'external' {
  const mode = env.BATON_AGENT ?? 'builtin';
  if (mode !== 'builtin' && mode !== 'external')
    throw new Error(`BATON_AGENT must be builtin or external, not ${mode}`);
  return mode;
}

/**
 * Speaks only when granted a turn, and only as its directive says. The turn carries the thread up to the
 * message it answers, so the agent keeps nothing and never waits for another topic. Its reply's id and
 * idempotency key derive from the turn: a redelivered turn is answered at most once at the gate.
 */
@Controller()
export class AgentHandlers {
  private readonly model?: AnthropicAgent;
  private readonly external: boolean;
  private readonly playbook?: string;

  constructor(@Inject(LOGGER) logger: Logger, @Inject(ENV) env: NodeJS.ProcessEnv) {
    this.external = agentMode(env) === 'external';
    this.playbook = env.BATON_PLAYBOOK;
    // Anthropic writes the replies when configured; the scripted agent otherwise, and whenever the model fails.
    if (env.ANTHROPIC_API_KEY) {
      this.model = new AnthropicAgent({
        apiKey: env.ANTHROPIC_API_KEY,
        baseURL: env.ANTHROPIC_BASE_URL,
        model: env.BATON_AGENT_MODEL,
        logger: logger.child({ service: 'ai-agent' }),
      });
    }
  }

  @OnEvent(turnsGroup, TurnGranted)
  async onTurn(@Payload() e: EventOf<typeof TurnGranted>, @Ctx() context: EventContext) {
    // With an external agent, turns are answered through POST /v1/turns/{turnId}/reply instead.
    if (this.external) return;
    const transcript: Line[] = (e.data.lines ?? []).flatMap((l) =>
      l.author === 'system' ? [] : [{ author: l.author, text: l.text }],
    );
    const request = {
      directive: e.data.directive,
      reason: e.data.reason,
      transcript,
      playbook: this.playbook,
      offer: e.data.offer,
      meeting: e.data.meeting,
      now: e.data.at,
      mode: e.data.mode,
    };
    // The warm transfer's line is fixed: the lead hears it on the call, and then the hold music.
    const warm = e.data.directive === 'handoff_transition' && e.data.mode === 'warm_transfer';
    const body = warm ? warmTransferLine : this.model ? (await this.model.reply(request)).body : scriptedReply(request);
    context.publish(topics.outboundCommands, [
      newEvent(OutboundRequested, {
        id: derivedEventId(`reply:${e.data.turnId}`),
        subject: e.subject,
        tenantid: e.tenantid,
        source: '/baton/ai-agent',
        cause: e,
        data: {
          idempotencyKey: `ai:${e.data.turnId}`,
          author: 'ai',
          turnId: e.data.turnId,
          // The grant's own revision: the gate waits for it however late the grant is, and never past it.
          ...(e.sequence !== undefined ? { turnSequence: e.sequence } : {}),
          directive: e.data.directive,
          channel: 'sms',
          body,
        },
      }),
    ]);
    // The lead asked to be called: the call is requested too (the gateway places it under the call rules, or refuses).
    const latest = (e.data.lines ?? []).at(-1);
    const call = e.data.directive === 'qualify' && latest?.author === 'lead' && asksForACall(latest.text);
    if (call) {
      context.publish(topics.outboundCommands, [
        newEvent(CallRequested, {
          id: derivedEventId(`call:${e.data.turnId}`),
          subject: e.subject,
          tenantid: e.tenantid,
          source: '/baton/ai-agent',
          cause: e,
          data: { idempotencyKey: `ai-call:${e.data.turnId}`, author: 'ai', reason: 'the lead asked to be called' },
        }),
      ]);
    }
    context.log.info({ turnId: e.data.turnId, directive: e.data.directive, call }, 'turn answered');
  }
}
