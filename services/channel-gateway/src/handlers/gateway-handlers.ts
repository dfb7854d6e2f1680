import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  BriefReady,
  BriefUpdated,
  CallRequested,
  HandoffTriggered,
  OutboundRequested,
  parseCatalogued,
  RepUpdated,
  topics,
  type CloudEvent,
  type EventOf,
} from '@baton/contracts';
import type { EventContext } from '@baton/event-bus';
import { CLOCK, OnEvent, type Clock } from '@baton/service-runtime';
import { SendGateStore } from '../adapters/send-gate-store';
import { Sender } from '../adapters/sender';
import { CallStore } from '../adapters/call-store';
import { RelaySessions } from '../adapters/relay-sessions';
import { RepRoster } from '../adapters/rep-roster';
import { VoiceCalls } from '../adapters/voice-calls';
import { WarmTransfers } from '../adapters/warm-transfers';
import { evolveFence, grantsMayReleaseParked, turnNotYetKnown, type FenceFact } from '../domain/send-gate';

// Two groups, so two fetch loops: sends never hold up the conversation facts that move the fence.
const sendsGroup = 'channel-gateway-sends';
const fenceGroup = 'channel-gateway-fence';
const callsGroup = 'channel-gateway-calls';

/** What each conversation fact means for the fence (the fact checked against its contract first). */
export function fenceFactsOf(event: CloudEvent): FenceFact[] {
  const fact = parseCatalogued(event);
  const data = fact.data as { turnId?: string; directive?: never; inReplyTo?: string };
  switch (fact.type) {
    case 'baton.conversations.turn.granted.v1':
      return [{ type: 'turn.granted', turnId: data.turnId!, directive: data.directive!, inReplyTo: data.inReplyTo }];
    case 'baton.conversations.lead-message.recorded.v1':
      return [{ type: 'lead-message.recorded' }];
    case 'baton.conversations.handoff.triggered.v1':
      return [{ type: 'handoff.triggered' }];
    case 'baton.conversations.human.took-over.v1':
      return [{ type: 'driver.changed', driver: 'human' }];
    case 'baton.conversations.handed-back.v1':
      return [{ type: 'handed-back' }];
    case 'baton.conversations.ai.paused.v1':
      return [{ type: 'driver.changed', driver: 'paused' }];
    case 'baton.conversations.ai.resumed.v1':
      return [{ type: 'driver.changed', driver: 'ai' }];
    case 'baton.conversations.opted-out.v1':
      return [{ type: 'driver.changed', driver: 'opted_out' }];
    case 'baton.conversations.opted-in.v1':
      return [{ type: 'driver.changed', driver: 'paused' }];
    default:
      return [];
  }
}

@Controller()
export class GatewayHandlers {
  constructor(
    private readonly sender: Sender,
    private readonly gate: SendGateStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly relay: RelaySessions,
    private readonly transfers: WarmTransfers,
    private readonly voice: VoiceCalls,
    private readonly roster: RepRoster,
    private readonly calls: CallStore,
  ) {}

  @OnEvent(sendsGroup, OutboundRequested)
  async onOutbound(@Payload() e: EventOf<typeof OutboundRequested>, @Ctx() context: EventContext) {
    // An AI line goes where the lead is: over the live AI call while there is one, else as asked.
    const channel = e.data.author === 'ai' && (await this.relay.live(e.tenantid, e.subject)) ? 'voice' : e.data.channel;
    const outcome = await this.sender.request(
      {
        tenantId: e.tenantid,
        conversationId: e.subject,
        idempotencyKey: e.data.idempotencyKey,
        author: e.data.author,
        repId: e.data.repId,
        turnId: e.data.turnId,
        ...(e.data.turnSequence !== undefined ? { turnSequence: e.data.turnSequence } : {}),
        channel,
        body: e.data.body,
      },
      e,
      context.tx,
    );
    context.log.debug({ sendId: outcome.sendId, status: outcome.status, repeated: outcome.repeated }, 'send requested');
  }

  /** An AI call to the lead (the agent's call move, or a rep's request): placed under the call rules, or refused. */
  @OnEvent(sendsGroup, CallRequested)
  async onCallRequested(@Payload() e: EventOf<typeof CallRequested>, @Ctx() context: EventContext) {
    const outcome = await this.voice.place(
      {
        tenantId: e.tenantid,
        conversationId: e.subject,
        idempotencyKey: e.data.idempotencyKey,
        author: e.data.author,
        reason: e.data.reason,
      },
      e,
    );
    context.log.info(
      { outcome: outcome.kind, ...(outcome.kind === 'refused' ? { reason: outcome.reason } : {}) },
      'call requested',
    );
  }

