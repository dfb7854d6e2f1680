import { Inject, Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import {
  CallParticipantUpdated,
  derivedEventId,
  newEvent,
  type EventOf,
  type HandoffTriggered,
  TakeOverRequested,
  topics,
  TransferConnected,
  TransferFailed,
  TransferRequested,
  type CloudEvent,
} from '@baton/contracts';
import { busMessage, type EventBus } from '@baton/event-bus';
import type { Sql, SqlQueryable, Transaction } from '@baton/sql';
import { CLOCK, EVENT_BUS, LOGGER, Metrics, SQL, type Clock, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import {
  aiOnTheLine,
  conferenceName,
  leadOnHold,
  relayUrlOf,
  repDeclined,
  repJoins,
  whisperToRep,
  hangUp,
} from '../domain/call-twiml';
import { nextStep, repLegOutcome, whisperFor, type Transfer } from '../domain/warm-transfer';
import type { Directive } from '../domain/send-gate';
import { CALL_CONTROL, type CallControl } from './call-control';
import { CallStore } from './call-store';
import { relayChannel, RelaySessions } from './relay-sessions';
import { RepRoster } from './rep-roster';
import type { CallLine } from './sender';
import type { SendRow } from './send-gate-store';

const source = '/baton/channel-gateway';

/**
 * The warm transfer, on a live AI call. handoff.triggered (warm_transfer) while the lead is on a call opens a
 * transfer waiting for the AI's transition line; once that line is said, the relay session ends with
 * handoffData, the lead waits in a conference with hold music (their leaving ends it) and the reps are dialled
 * one after the other, each hearing a whisper the lead does not (the brief's spoken summary, or the handoff's
 * reason and what the lead said) and joining with a key. The rep's join is a take-over (human.took-over).
 * Ring timeout, voicemail (answering-machine detection) or a decline try the next rep; with none left the AI
 * comes back on the line and offers a booking or a callback (transfer.failed; conversation-state books).
 */
@Injectable()
export class WarmTransfers implements CallLine {
  private readonly triggerToRep: Histogram;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly calls: CallStore,
    private readonly relay: RelaySessions,
    private readonly roster: RepRoster,
    @Inject(CALL_CONTROL) private readonly control: CallControl,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.triggerToRep = new Histogram({
      name: 'baton_warm_transfer_trigger_to_rep_seconds',
      help: 'Warm transfer: from the handoff trigger to the rep on the line',
      buckets: [2, 5, 10, 15, 20, 30, 45, 60, 90],
      registers: [metrics.registry],
    });
  }

  private get urls() {
    return { publicUrl: this.config.BATON_PUBLIC_URL ?? '', relayUrl: relayUrlOf(this.config.BATON_PUBLIC_URL ?? '') };
  }

  /** handoff.triggered: a warm transfer on the call the lead is on now waits for the AI's transition line. */
  async onHandoff(tx: Transaction, e: EventOf<typeof HandoffTriggered>): Promise<void> {
    if (e.data.mode !== 'warm_transfer') return;
    const call = await this.calls.live(tx, e.tenantid, e.subject);
    if (!call) return;
    const transfer: Transfer & { signal?: string; evidence?: string } = {
      transferId: derivedEventId(`transfer:${e.id}`),
      leadCallSid: call.callSid,
      triggeredAt: e.data.at ?? e.time,
      attempt: 0,
      status: 'awaiting_transition',
      reps: await this.roster.repsFor(tx, e.tenantid),
      signal: e.data.signals[0]?.signal,
      evidence: e.data.signals[0]?.evidence.text.slice(0, 200),
    };
    await this.calls.saveTransfer(tx, e.tenantid, e.subject, transfer, this.clock.now().toISOString());
    this.logger.info(
      {
        service: 'channel-gateway',
        conversationId: e.subject,
        tenantId: e.tenantid,
        transferId: transfer.transferId,
        reps: transfer.reps.length,
      },
      'warm transfer waiting for the transition line',
    );
  }

  /**
   * A rep took over (at the console) while the AI is on a call with the lead: the rep is brought onto the call once
   * the take-over's announcement is said (with no phone known for them, the call ends with a promise to follow up).
   * False when there is no call to bring them onto, or a rep already joined it.
   */
  async repTookOverOnCall(
    tx: Transaction,
    tenantId: string,
    conversationId: string,
    repId: string,
    announcementSendId: string,
  ): Promise<boolean> {
    const call = await this.calls.live(tx, tenantId, conversationId);
    if (!call) return false;
    const { rows } = await tx.query<{ n: string }>(
      `SELECT count(*) AS n FROM gateway_transfers WHERE lead_call_sid = $1 AND transfer->>'status' IN ('dialling', 'connected')`,
      [call.callSid],
    );
    if (Number(rows[0]!.n) > 0) return false;
    const rep = await this.roster.phoneOf(tx, tenantId, repId);
    const transfer: Transfer = {
      transferId: derivedEventId(`take-over-transfer:${announcementSendId}`),
      leadCallSid: call.callSid,
      triggeredAt: this.clock.now().toISOString(),
      attempt: 0,
      status: 'awaiting_transition',
      reps: rep ? [{ repId, phone: rep }] : [],
      transitionSendId: announcementSendId,
      takeOver: true,
    };
    await this.calls.saveTransfer(tx, tenantId, conversationId, transfer, this.clock.now().toISOString());
    return true;
  }

  /**
   * A voice line: said on the call by the gateway process that holds its relay socket (this one, or another one
   * told through PostgreSQL NOTIFY); the AI's transition line then ends its session, and the transfer begins.
   */
  async say(row: SendRow, directive: Directive | undefined): Promise<{ providerSid: string }> {
    if (!this.relay.holds(row.tenantId, row.conversationId)) {
      const elsewhere = await this.calls.relayOf(row.tenantId, row.conversationId);
      if (elsewhere && elsewhere.owner !== this.relay.instanceId) {
        await this.calls.notify(
          relayChannel,
          JSON.stringify({
            owner: elsewhere.owner,
            tenantId: row.tenantId,
            conversationId: row.conversationId,
            row,
            directive,
          }),
        );
        return { providerSid: `${elsewhere.callSid}:${row.sendId}`.slice(0, 64) };
      }
    }
    return this.sayHere(row, directive);
  }

  /** Says the line on a relay socket this process holds. */
  async sayHere(row: SendRow, directive: Directive | undefined): Promise<{ providerSid: string }> {
    const said = await this.relay.speak(row.tenantId, row.conversationId, row.body);
    const pending = await this.calls.awaitingTransition(this.sql, said.callSid);
    const starts =
      pending &&
      (pending.transitionSendId ? pending.transitionSendId === row.sendId : directive === 'handoff_transition');
    if (starts && pending.takeOver && pending.reps.length === 0) {
      // Nobody to bring onto the call: it ends with the promise, and the rep goes on in the thread.
      this.relay.end(row.tenantId, row.conversationId, { reason: 'rep_took_over' });
      await this.calls.saveTransfer(
        this.sql,
        row.tenantId,
        row.conversationId,
        { ...pending, status: 'failed', reason: 'no phone for the rep' },
        this.clock.now().toISOString(),
      );
    } else if (starts) {
      this.relay.end(row.tenantId, row.conversationId, { reason: 'warm_transfer', transferId: pending.transferId });
      await this.beginDialling(pending.transferId);
    }
    return { providerSid: `${said.callSid}:${row.sendId}`.slice(0, 64) };
  }

  /**
   * The first rep is dialled once, whichever comes first: the transition line said, or Twilio asking the Connect
   * action (after a crash between the two, the lead on hold is not left waiting for a dial that never comes).
   */
  private async beginDialling(transferId: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const transfer = await this.calls.transfer(tx, transferId, true);
      if (transfer?.status !== 'awaiting_transition') return;
      const { tenantId, conversationId, ...state } = transfer;
      await this.dialNext(tx, tenantId, conversationId, { ...state, status: 'dialling' });
    });
  }

  /** The Connect action: the relay session ended. With a transfer's handoffData the lead waits in its conference. */
  async relayEnded(handoffData: string | undefined, callSid: string): Promise<string> {
    let transferId: string | undefined;
    try {
      transferId = handoffData ? (JSON.parse(handoffData) as { transferId?: string }).transferId : undefined;
    } catch {
      transferId = undefined;
    }
    const transfer = transferId ? await this.calls.transfer(this.sql, transferId) : undefined;
    if (transfer && transfer.leadCallSid === callSid) {
      if (transfer.status === 'failed')
        return transfer.takeOver
          ? hangUp(this.config.BATON_TAKE_OVER_GOODBYE)
          : aiOnTheLine(this.urls, callSid, this.config.BATON_TRANSFER_FALLBACK_GREETING);
      if (transfer.status === 'awaiting_transition') await this.beginDialling(transfer.transferId);
      return leadOnHold(this.urls, transfer.transferId, this.config.BATON_HOLD_MUSIC_URL);
    }
    let reason: string | undefined;
    try {
      reason = handoffData ? (JSON.parse(handoffData) as { reason?: string }).reason : undefined;
    } catch {
      reason = undefined;
    }
    if (reason === 'rep_took_over') return hangUp(this.config.BATON_TAKE_OVER_GOODBYE);
    return hangUp();
  }

  /** The lead hung up: a transfer under way ends there (its ringing rep leg is hung up; nobody is waiting). */
  async leadHungUp(tx: Transaction, tenantId: string, conversationId: string, leadCallSid: string): Promise<void> {
    for (const transfer of await this.calls.openTransfers(tx, leadCallSid)) {
      await this.calls.saveTransfer(
        tx,
        tenantId,
        conversationId,
        { ...transfer, status: 'failed', reason: 'the lead hung up' },
        this.clock.now().toISOString(),
      );
      this.publish(
        tx,
        topics.calls,
        newEvent(TransferFailed, {
          id: derivedEventId(`transfer-failed:${transfer.transferId}`),
          subject: conversationId,
          tenantid: tenantId,
          source,
          data: {
            callSid: leadCallSid,
            transferId: transfer.transferId,
            reason: 'the lead hung up',
            attempts: transfer.attempt,
          },
        }),
      );
      const leg = transfer.status === 'dialling' ? transfer.repCallSid : undefined;
      if (leg)
        tx.afterCommit(() =>
          this.control
            .hangUp(leg)
            .catch((error: unknown) => this.logger.warn({ err: error, repCallSid: leg }, 'rep leg hang-up failed')),
        );
    }
  }

  /** The rep's leg answered: the whisper, then the key to join (a voicemail goes to the next rep). */
  async whisper(
    transferId: string,
    attempt: number,
    answeredBy: string | undefined,
    repCallSid: string,
  ): Promise<string> {
    if (answeredBy && /^(machine|fax)/.test(answeredBy)) {
      await this.repLegSettled(transferId, attempt, repCallSid, 'voicemail');
      return hangUp();
    }
    const transfer = await this.calls.transfer(this.sql, transferId);
    if (!transfer || transfer.attempt !== attempt || transfer.status !== 'dialling')
      return hangUp('This caller is no longer waiting.');
    const extra = transfer as Transfer & { signal?: string; evidence?: string };
    const text = whisperFor({
      spokenSummary: await this.calls.spokenBrief(this.sql, transfer.tenantId, transfer.conversationId),
      reason: extra.signal,
      evidence: extra.evidence,
      leadLines: await this.calls.leadLines(transfer.leadCallSid),
    });
    return whisperToRep(this.urls, transferId, attempt, text, this.config.BATON_TRANSFER_ACCEPT_DIGIT);
  }

  /** The rep pressed a key (or none): the accept key joins them; anything else is a decline. */
  async repAccept(
    transferId: string,
    attempt: number,
    digits: string | undefined,
    repCallSid: string,
  ): Promise<string> {
    const transfer = await this.calls.transfer(this.sql, transferId);
    if (!transfer || transfer.attempt !== attempt || transfer.status !== 'dialling')
      return hangUp('This caller is no longer waiting.');
    if (digits === this.config.BATON_TRANSFER_ACCEPT_DIGIT) return repJoins(this.urls, transferId);
    await this.repLegSettled(transferId, attempt, repCallSid, 'declined');
    return repDeclined();
  }

  /** Conference, participant and rep-leg status callbacks of a transfer. */
  async status(
    transferId: string,
    role: 'lead' | 'rep',
    attempt: number | undefined,
    params: {
      CallSid?: string;
      CallStatus?: string;
      AnsweredBy?: string;
      StatusCallbackEvent?: string;
      ConferenceSid?: string;
    },
  ): Promise<void> {
    const event = params.StatusCallbackEvent;
    if (event) {
      await this.sql.transaction(async (tx) => {
        const transfer = await this.calls.transfer(tx, transferId, true);
        if (!transfer) return;
        const eventKey = `${transferId}:${event}:${params.CallSid ?? ''}`;
        this.publish(
          tx,
          topics.calls,
          newEvent(CallParticipantUpdated, {
            id: derivedEventId(`participant:${eventKey}`),
            subject: transfer.conversationId,
            tenantid: transfer.tenantId,
            source,
            data: {
              callSid: transfer.leadCallSid,
              transferId,
              event,
              role,
              ...(params.CallSid ? { participantCallSid: params.CallSid } : {}),
              ...(params.ConferenceSid ? { conferenceSid: params.ConferenceSid } : {}),
              ...(role === 'rep' && transfer.attempt > 0 ? { repId: transfer.reps[transfer.attempt - 1]?.repId } : {}),
            },
          }),
        );
        if (event === 'participant-join' && role === 'rep' && transfer.status === 'dialling')
          await this.connected(tx, transfer, params.CallSid);
      });
      return;
    }
    if (role !== 'rep' || !params.CallSid || attempt === undefined) return;
    const outcome = repLegOutcome(params.CallStatus, params.AnsweredBy);
    if (outcome) await this.repLegSettled(transferId, attempt, params.CallSid, outcome);
  }

  private async connected(
    tx: Transaction,
    transfer: Transfer & { tenantId: string; conversationId: string },
    repCallSid: string | undefined,
  ): Promise<void> {
    const rep = transfer.reps[transfer.attempt - 1]!;
    const ms = Math.max(0, this.clock.now().getTime() - Date.parse(transfer.triggeredAt));
    await this.calls.saveTransfer(
      tx,
      transfer.tenantId,
      transfer.conversationId,
      { ...transfer, status: 'connected', ...(repCallSid ? { repCallSid } : {}) },
      this.clock.now().toISOString(),
    );
    this.triggerToRep.observe(ms / 1000);
    const connected = newEvent(TransferConnected, {
      id: derivedEventId(`transfer-connected:${transfer.transferId}`),
      subject: transfer.conversationId,
      tenantid: transfer.tenantId,
      source,
      data: {
        callSid: transfer.leadCallSid,
        transferId: transfer.transferId,
        repId: rep.repId,
        ...(repCallSid ? { repCallSid } : {}),
        triggerToRepMs: ms,
      },
    });
    this.publish(tx, topics.calls, connected);
    // The rep on the line drives: the same take-over a claim at the console is.
    this.publish(
      tx,
      topics.conversationCommands,
      newEvent(TakeOverRequested, {
        id: derivedEventId(`transfer-take-over:${transfer.transferId}`),
        subject: transfer.conversationId,
        tenantid: transfer.tenantId,
        source,
        cause: connected,
        data: { actor: { kind: 'rep', id: rep.repId }, repId: rep.repId, via: 'warm_transfer' },
      }),
    );
    this.logger.info(
      {
        service: 'channel-gateway',
        conversationId: transfer.conversationId,
        tenantId: transfer.tenantId,
        transferId: transfer.transferId,
        repId: rep.repId,
        triggerToRepMs: ms,
      },
      'warm transfer connected',
    );
  }

  /** A rep leg ended without the rep joining: the next rep, or the fallback. Once per leg (it must be the current attempt). */
  private async repLegSettled(
    transferId: string,
    attempt: number,
    repCallSid: string | undefined,
    outcome: string,
  ): Promise<void> {
    const hangUpLeg = await this.sql.transaction(async (tx) => {
      const transfer = await this.calls.transfer(tx, transferId, true);
      if (!transfer || transfer.status !== 'dialling' || transfer.attempt !== attempt) return false;
      this.logger.info(
        {
          service: 'channel-gateway',
          conversationId: transfer.conversationId,
          transferId,
          attempt: transfer.attempt,
          outcome,
        },
        'rep leg did not join',
      );
      await this.dialNext(tx, transfer.tenantId, transfer.conversationId, { ...transfer, reason: outcome });
      return outcome === 'voicemail' || outcome === 'declined';
    });
    if (hangUpLeg && repCallSid)
      await this.control
        .hangUp(repCallSid)
        .catch((error: unknown) => this.logger.warn({ err: error, repCallSid }, 'rep leg hang-up failed'));
  }

  private async dialNext(tx: Transaction, tenantId: string, conversationId: string, transfer: Transfer): Promise<void> {
    const now = this.clock.now().toISOString();
    const call = await this.calls.get(tx, transfer.leadCallSid);
    const step = nextStep(transfer);
    if (step.kind === 'fallback' || !call) {
      const reason = step.kind === 'fallback' ? step.reason : 'the lead call is gone';
      const failed: Transfer = {
        ...transfer,
        status: 'failed',
        reason: transfer.reason ? `${reason} (last: ${transfer.reason})` : reason,
      };
      await this.calls.saveTransfer(tx, tenantId, conversationId, failed, now);
      this.publish(
        tx,
        topics.calls,
        newEvent(TransferFailed, {
          id: derivedEventId(`transfer-failed:${transfer.transferId}`),
          subject: conversationId,
          tenantid: tenantId,
          source,
          data: {
            callSid: transfer.leadCallSid,
            transferId: transfer.transferId,
            reason: failed.reason!,
            attempts: transfer.attempt,
            ...(transfer.attempt > 0 ? { repId: transfer.reps[transfer.attempt - 1]?.repId } : {}),
          },
        }),
      );
      // Never dead air: the AI comes back on the line (the lead leaves the conference, which ends it); after a rep's
      // take-over the AI may not, so the call ends with the promise that the rep follows up.
      if (!transfer.takeOver) this.relay.expect(tenantId, conversationId);
      tx.afterCommit(async () => {
        await this.control
          .redirect(
            transfer.leadCallSid,
            transfer.takeOver
              ? hangUp(this.config.BATON_TAKE_OVER_GOODBYE)
              : aiOnTheLine(this.urls, transfer.leadCallSid, this.config.BATON_TRANSFER_FALLBACK_GREETING),
          )
          .catch((error: unknown) =>
            this.logger.error(
              { err: error, conversationId, transferId: transfer.transferId },
              'fallback redirect failed',
            ),
          );
        await this.control.endConference(conferenceName(transfer.transferId)).catch(() => undefined);
      });
      this.logger.warn(
        {
          service: 'channel-gateway',
          conversationId,
          tenantId,
          transferId: transfer.transferId,
          reason: failed.reason,
        },
        'warm transfer failed; the AI is back on the line',
      );
      return;
    }
    // The attempt is durable before the rep's phone rings: whatever Twilio says about the leg finds it.
    const attempted: Transfer = { ...transfer, status: 'dialling', attempt: step.attempt, repCallSid: undefined };
    await this.calls.saveTransfer(tx, tenantId, conversationId, attempted, now);
    this.publish(
      tx,
      topics.calls,
      newEvent(TransferRequested, {
        id: derivedEventId(`transfer-requested:${transfer.transferId}:${step.attempt}`),
        subject: conversationId,
        tenantid: tenantId,
        source,
        data: {
          callSid: transfer.leadCallSid,
          transferId: transfer.transferId,
          repId: step.rep.repId,
          attempt: step.attempt,
          triggeredAt: transfer.triggeredAt,
        },
      }),
    );
    const leg = `transfer=${encodeURIComponent(transfer.transferId)}&attempt=${step.attempt}`;
    tx.afterCommit(async () => {
      try {
        const { callSid } = await this.control.place({
          to: step.rep.phone,
          from: call.batonNumber,
          timeoutSeconds: this.config.BATON_TRANSFER_RING_SECONDS,
          machineDetection: true,
          url: `${this.urls.publicUrl}/webhooks/twilio/voice/whisper?${leg}`,
          statusCallback: `${this.urls.publicUrl}/webhooks/twilio/voice/status?${leg}&role=rep`,
        });
        await this.calls.setRepCallSid(transfer.transferId, step.attempt, callSid);
      } catch (error) {
        this.logger.warn(
          {
            service: 'channel-gateway',
            err: error,
            conversationId,
            transferId: transfer.transferId,
            attempt: step.attempt,
          },
          'rep leg could not be placed',
        );
        await this.repLegSettled(transfer.transferId, step.attempt, undefined, 'failed');
      }
    });
  }

  private publish(tx: Transaction | SqlQueryable, topic: string, event: CloudEvent): void {
    this.bus.publishWithin(tx as Transaction, topic, [busMessage(event)]);
  }
}
