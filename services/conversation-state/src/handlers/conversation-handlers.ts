import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  CallEnded,
  CallStarted,
  CloseRequested,
  HandBackRequested,
  LeadOptedIn,
  LeadOptedOut,
  MessageSent,
  PauseRequested,
  ResumeRequested,
  SignalDetected,
  TakeOverRequested,
  TransferFailed,
  type CloudEvent,
  type EventOf,
  turnIdFor,
} from '@baton/contracts';
import { isDomainError } from '@baton/decider';
import { permanentReason, type EventContext } from '@baton/event-bus';
import type { Sql } from '@baton/sql';
import { OnEvent, SQL } from '@baton/service-runtime';
import { CommandOutcomes } from '../adapters/command-outcomes';
import { ConversationStreams, type Decided } from '../adapters/conversation-streams';
import { handoffContext, HandoffPolicies } from '../adapters/handoff-policies';
import { LiveCalls } from '../adapters/live-calls';
import type { Conversation, ConversationCommand } from '../domain/conversation.decider';
import { RepDirectory } from '../adapters/rep-directory';
import { repAvailableNow } from '../domain/rep-availability';

const group = 'conversation-state';
/** One line per decision that appended something: the driver after it and what was appended. */
export const logDecided = (context: EventContext, decided: Decided, what: string) => {
  if (decided.events.length > 0)
    context.log.info({ driver: decided.state.driver, appended: decided.events.map((e) => e.type) }, what);
};

/** Thin: each inbound kind becomes one command, decided in the batch's transaction; the rules are in the decider. */
@Controller()
export class ConversationHandlers {
  constructor(
    private readonly streams: ConversationStreams,
    @Inject(HandoffPolicies) private readonly policies: HandoffPolicies,
    private readonly calls: LiveCalls,
    private readonly outcomes: CommandOutcomes,
    @Inject(SQL) private readonly sql: Sql,
    private readonly reps: RepDirectory,
  ) {}

  /** A lead message with its signals: recorded together, then at most one turn, which carries the thread. */
  @OnEvent(group, SignalDetected)
  async onSignals(@Payload() e: EventOf<typeof SignalDetected>, @Ctx() context: EventContext) {
    const settings = await this.policies.settingsFor(e.tenantid);
    const onCall = await this.calls.onCall(e.tenantid, e.subject);
    const { message } = e.data;
    const lines = [
      ...message.recent,
      { author: 'lead' as const, text: message.text, at: message.receivedAt, messageId: e.data.messageId },
    ];
    // The mode is chosen from reps as heard from scheduling, at the message's time, and recorded on handoff.triggered.
    const repAvailable = repAvailableNow(await this.reps.repsOf(e.tenantid), message.receivedAt);
    logDecided(
      context,
      await this.streams.decide(context.tx, e.tenantid, e.subject, e, () => ({
        type: 'record-signals',
        messageId: e.data.messageId,
        signals: e.data.detections,
        at: message.receivedAt,
        turnId: turnIdFor(e.id),
        policy: settings.policy,
        context: handoffContext(settings, message.receivedAt, { onLiveCall: onCall, repAvailable }),
        lead: {
          leadPhone: message.leadPhone,
          batonNumber: message.batonNumber,
          channel: message.channel,
          ...(message.vertical ? { vertical: message.vertical } : {}),
        },
        lines,
        ...(e.data.identityQuestion ? { identityQuestion: e.data.identityQuestion } : {}),
      })),
      'lead message recorded',
    );
  }

  /** Any human message in the thread hands the conversation to that rep, whoever sent it. */
  @OnEvent(group, MessageSent)
  async onMessageSent(@Payload() e: EventOf<typeof MessageSent>, @Ctx() context: EventContext) {
    if (e.data.author !== 'rep') return;
    const settings = await this.policies.settingsFor(e.tenantid);
    const repId = e.data.repId ?? 'unknown-rep';
    logDecided(
      context,
      await this.streams.decide(context.tx, e.tenantid, e.subject, e, (state) =>
        state.driver === 'opted_out' || (state.driver === 'human' && state.repId === repId)
          ? undefined
          : { type: 'take-over', repId, via: 'human-message', at: e.data.sentAt, policy: settings.policy },
      ),
      'human message took over',
    );
  }

  @OnEvent(group, TakeOverRequested)
  async onTakeOver(@Payload() e: EventOf<typeof TakeOverRequested>, @Ctx() context: EventContext) {
    const settings = await this.policies.settingsFor(e.tenantid);
    const via = e.data.via === 'warm_transfer' ? ('warm-transfer' as const) : ('claim' as const);
    await this.command(
      e,
      context,
      () => ({
        type: 'take-over',
        repId: e.data.repId,
        repName: e.data.repName,
        via,
        at: e.time,
        policy: settings.policy,
      }),
      'rep took over',
    );
  }