  /** What warm transfers need from other services: who can take a call (scheduling), the brief's spoken summary (briefing). */
  @OnEvent(callsGroup, RepUpdated)
  async onRep(@Payload() e: EventOf<typeof RepUpdated>, @Ctx() context: EventContext) {
    await this.roster.updated(context.tx, e.tenantid, e.data);
  }

  /**
   * The brief's spoken summary, for the whisper: brief.updated while the handoff waits for a rep (the rep of a warm
   * transfer answers seconds after the trigger), brief.ready once delivered. Only a newer version replaces it.
   */
  @OnEvent(callsGroup, BriefUpdated)
  async onBriefUpdated(@Payload() e: EventOf<typeof BriefUpdated>, @Ctx() context: EventContext) {
    await this.spokenBrief(e, context);
  }

  @OnEvent(callsGroup, BriefReady)
  async onBrief(@Payload() e: EventOf<typeof BriefReady>, @Ctx() context: EventContext) {
    await this.spokenBrief(e, context);
  }

  private async spokenBrief(
    e: { tenantid: string; subject: string; data: { version: number; spokenSummary?: string } },
    context: EventContext,
  ) {
    const kept = await this.calls.setSpokenBrief(context.tx, e.tenantid, e.subject, {
      version: e.data.version,
      ...(e.data.spokenSummary ? { spokenSummary: e.data.spokenSummary } : {}),
    });
    context.log.debug(
      { briefVersion: e.data.version, spoken: Boolean(e.data.spokenSummary), kept },
      'spoken brief noted',
    );
  }

  /**
   * Conversation facts move the fence, each once and in order (a fact at or below the last revision applied
   * changes nothing). A reply parked for its turn goes once the turn is known; a claimed takeover's
   * announcement is sent to the lead from here, through the same gate.
   */
  @OnEvent(fenceGroup, topics.conversations)
  async onConversationFact(@Payload() e: CloudEvent, @Ctx() context: EventContext) {
    const facts = fenceFactsOf(e);
    const announcement =
      e.type === 'baton.conversations.human.took-over.v1'
        ? (e.data as { announcement?: string }).announcement
        : undefined;
    if (facts.length === 0 && !announcement) return;
    const sequence = e.sequence === undefined ? undefined : Number(e.sequence);
    const before = await this.gate.lockFence(context.tx, e.tenantid, e.subject);
    if (sequence !== undefined && before.lastSequence !== undefined && sequence <= before.lastSequence) return;
    let fence = {
      ...facts.reduce(evolveFence, before),
      ...(sequence !== undefined ? { lastSequence: sequence } : {}),
    };
    const now = this.clock.now().toISOString();
    // A parked reply waits for its turn's grant: only a grant of a turn a reply waits for can release one.
    const granted = facts.flatMap((f) => (f.type === 'turn.granted' ? [f.turnId] : []));
    if (grantsMayReleaseParked(before, granted)) {
      const stillParked: string[] = [];
      for (const parked of await this.gate.awaitingTurn(context.tx, e.tenantid, e.subject)) {
        if (turnNotYetKnown(fence, parked.turnId)) {
          stillParked.push(parked.turnId!);
          continue;
        }
        // Its turn is known now: decided (and sent, or refused) as the fence is at the moment of sending.
        await this.gate.setStatus(context.tx, parked.sendId, 'ready', now);
        context.afterCommit(async () => this.sender.schedule(parked.sendId, e.tenantid, e.subject, parked));
      }
      fence = evolveFence(fence, { type: 'parked.looked-up', turnIds: stillParked });
    }
    await this.gate.saveFence(context.tx, e.tenantid, e.subject, fence);
    // A warm transfer on a live call waits for the transition line: opened here, before the turn that carries the
    // line can reach the gate (the same stream, in order).
    if (e.type === HandoffTriggered.type)
      await this.transfers.onHandoff(context.tx, parseCatalogued(e) as EventOf<typeof HandoffTriggered>);
    // A rep who claims the conversation while the AI is on a call with the lead is brought onto the call.
    const onCall =
      e.type === 'baton.conversations.human.took-over.v1' &&
      (await this.relay.live(e.tenantid, e.subject)) &&
      (await this.transfers.repTookOverOnCall(
        context.tx,
        e.tenantid,
        e.subject,
        (e.data as { repId: string }).repId,
        `announce:${e.id}`,
      ));
    if (announcement) {
      // The lead sees (or, on a call, hears) the change of voice, once per fact.
      await this.sender.request(
        {
          tenantId: e.tenantid,
          conversationId: e.subject,
          idempotencyKey: `announce:${e.id}`,
          author: 'system',
          channel: onCall ? 'voice' : 'sms',
          body: announcement,
        },
        e,
        context.tx,
      );
    }
    context.log.debug({ type: e.type, driver: fence.driver, humanSpoke: fence.humanSpoke, sequence }, 'fence moved');
  }
}
