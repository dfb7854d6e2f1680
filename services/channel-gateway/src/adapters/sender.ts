import { Inject, Injectable } from '@nestjs/common';
import {
  derivedEventId, LeadOptedOut, MessageBlocked, MessageSent, newEvent, topics,
} from '@baton/contracts';
import type { EventBus } from '@baton/event-bus';
import type { Sql } from '@baton/sql';
import { EVENT_BUS, LOGGER, SQL, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { windowFor } from '@baton/lead-time';
import { turnNotYetKnown } from '../domain/send-gate';
import { ProviderRefused, type LeadChannel } from './lead-channel';
import { LeadDirectory } from './lead-directory';
import { loadSend, SendGateStore, type GateOutcome, type OutboundRequest } from './send-gate-store';

export const LEAD_CHANNEL = Symbol('LeadChannel');

/** A grant still on its way: retried by the bus for a while before the send counts as void. */
export class TurnNotYetKnown extends Error {}
const turnGrace = 15_000;
const turnWaitMs = 1000;
const turnPollMs = 20;

/**
 * Every message to a lead goes through here: the gate decides (and records) first, then the provider is
 * called, then message.sent or message.blocked is published. A send whose outcome is unknown is looked up
 * at the provider before it is tried again.
 */
@Injectable()
export class Sender {
  constructor(
    private readonly gate: SendGateStore,
    private readonly directory: LeadDirectory,
    @Inject(LEAD_CHANNEL) private readonly channel: LeadChannel,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(SQL) private readonly sql: Sql,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async request(request: OutboundRequest, cause?: { id: string; correlationid: string }): Promise<GateOutcome> {
    const log = this.logger.child({ service: 'channel-gateway', conversationId: request.conversationId, tenantId: request.tenantId });
    const address = await this.directory.find(request.tenantId, request.conversationId);
    if (!address) {
      const outcome: GateOutcome = { sendId: request.idempotencyKey, verdict: { kind: 'block', reason: 'invalid', detail: 'no lead has written in this conversation' }, repeated: false };
      await this.publishBlocked(request, 'invalid', outcome.verdict.kind === 'block' ? outcome.verdict.detail : '', undefined, cause);
      return outcome;
    }
    if (request.author === 'ai' && Date.now() - Date.parse(request.at) < turnGrace && !(await this.turnArrives(request.tenantId, request.conversationId, request.turnId))) {
      throw new TurnNotYetKnown(`turn ${request.turnId} has not reached the gate yet`);
    }
    const outcome = await this.gate.decide(request, address.place, windowFor(address.place, this.config.BATON_QUIET_HOURS[request.tenantId]));
    const { verdict } = outcome;
    if (verdict.kind === 'send') {
      await this.deliver(outcome.sendId, address.leadPhone, address.batonNumber, cause);
    } else if (!outcome.repeated) {
      log.warn({ reason: verdict.kind === 'block' ? verdict.reason : 'quiet_hours_deferred', author: request.author, turnId: request.turnId }, 'send blocked');
      await this.publishBlocked(request, verdict.kind === 'block' ? verdict.reason : 'quiet_hours_deferred',
        verdict.kind === 'block' ? verdict.detail : `deferred to ${verdict.until}, the next allowed moment in the lead's time`, verdict.kind === 'defer' ? verdict.until : undefined, cause);
    }
    return outcome;
  }

  /**
   * The grant and the AI's reply travel on different topics, so the reply can arrive first; the fence
   * usually catches up within milliseconds. Waiting here a moment beats the bus's retry backoff, which would
   * hold every other send on the partition for longer.
   */
  private async turnArrives(tenantId: string, conversationId: string, turnId: string | undefined): Promise<boolean> {
    for (let waited = 0; ; waited += turnPollMs) {
      if (!turnNotYetKnown(await this.gate.fence(tenantId, conversationId), turnId)) return true;
      if (waited >= turnWaitMs) return false;
      await new Promise((r) => setTimeout(r, turnPollMs));
    }
  }

  /** Sends a recorded message once: a sent one is left alone, an unknown one is looked up first. */
  async deliver(sendId: string, to: string, from: string, cause?: { id: string; correlationid: string }): Promise<void> {
    const row = await loadSend(this.sql, sendId);
    if (!row || row.status === 'sent' || row.status === 'failed' || row.status === 'blocked' || row.status === 'deferred') return;
    const body = row.disclose ? `${row.body} ${this.config.BATON_AI_DISCLOSURE}` : row.body;
    const text = { sendId, to, from, body };
    let providerSid: string | undefined;
    if (row.status === 'unknown' || Date.now() - row.createdAt.getTime() > 30_000) providerSid = (await this.channel.find({ ...text, after: row.createdAt }))?.providerSid;
    if (!providerSid) {
      try {
        providerSid = (await this.channel.send(text)).providerSid;
      } catch (error) {
        if (error instanceof ProviderRefused) {
          await this.gate.markOutcome(sendId, 'failed', `${error.code}: ${error.message}`);
          if (error.optedOut) await this.providerOptOut(row.tenantId, row.conversationId, to, from);
          return;
        }
        await this.gate.markOutcome(sendId, 'unknown', (error as Error).message);
        throw error; // retried: the next attempt looks the message up before sending
      }
    }
    await this.gate.markSent(sendId, providerSid);
    const sent = newEvent(MessageSent, {
      id: derivedEventId(`sent:${sendId}`), subject: row.conversationId, tenantid: row.tenantId, source: '/baton/channel-gateway', cause,
      data: {
        messageId: derivedEventId(`message:${sendId}`), author: row.author, ...(row.repId ? { repId: row.repId } : {}), ...(row.turnId ? { turnId: row.turnId } : {}),
        idempotencyKey: sendId, providerMessageId: providerSid, leadPhone: to, batonNumber: from, channel: row.channel, body, sentAt: new Date().toISOString(), disclosure: row.disclose,
      },
    });
    await this.publish(sent);
  }

  /** Deferred sends whose moment came: decided again on the fence as it is now, then sent or refused. */
  async releaseDeferred(now = new Date()): Promise<number> {
    const { rows } = await this.sql.query<{ idempotency_key: string; tenant_id: string; conversation_id: string }>(
      `SELECT idempotency_key, tenant_id, conversation_id FROM gateway_sends WHERE status = 'deferred' AND deferred_until <= $1 ORDER BY seq LIMIT 200`, [now.toISOString()]);
    for (const row of rows) {
      const address = await this.directory.find(row.tenant_id, row.conversation_id);
      if (!address) continue;
      const verdict = await this.gate.decideAgain(row.idempotency_key, address.place, windowFor(address.place, this.config.BATON_QUIET_HOURS[row.tenant_id]), now.toISOString());
      if (verdict?.kind === 'send') await this.deliver(row.idempotency_key, address.leadPhone, address.batonNumber).catch(() => undefined);
    }
    return rows.length;
  }

  /** Sends left recorded or unknown by a crash: looked up, then sent if the provider never got them. */
  async recover(olderThanMs = 30_000): Promise<number> {
    const { rows } = await this.sql.query<{ idempotency_key: string; tenant_id: string; conversation_id: string }>(
      `SELECT idempotency_key, tenant_id, conversation_id FROM gateway_sends WHERE status IN ('recorded', 'unknown') AND updated_at < now() - make_interval(secs => $1) ORDER BY seq LIMIT 200`,
      [olderThanMs / 1000]);
    for (const row of rows) {
      const address = await this.directory.find(row.tenant_id, row.conversation_id);
      if (address) await this.deliver(row.idempotency_key, address.leadPhone, address.batonNumber).catch(() => undefined);
    }
    return rows.length;
  }

  private async providerOptOut(tenantId: string, conversationId: string, leadPhone: string, batonNumber: string): Promise<void> {
    await this.gate.apply(tenantId, conversationId, [{ type: 'opted-out', channel: 'all' }]);
    await this.publish(newEvent(LeadOptedOut, {
      id: derivedEventId(`provider-opt-out:${conversationId}:${Date.now()}`), subject: conversationId, tenantid: tenantId, source: '/baton/channel-gateway',
      data: { leadPhone, batonNumber, channel: 'all', source: 'provider', at: new Date().toISOString() },
    }));
  }

  private async publishBlocked(request: OutboundRequest, reason: string, detail: string, deferredUntil: string | undefined, cause?: { id: string; correlationid: string }) {
    await this.publish(newEvent(MessageBlocked, {
      id: derivedEventId(`blocked:${request.idempotencyKey}`), subject: request.conversationId, tenantid: request.tenantId, source: '/baton/channel-gateway', cause,
      data: {
        idempotencyKey: request.idempotencyKey, author: request.author, ...(request.repId ? { repId: request.repId } : {}), ...(request.turnId ? { turnId: request.turnId } : {}),
        reason: reason as never, detail, ...(deferredUntil ? { deferredUntil } : {}),
      },
    }));
  }

  async publish(event: { subject: string; type: string }): Promise<void> {
    const topic = (event.type.startsWith('baton.commands.') ? topics.conversationCommands : topics.messages);
    await this.bus.publish(topic, [{ key: event.subject, value: JSON.stringify(event) }]);
  }
}