  @OnEvent(group, HandBackRequested)
  async onHandBack(@Payload() e: EventOf<typeof HandBackRequested>, @Ctx() context: EventContext) {
    await this.command(
      e,
      context,
      () => ({
        type: 'hand-back',
        repId: e.data.repId,
        note: e.data.note,
        at: e.time,
        turnId: turnIdFor(e.id),
      }),
      'handed back',
    );
  }

  @OnEvent(group, PauseRequested)
  async onPause(@Payload() e: EventOf<typeof PauseRequested>, @Ctx() context: EventContext) {
    await this.command(
      e,
      context,
      () => ({ type: 'pause', actor: e.data.actor, reason: e.data.reason, at: e.time }),
      'paused',
    );
  }

  @OnEvent(group, ResumeRequested)
  async onResume(@Payload() e: EventOf<typeof ResumeRequested>, @Ctx() context: EventContext) {
    await this.command(e, context, () => ({ type: 'resume', actor: e.data.actor, at: e.time }), 'resumed');
  }

  @OnEvent(group, CloseRequested)
  async onClose(@Payload() e: EventOf<typeof CloseRequested>, @Ctx() context: EventContext) {
    await this.command(
      e,
      context,
      () => ({ type: 'close', actor: e.data.actor, reason: e.data.reason, at: e.time }),
      'closed',
    );
  }

  @OnEvent(group, LeadOptedOut)
  async onOptOut(@Payload() e: EventOf<typeof LeadOptedOut>, @Ctx() context: EventContext) {
    logDecided(
      context,
      await this.streams.decide(context.tx, e.tenantid, e.subject, e, () => ({
        type: 'opt-out',
        channel: e.data.channel,
        messageId: e.data.messageId,
        source: e.data.source,
        at: e.data.at,
      })),
      'lead opted out',
    );
  }

  @OnEvent(group, LeadOptedIn)
  async onOptIn(@Payload() e: EventOf<typeof LeadOptedIn>, @Ctx() context: EventContext) {
    logDecided(
      context,
      await this.streams.decide(context.tx, e.tenantid, e.subject, e, () => ({
        type: 'opt-in',
        channel: e.data.channel,
        messageId: e.data.messageId,
        source: e.data.source,
        at: e.data.at,
      })),
      'lead opted in',
    );
  }

  /** A live call makes warm transfer the mode a handoff takes (when a rep is there). */
  @OnEvent(group, CallStarted)
  async onCallStarted(@Payload() e: EventOf<typeof CallStarted>) {
    await this.calls.started(e.tenantid, e.subject, e.data.callSid, e.time);
  }

  @OnEvent(group, CallEnded)
  async onCallEnded(@Payload() e: EventOf<typeof CallEnded>) {
    await this.calls.ended(e.tenantid, e.subject, e.data.callSid);
  }

  /** No rep could take the call: the handoff goes on as a booking, on the call the AI is back on. */
  @OnEvent(group, TransferFailed)
  async onTransferFailed(@Payload() e: EventOf<typeof TransferFailed>, @Ctx() context: EventContext) {
    logDecided(
      context,
      await this.streams.decide(context.tx, e.tenantid, e.subject, e, () => ({
        type: 'fall-back-to-booking',
        reason: e.data.reason,
        at: e.time,
      })),
      'warm transfer fell back to booking',
    );
  }

  /**
   * A request to change who drives: decided in a savepoint, and its outcome recorded in the batch whatever it
   * is (applied, unchanged, refused with the rule's code, or failed with the cause and dead-lettered), so the
   * caller learns it; a refusal or bad input never holds up the partition.
   */
  private async command(
    e: CloudEvent,
    context: EventContext,
    command: (state: Conversation) => ConversationCommand,
    what: string,
  ): Promise<void> {
    const record = (outcome: Parameters<CommandOutcomes['decided']>[5]) =>
      this.outcomes.decided(context.tx, e.tenantid, e.id, e.subject, e.type, outcome);
    try {
      const decided = await this.sql.transaction((tx) => this.streams.decide(tx, e.tenantid, e.subject, e, command));
      logDecided(context, decided, what);
      await record({
        status: decided.events.length > 0 ? 'applied' : 'unchanged',
        events: decided.events.map((ev) => ev.type),
      });
    } catch (error) {
      if (isDomainError(error)) {
        context.log.warn({ type: e.type, code: error.code, reason: error.message }, 'command refused');
        await record({ status: 'refused', code: error.code, detail: error.message });
        return;
      }
      const permanent = permanentReason(error);
      if (permanent === undefined) throw error; // may pass: the batch is taken again
      await record({ status: 'failed', code: 'not-recordable', detail: permanent });
      context.deadLetter(permanent);
    }
  }
}
