import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  derivedEventId,
  LeadOptedOut,
  MessageBlocked,
  MessageSent,
  newEvent,
  topics,
  type CloudEvent,
} from '@baton/contracts';
import { busMessage, type EventBus } from '@baton/event-bus';
import type { Sql, Transaction } from '@baton/sql';
import { CLOCK, EVENT_BUS, LOGGER, SQL, type Clock, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { windowFor, type LeadPlace } from '@baton/lead-time';
import {
  decideSend,
  evolveFence,
  grantMayStillCome,
  turnNotYetKnown,
  type Directive,
  type Verdict,
} from '../domain/send-gate';
import { ProviderRefused, type LeadChannel } from './lead-channel';
import { LeadDirectory, type ConversationAddress } from './lead-directory';
import { SendGateStore, type OutboundRequest, type SendRow, type SendStatus } from './send-gate-store';

export const LEAD_CHANNEL = Symbol('LeadChannel');
export const CALL_LINE = Symbol('CallLine');

/** Where a voice send goes: said on the lead's live AI call (ConversationRelay). */
export interface CallLine {
  say(row: SendRow, directive: Directive | undefined): Promise<{ providerSid: string }>;
}

export interface SendOutcome {
  sendId: string;
  status: SendStatus;
  /** The gate's verdict when it decided now (undefined for a parked reply or a repeated key). */
  verdict?: Verdict;
  /** True when this idempotency key was taken before: the first request's outcome stands and nothing was sent. */
  repeated: boolean;
}

type Address = ConversationAddress & { place: LeadPlace };
const cause = (event?: { id: string; correlationid: string }) =>
  event ? { id: event.id, correlationid: event.correlationid } : undefined;

/**
 * Every message to a lead goes through here, in two steps. `request` records the send under its idempotency
 * key and decides it on the fence (refused and deferred sends end there, with message.blocked; an AI reply
 * whose turn the gate has not heard of is parked). `deliver` then sends it, one send per conversation at a
 * time across every gateway process (a lock held from the decision to the provider's answer, so a rep's
 * message can never overtake an AI message at the provider, nor the reverse): it decides again on the fence
 * as it is at that moment, marks the send `sending` (durable before the provider is called), calls the
 * provider and records what came back. A send left `sending` by a crash is looked up at the provider, never
 * sent blindly (Reconciler).
 */
@Injectable()
export class Sender implements BeforeApplicationShutdown {
  private readonly running = new Set<Promise<unknown>>();
  /**
   * Processes, in the current transaction, the conversation's lead texts taken at the webhook and not processed
   * yet (Inbound.catchUp; wired by the module): every decision is made on all the lead has said.
   */
  catchUp: (tenantId: string, conversationId: string) => Promise<void> = async () => undefined;

  constructor(
    private readonly gate: SendGateStore,
    private readonly directory: LeadDirectory,
    @Inject(LEAD_CHANNEL) readonly channel: LeadChannel,
    @Inject(CALL_LINE) private readonly callLine: CallLine,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(SQL) private readonly sql: Sql,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Records and decides a send; delivery starts once it commits. In `within`, the caller's transaction (a
   * consumer batch), as it is: a failure here fails the caller's work too, so no savepoint is needed.
   */
  request(
    request: OutboundRequest,
    causedBy?: { id: string; correlationid: string },
    within?: Transaction,
  ): Promise<SendOutcome> {
    return within
      ? this.decide(within, request, causedBy)
      : this.sql.transaction((tx) => this.decide(tx, request, causedBy));
  }

  private async decide(
    tx: Transaction,
    request: OutboundRequest,
    causedBy?: { id: string; correlationid: string },
  ): Promise<SendOutcome> {
    await this.catchUp(request.tenantId, request.conversationId);
    const now = this.clock.now().toISOString();
    const address = await this.directory.find(request.tenantId, request.conversationId);
    if (!address) {
      const detail = 'no lead has written in this conversation';
      if (!(await this.gate.insert(tx, request, 'blocked', now, { reason: 'invalid', detail })))
        return this.repeated(tx, request.idempotencyKey);
      this.publishBlocked(tx, request, 'invalid', detail, undefined, causedBy);
      return {
        sendId: request.idempotencyKey,
        status: 'blocked',
        verdict: { kind: 'block', reason: 'invalid', detail },
        repeated: false,
      };
    }
    const fence = await this.gate.lockFence(tx, request.tenantId, request.conversationId);
    // The turn's grant travels on another topic and may not be here yet: the reply waits for it, as a state (unless
    // the fence is past the revision the reply names for it: then the turn is void, decided below).
    if (
      request.author === 'ai' &&
      turnNotYetKnown(fence, request.turnId) &&
      grantMayStillCome(fence, request.turnSequence)
    ) {
      if (!(await this.gate.insert(tx, request, 'awaiting_turn', now)))
        return this.repeated(tx, request.idempotencyKey);
      // So that its turn's grant (and only a grant of a turn a reply waits for) looks for it.
      await this.gate.saveFence(
        tx,
        request.tenantId,
        request.conversationId,
        evolveFence(fence, { type: 'reply.parked', turnId: request.turnId! }),
      );
      return { sendId: request.idempotencyKey, status: 'awaiting_turn', repeated: false };
    }
    const verdict = decideSend(
      { ...request, at: now },
      fence,
      address.place,
      this.windowOf(request.tenantId, address.place),
    );
    const status: SendStatus = verdict.kind === 'send' ? 'ready' : verdict.kind === 'block' ? 'blocked' : 'deferred';
    const inserted = await this.gate.insert(
      tx,
      request,
      status,
      now,
      verdict.kind === 'block'
        ? { reason: verdict.reason, detail: verdict.detail }
        : verdict.kind === 'defer'
          ? { deferredUntil: verdict.until }
          : {},
    );
    if (!inserted) return this.repeated(tx, request.idempotencyKey);
    // A rep's message closes the fence for the AI in this very transaction, before any event goes round.
    if (request.author === 'rep' && verdict.kind !== 'block')
      await this.gate.saveFence(
        tx,
        request.tenantId,
        request.conversationId,
        evolveFence(fence, { type: 'human.sent' }),
      );
    if (verdict.kind === 'send')
      tx.afterCommit(() =>
        this.schedule(request.idempotencyKey, request.tenantId, request.conversationId, {
          ...request,
          sendId: request.idempotencyKey,
        }),
      );
    else this.blocked(tx, request, verdict, causedBy);
    return { sendId: request.idempotencyKey, status, verdict, repeated: false };
  }

  /** A rep's send through the API: decided, then delivered before the answer, so the rep sees what happened. */
  async requestAndDeliver(request: OutboundRequest): Promise<SendOutcome & { row?: SendRow }> {
    const outcome = await this.request(request);
    if (outcome.status === 'ready' && !outcome.repeated)
      await this.deliver(outcome.sendId, request.tenantId, request.conversationId);
    const row = await this.gate.load(this.sql, outcome.sendId);
    return { ...outcome, status: row?.status ?? outcome.status, row };
  }

  /** Delivery in the background, in order per conversation; the sweep finishes whatever a crash interrupts. */
  schedule(sendId: string, tenantId: string, conversationId: string, known?: KnownSend): void {
    const task = this.deliver(sendId, tenantId, conversationId, known).catch((error: unknown) =>
      this.logger.error(
        { err: error, service: 'channel-gateway', conversationId, tenantId, sendId },
        'delivery failed; the sweep retries it',
      ),
    );
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /** Sends one ready send, holding the conversation's send lock from the decision to the provider's answer. */
  deliver(sendId: string, tenantId: string, conversationId: string, known?: KnownSend): Promise<void> {
    return this.sql.withLock(sendLock(tenantId, conversationId), () => this.attempt(sendId, known));
  }

  /**
   * Under the conversation's send lock: decide again now, mark it sending, call the provider, record the answer.
   * `known`: what the caller knows of the send (what it asks never changes), so it is not read first; every
   * status it moves to is written only if the send is still ready, and the decision stands only then.
   */
  async attempt(sendId: string, known?: KnownSend): Promise<void> {
    const prepared = await this.sql.transaction(async (tx) => {
      const row = known ?? (await this.gate.load(tx, sendId, true));
      if (!row || (!known && (row as SendRow).status !== 'ready')) return undefined;
      await this.catchUp(row.tenantId, row.conversationId);
      const address = await this.directory.find(row.tenantId, row.conversationId);
      if (!address) return undefined;
      const fence = await this.gate.lockFence(tx, row.tenantId, row.conversationId);
      const now = this.clock.now().toISOString();
      const verdict = decideSend({ ...row, at: now }, fence, address.place, this.windowOf(row.tenantId, address.place));
      if (verdict.kind === 'block') {
        const fields = { reason: verdict.reason, detail: verdict.detail };
        if (await this.gate.moveReady(tx, sendId, 'blocked', now, fields)) this.blocked(tx, row, verdict);
        return undefined;
      }
      if (verdict.kind === 'defer') {
        if (await this.gate.moveReady(tx, sendId, 'deferred', now, { deferredUntil: verdict.until }))
          this.blocked(tx, row, verdict);
        return undefined;
      }
      // Durable before the provider is called: from here on a crash means "maybe sent", reconciled by a lookup.
      const sending = await this.gate.moveReady(tx, sendId, 'sending', now, {
        disclose: verdict.disclose,
        attemptAt: now,
      });
      if (!sending) return undefined;
      // The directive of the turn this line answers (a transition line on a call starts the warm transfer).
      const directive =
        row.author === 'ai' && fence.openTurn?.turnId === row.turnId ? fence.openTurn?.directive : undefined;
      let next = fence;
      if (row.author === 'ai')
        next = evolveFence(next, { type: 'ai.sent', turnId: row.turnId!, disclosed: verdict.disclose });
      if (row.author === 'rep') next = evolveFence(next, { type: 'human.sent' });
      if (row.purpose === 'opt_out_confirmation') next = evolveFence(next, { type: 'opt-out.confirmed' });
      if (next !== fence) await this.gate.saveFence(tx, row.tenantId, row.conversationId, next);
      // As moved to sending: with its disclosure and the moment it was handed to the provider.
      return { row: sending, address, directive };
    });
    if (!prepared) return;
    const { row, address, directive } = prepared;
    const body = this.composed(row);
    let providerSid: string;
    try {
      providerSid =
        row.channel === 'voice'
          ? (await this.callLine.say({ ...row, body }, directive)).providerSid
          : (await this.channel.send({ sendId, to: address.leadPhone, from: address.batonNumber, body })).providerSid;
    } catch (error) {
      const now = this.clock.now().toISOString();
      if (error instanceof ProviderRefused) {
        await this.sql.transaction(async (tx) => {
          await this.gate.setStatus(tx, sendId, 'failed', now, { detail: `${error.code}: ${error.message}` });
          if (error.optedOut) await this.providerOptOut(tx, row, address);
        });
        return;
      }
      await this.gate.setStatus(this.sql, sendId, 'unknown', now, { detail: (error as Error).message });
      throw error;
    }
    await this.sql.transaction((tx) => this.markSent(tx, row, address, providerSid));
  }

  /** The provider has the message: record its sid and tell everyone it went out (its id derived from the send). */
  async markSent(tx: Transaction, row: SendRow, address: ConversationAddress, providerSid: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.gate.setStatus(tx, row.sendId, 'sent', now, { providerSid });
    this.publish(
      tx,
      newEvent(MessageSent, {
        id: derivedEventId(`sent:${row.sendId}`),
        subject: row.conversationId,
        tenantid: row.tenantId,
        source: '/baton/channel-gateway',
        data: {
          messageId: derivedEventId(`message:${row.sendId}`),
          author: row.author,
          ...(row.repId ? { repId: row.repId } : {}),
          ...(row.turnId ? { turnId: row.turnId } : {}),
          idempotencyKey: row.sendId,
          providerMessageId: providerSid,
          leadPhone: address.leadPhone,
          batonNumber: address.batonNumber,
          channel: row.channel,
          body: this.composed(row),
          sentAt: now,
          ...(row.attemptAt ? { attemptedAt: row.attemptAt.toISOString() } : {}),
          disclosure: row.disclose,
        },
      }),
    );
  }

  /** The text the provider got: the AI's first message carries the disclosure. */
  composed(row: Pick<SendRow, 'body' | 'disclose'>): string {
    return row.disclose ? `${row.body} ${this.config.BATON_AI_DISCLOSURE}` : row.body;
  }

  windowOf(tenantId: string, place: LeadPlace) {
    return windowFor(
      place,
      Object.hasOwn(this.config.BATON_QUIET_HOURS, tenantId) ? this.config.BATON_QUIET_HOURS[tenantId] : undefined,
    );
  }

  private async repeated(tx: Transaction, sendId: string): Promise<SendOutcome> {
    const row = await this.gate.load(tx, sendId);
    return { sendId, status: row?.status ?? 'blocked', repeated: true };
  }

  blocked(
    tx: Transaction,
    request:
      | Pick<OutboundRequest, 'idempotencyKey' | 'tenantId' | 'conversationId' | 'author' | 'repId' | 'turnId'>
      | KnownSend,
    verdict: Exclude<Verdict, { kind: 'send' }>,
    causedBy?: { id: string; correlationid: string },
  ): void {
    const sendRequest = 'sendId' in request ? { ...request, idempotencyKey: request.sendId } : request;
    const reason = verdict.kind === 'block' ? verdict.reason : 'quiet_hours_deferred';
    this.logger.warn(
      {
        service: 'channel-gateway',
        conversationId: sendRequest.conversationId,
        tenantId: sendRequest.tenantId,
        reason,
        ...(verdict.kind === 'block' ? { detail: verdict.detail } : { until: verdict.until }),
        author: sendRequest.author,
        turnId: sendRequest.turnId,
      },
      'send blocked',
    );
    this.publishBlocked(
      tx,
      sendRequest,
      reason,
      verdict.kind === 'block'
        ? verdict.detail
        : `deferred to ${verdict.until}, the next allowed moment in the lead's time`,
      verdict.kind === 'defer' ? verdict.until : undefined,
      causedBy,
    );
  }

  private publishBlocked(
    tx: Transaction,
    request: Pick<OutboundRequest, 'idempotencyKey' | 'tenantId' | 'conversationId' | 'author' | 'repId' | 'turnId'>,
    reason: Parameters<typeof newEvent<typeof MessageBlocked>>[1]['data']['reason'],
    detail: string,
    deferredUntil: string | undefined,
    causedBy?: { id: string; correlationid: string },
  ): void {
    this.publish(
      tx,
      newEvent(MessageBlocked, {
        id: derivedEventId(`blocked:${request.idempotencyKey}:${reason}:${deferredUntil ?? ''}`),
        subject: request.conversationId,
        tenantid: request.tenantId,
        source: '/baton/channel-gateway',
        cause: cause(causedBy),
        data: {
          idempotencyKey: request.idempotencyKey,
          author: request.author,
          ...(request.repId ? { repId: request.repId } : {}),
          ...(request.turnId ? { turnId: request.turnId } : {}),
          reason,
          detail,
          ...(deferredUntil ? { deferredUntil } : {}),
        },
      }),
    );
  }

  private async providerOptOut(tx: Transaction, row: SendRow, address: Address): Promise<void> {
    const fence = await this.gate.lockFence(tx, row.tenantId, row.conversationId);
    await this.gate.saveFence(
      tx,
      row.tenantId,
      row.conversationId,
      evolveFence(fence, { type: 'opted-out', channel: 'all' }),
    );
    this.publish(
      tx,
      newEvent(LeadOptedOut, {
        id: derivedEventId(`provider-opt-out:${row.sendId}`),
        subject: row.conversationId,
        tenantid: row.tenantId,
        source: '/baton/channel-gateway',
        data: {
          leadPhone: address.leadPhone,
          batonNumber: address.batonNumber,
          channel: 'all',
          source: 'provider',
          at: this.clock.now().toISOString(),
        },
      }),
    );
  }

  /** Publishes with the transaction: the event exists exactly when what it reports is committed. */
  publish(tx: Transaction, event: CloudEvent): void {
    const topic = event.type.startsWith('baton.commands.')
      ? event.type.startsWith('baton.commands.outbound.')
        ? topics.outboundCommands
        : topics.conversationCommands
      : topics.messages;
    this.bus.publishWithin(tx, topic, [busMessage(event)]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}

/** What a send asks, known to whoever recorded or released it: it never changes once recorded. */
export type KnownSend = Pick<
  SendRow,
  'sendId' | 'tenantId' | 'conversationId' | 'author' | 'repId' | 'turnId' | 'channel' | 'body' | 'purpose'
>;

/** One send at a time per conversation, across processes. */
export const sendLock = (tenantId: string, conversationId: string) => `gateway-send:${tenantId}:${conversationId}`;
