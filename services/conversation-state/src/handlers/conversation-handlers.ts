import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  CallEnded, CallStarted, CloseRequested, HandBackRequested, LeadOptedIn, LeadOptedOut, MessageReceived, MessageSent, PauseRequested, ResumeRequested,
  SignalDetected, TakeOverRequested, type EventOf,
} from '@baton/contracts';
import type { EventContext } from '@baton/event-bus';
import { OnEvent } from '@baton/service-runtime';
import { ConversationStreams } from '../adapters/conversation-streams';
import { handoffContext, HandoffPolicies } from '../adapters/handoff-policies';
import { LiveCalls } from '../adapters/live-calls';
import { RepDirectory } from '../adapters/rep-directory';
import { repAvailableNow } from '../domain/rep-availability';
import { derivedId } from '../domain/conversation.wire';

const group = 'conversation-state';
type Decided = Awaited<ReturnType<ConversationStreams['decide']>>;
/** One line per decision that appended something: the driver after it and what was appended. */
export const logDecided = (context: EventContext, decided: Decided, what: string) => {
  if (decided.events.length > 0) context.log.info({ driver: decided.state.driver, appended: decided.events.map((e) => e.type) }, what);
};

/** Thin: each inbound kind becomes one command; the rules are in the decider. */
@Controller()
export class ConversationHandlers {
  constructor(
    private readonly streams: ConversationStreams,
    @Inject(HandoffPolicies) private readonly policies: HandoffPolicies,
    private readonly calls: LiveCalls,
    private readonly reps: RepDirectory,
  ) {}

  @OnEvent(group, MessageReceived)
  async onLeadMessage(@Payload() e: EventOf<typeof MessageReceived>, @Ctx() context: EventContext) {
    const { messageId, receivedAt, leadPhone, batonNumber, channel } = e.data;
    logDecided(context, await this.streams.decide(e.tenantid, e.subject, e, () => ({
      type: 'record-lead-message', messageId, at: receivedAt, lead: { leadPhone, batonNumber, channel },
    })), 'lead message recorded');
  }

  @OnEvent(group, SignalDetected)
  async onSignals(@Payload() e: EventOf<typeof SignalDetected>, @Ctx() context: EventContext) {
    const settings = await this.policies.settingsFor(e.tenantid);
    const onCall = await this.calls.onCall(e.tenantid, e.subject);
    // The mode is chosen from reps as heard from scheduling, at the signal's time, and recorded on handoff.triggered.
    const repAvailable = repAvailableNow(await this.reps.repsOf(e.tenantid), e.time);
    logDecided(context, await this.streams.decide(e.tenantid, e.subject, e, () => ({
      type: 'record-signals', messageId: e.data.messageId, signals: e.data.detections, at: e.time, turnId: derivedId(`turn:${e.id}`),
      policy: settings.policy, context: handoffContext(settings, e.time, { onLiveCall: onCall, repAvailable }),
    })), 'signals recorded');
  }

  /** Any human message in the thread hands the conversation to that rep, whoever sent it. */
  @OnEvent(group, MessageSent)
  async onMessageSent(@Payload() e: EventOf<typeof MessageSent>, @Ctx() context: EventContext) {
    if (e.data.author !== 'rep') return;
    const settings = await this.policies.settingsFor(e.tenantid);
    const repId = e.data.repId ?? 'unknown-rep';
    logDecided(context, await this.streams.decide(e.tenantid, e.subject, e, (state) =>
      state.driver === 'opted_out' || (state.driver === 'human' && state.repId === repId) ? undefined
        : { type: 'take-over', repId, via: 'human-message', at: e.data.sentAt, policy: settings.policy },
    ), 'human message took over');
  }

  @OnEvent(group, TakeOverRequested)
  async onTakeOver(@Payload() e: EventOf<typeof TakeOverRequested>, @Ctx() context: EventContext) {
    const settings = await this.policies.settingsFor(e.tenantid);
    logDecided(context, await this.streams.decide(e.tenantid, e.subject, e, () => ({
      type: 'take-over', repId: e.data.repId, repName: e.data.repName, via: 'claim', at: e.time, policy: settings.policy,
    })), 'rep took over');
  }

  @OnEvent(group, HandBackRequested)
  async onHandBack(@Payload() e: EventOf<typeof HandBackRequested>, @Ctx() context: EventContext) {
    logDecided(context, await this.streams.decide(e.tenantid, e.subject, e, () => ({
      type: 'hand-back', repId: e.data.repId, note: e.data.note, at: e.time, turnId: derivedId(`turn:${e.id}`),
    })), 'handed back');
  }

  @OnEvent(group, PauseRequested)
  async onPause(@Payload() e: EventOf<typeof PauseRequested>, @Ctx() context: EventContext) {
    logDecided(context, await this.streams.decide(e.tenantid, e.subject, e, () => ({ type: 'pause', actor: e.data.actor, reason: e.data.reason, at: e.time })), 'paused');
  }

  @OnEvent(group, ResumeRequested)
  async onResume(@Payload() e: EventOf<typeof ResumeRequested>, @Ctx() context: EventContext) {
    logDecided(context, await this.streams.decide(e.tenantid, e.subject, e, () => ({ type: 'resume', actor: e.data.actor, at: e.time })), 'resumed');
  }

  @OnEvent(group, CloseRequested)
  async onClose(@Payload() e: EventOf<typeof CloseRequested>, @Ctx() context: EventContext) {
    logDecided(context, await this.streams.decide(e.tenantid, e.subject, e, () => ({ type: 'close', actor: e.data.actor, reason: e.data.reason, at: e.time })), 'closed');
  }

  @OnEvent(group, LeadOptedOut)
  async onOptOut(@Payload() e: EventOf<typeof LeadOptedOut>, @Ctx() context: EventContext) {
    logDecided(context, await this.streams.decide(e.tenantid, e.subject, e, () => ({
      type: 'opt-out', channel: e.data.channel, messageId: e.data.messageId, source: e.data.source, at: e.data.at,
    })), 'lead opted out');
  }

  @OnEvent(group, LeadOptedIn)
  async onOptIn(@Payload() e: EventOf<typeof LeadOptedIn>, @Ctx() context: EventContext) {
    logDecided(context, await this.streams.decide(e.tenantid, e.subject, e, () => ({
      type: 'opt-in', channel: e.data.channel, messageId: e.data.messageId, source: e.data.source, at: e.data.at,
    })), 'lead opted in');
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
}
