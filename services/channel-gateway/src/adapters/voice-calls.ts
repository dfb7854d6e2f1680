import { Inject, Injectable } from '@nestjs/common';
import {
  CallEnded,
  CallRecorded,
  CallRefused,
  CallStarted,
  ConsentRecorded,
  derivedEventId,
  newEvent,
  topics,
  type CloudEvent,
} from '@baton/contracts';
import { busMessage, type EventBus } from '@baton/event-bus';
import type { Sql, Transaction } from '@baton/sql';
import { CLOCK, EVENT_BUS, LOGGER, SQL, type Clock, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { aiOnTheLine, hangUp, relayUrlOf } from '../domain/call-twiml';
import { decideCall, type CallRefusal } from '../domain/call-rules';
import { evolveFence } from '../domain/send-gate';
import { CALL_CONTROL, type CallControl } from './call-control';
import { CallStore } from './call-store';
import { LeadDirectory } from './lead-directory';
import { RelaySessions } from './relay-sessions';
import { SendGateStore } from './send-gate-store';
import { Sender } from './sender';
import { WarmTransfers } from './warm-transfers';

const source = '/baton/channel-gateway';
const finalStatuses = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

export type PlaceCallOutcome =
  | { kind: 'placed'; callSid: string; repeated: boolean }
  | { kind: 'refused'; reason: CallRefusal | 'provider_refused'; detail: string };

/** Calls with the lead: an inbound call answered by the AI, an outbound AI call placed under the call rules, and their ends. */
@Injectable()
export class VoiceCalls {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly calls: CallStore,
    private readonly directory: LeadDirectory,
    private readonly gate: SendGateStore,
    private readonly sender: Sender,
    private readonly relay: RelaySessions,
    private readonly transfers: WarmTransfers,
    @Inject(CALL_CONTROL) private readonly control: CallControl,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private get urls() {
    return { publicUrl: this.config.BATON_PUBLIC_URL ?? '', relayUrl: relayUrlOf(this.config.BATON_PUBLIC_URL ?? '') };
  }

  /**
   * Twilio asks what to do with a call: an inbound one from a lead is recorded once (by CallSid) with call consent
   * (the lead called), an outbound one Baton placed is already known; both get the AI, disclosing itself first.
   */
  async answer(
    tenantId: string,
    params: { CallSid: string; From: string; To: string; Direction?: string },
  ): Promise<string> {
    const known = await this.calls.find(params.CallSid);
    if (known) return this.aiTwiml(known.callSid);
    if (params.Direction && params.Direction !== 'inbound') return hangUp();
    const address = await this.directory.open(tenantId, params.From, params.To);
    const now = this.clock.now().toISOString();
    await this.sql.transaction(async (tx) => {
      const recording = this.config.BATON_CALL_RECORDING;
      const call = {
        callSid: params.CallSid,
        tenantId,
        conversationId: address.conversationId,
        direction: 'inbound' as const,
        leadPhone: params.From,
        batonNumber: params.To,
        startedAt: now,
        recording,
      };
      if (!(await this.calls.start(tx, call))) return;
      const fence = await this.gate.lockFence(tx, tenantId, address.conversationId);
      const started = newEvent(CallStarted, {
        id: derivedEventId(`call-started:${params.CallSid}`),
        subject: address.conversationId,
        tenantid: tenantId,
        source,
        data: {
          callSid: params.CallSid,
          direction: 'inbound',
          leadPhone: params.From,
          batonNumber: params.To,
          recording,
        },
      });
      this.publish(tx, topics.calls, started);
      // A lead who calls has asked to be spoken with on that call.
      if (fence.consent.voice === undefined && !fence.optedOut.voice) {
        await this.gate.saveFence(
          tx,
          tenantId,
          address.conversationId,
          evolveFence(fence, { type: 'consent', channel: 'voice', granted: true }),
        );
        this.publish(
          tx,
          topics.messages,
          newEvent(ConsentRecorded, {
            id: derivedEventId(`consent:${params.CallSid}`),
            subject: address.conversationId,
            tenantid: tenantId,
            source,
            cause: started,
            data: {
              leadPhone: params.From,
              channel: 'voice',
              granted: true,
              source: 'lead_initiated',
              evidence: `inbound call ${params.CallSid}`,
              at: now,
            },
          }),
        );
      }
      this.logger.info(
        {
          service: 'channel-gateway',
          conversationId: address.conversationId,
          tenantId,
          callSid: params.CallSid,
          recording,
        },
        'inbound call answered by the AI',
      );
    });
    return this.aiTwiml(params.CallSid);
  }

  private aiTwiml(callSid: string): string {
    const notice = this.config.BATON_CALL_RECORDING ? this.config.BATON_RECORDING_NOTICE : undefined;
    return aiOnTheLine(this.urls, callSid, this.config.BATON_CALL_GREETING, notice);
  }

  /** The relay session is up, so the notice (said before it) has played: a recorded call starts recording now. */
  async sessionStarted(call: { callSid: string; recording: boolean }): Promise<void> {
    if (!call.recording) return;
    await this.control
      .record(call.callSid, `${this.urls.publicUrl}/webhooks/twilio/voice/status`)
      .catch((error: unknown) => this.logger.warn({ err: error, callSid: call.callSid }, 'recording did not start'));
  }

  /** A lead call's status and recording callbacks: the end (once) and each recording's URL, as call events. */
  async status(params: {
    CallSid?: string;
    CallStatus?: string;
    CallDuration?: string;
    RecordingSid?: string;
    RecordingUrl?: string;
    RecordingStatus?: string;
  }): Promise<void> {
    if (!params.CallSid) return;
    const call = await this.calls.find(params.CallSid);
    if (!call) return;
    await this.sql.transaction(async (tx) => {
      if (params.RecordingSid && params.RecordingUrl && (params.RecordingStatus ?? 'completed') === 'completed') {
        this.publish(
          tx,
          topics.calls,
          newEvent(CallRecorded, {
            id: derivedEventId(`recorded:${params.RecordingSid}`),
            subject: call.conversationId,
            tenantid: call.tenantId,
            source,
            data: { callSid: call.callSid, recordingSid: params.RecordingSid, recordingUrl: params.RecordingUrl },
          }),
        );
      }
      if (
        params.CallStatus &&
        finalStatuses.has(params.CallStatus) &&
        (await this.calls.end(tx, call.callSid, this.clock.now().toISOString()))
      ) {
        this.publish(
          tx,
          topics.calls,
          newEvent(CallEnded, {
            id: derivedEventId(`call-ended:${call.callSid}`),
            subject: call.conversationId,
            tenantid: call.tenantId,
            source,
            data: {
              callSid: call.callSid,
              durationSeconds: Number(params.CallDuration ?? 0),
              status: params.CallStatus,
            },
          }),
        );
        this.relay.end(call.tenantId, call.conversationId, { reason: 'call_ended' });
        await this.transfers.leadHungUp(tx, call.tenantId, call.conversationId, call.callSid);
      }
    });
  }

  /**
   * An outbound AI call, once per request key: refused (with call.refused) for an opted-out lead, without call
   * consent, in quiet hours in the lead's time, over the FL/OK/MD limit, or while a rep or a pause holds it.
   */
  async place(
    request: {
      tenantId: string;
      conversationId: string;
      idempotencyKey: string;
      author: 'ai' | 'rep' | 'system';
      reason?: string;
    },
    causedBy?: CloudEvent,
  ): Promise<PlaceCallOutcome> {
    const address = await this.directory.find(request.tenantId, request.conversationId);
    if (!address) return { kind: 'refused', reason: 'no_consent', detail: 'no such conversation' };
    const earlier = await this.calls.byRequest(this.sql, request.idempotencyKey);
    if (earlier) return { kind: 'placed', callSid: earlier.callSid, repeated: true };
    return this.sql.withLock(`gateway-call:${request.tenantId}:${address.leadPhone}`, () =>
      this.sql.transaction(async (tx) => {
        const fence = await this.gate.lockFence(tx, request.tenantId, request.conversationId);
        const now = this.clock.now().toISOString();
        const verdict = decideCall(
          { at: now, earlierCalls: await this.calls.outboundCallTimes(tx, request.tenantId, address.leadPhone) },
          fence,
          address.place,
          this.sender.windowOf(request.tenantId, address.place),
        );
        if (verdict.kind === 'refuse') return this.refused(tx, request, verdict.reason, verdict.detail, causedBy);
        let callSid: string;
        try {
          ({ callSid } = await this.control.place({
            to: address.leadPhone,
            from: address.batonNumber,
            url: `${this.urls.publicUrl}/webhooks/twilio/voice`,
            statusCallback: `${this.urls.publicUrl}/webhooks/twilio/voice/status`,
          }));
        } catch (error) {
          return this.refused(tx, request, 'provider_refused', (error as Error).message.slice(0, 300), causedBy);
        }
        const recording = this.config.BATON_CALL_RECORDING;
        await this.calls.start(
          tx,
          {
            callSid,
            tenantId: request.tenantId,
            conversationId: request.conversationId,
            direction: 'outbound',
            leadPhone: address.leadPhone,
            batonNumber: address.batonNumber,
            startedAt: now,
            recording,
          },
          request.idempotencyKey,
        );
        this.publish(
          tx,
          topics.calls,
          newEvent(CallStarted, {
            id: derivedEventId(`call-started:${callSid}`),
            subject: request.conversationId,
            tenantid: request.tenantId,
            source,
            cause: causedBy,
            data: {
              callSid,
              direction: 'outbound',
              leadPhone: address.leadPhone,
              batonNumber: address.batonNumber,
              recording,
            },
          }),
        );
        this.logger.info(
          {
            service: 'channel-gateway',
            conversationId: request.conversationId,
            tenantId: request.tenantId,
            callSid,
            author: request.author,
          },
          'outbound AI call placed',
        );
        return { kind: 'placed' as const, callSid, repeated: false };
      }),
    );
  }

  private refused(
    tx: Transaction,
    request: { tenantId: string; conversationId: string; idempotencyKey: string },
    reason: CallRefusal | 'provider_refused',
    detail: string,
    causedBy?: CloudEvent,
  ): PlaceCallOutcome {
    this.publish(
      tx,
      topics.calls,
      newEvent(CallRefused, {
        id: derivedEventId(`call-refused:${request.idempotencyKey}`),
        subject: request.conversationId,
        tenantid: request.tenantId,
        source,
        cause: causedBy,
        data: { idempotencyKey: request.idempotencyKey, reason, detail },
      }),
    );
    this.logger.warn(
      { service: 'channel-gateway', conversationId: request.conversationId, tenantId: request.tenantId, reason },
      'call refused',
    );
    return { kind: 'refused', reason, detail };
  }

  private publish(tx: Transaction, topic: string, event: CloudEvent): void {
    this.bus.publishWithin(tx, topic, [busMessage(event)]);
  }
}
