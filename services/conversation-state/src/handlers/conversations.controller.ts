import { BadRequestException, Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  CloseBody, CloseRequested, ConversationCursor, ConversationListQuery, HandBackBody, HandBackRequested, newEvent, PauseBody, PauseRequested,
  ResumeBody, ResumeRequested, TakeOverBody, TakeOverRequested, topics, type EventDefinition,
} from '@baton/contracts';
import type { EventBus } from '@baton/event-bus';
import type { EventStore } from '@baton/event-store';
import { AllowRoles, CurrentPrincipal, EVENT_BUS, EVENT_STORE, ValidBody, ValidQuery, type Principal } from '@baton/service-runtime';
import { ConversationReadModel, type ConversationRow } from '../adapters/conversation-read-model';
import { ConversationStreams } from '../adapters/conversation-streams';
import { streamIdOf } from '../domain/conversation.wire';

// Conversation ids are UUIDs (derived from tenant, lead and Baton number); anything else names no conversation.
const conversationId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const cursorCheck = TypeCompiler.Compile(ConversationCursor);

function view(row: ConversationRow) {
  const s = row.state;
  return {
    id: row.conversationId,
    tenantId: row.tenantId,
    driver: s.driver,
    leadPhone: s.leadPhone,
    batonNumber: s.batonNumber,
    channel: s.channel,
    assignedRepId: s.repId ?? null,
    handoff: s.handoff ? { mode: s.handoff.mode, signals: s.handoff.signals, triggeredAt: s.handoff.at, messageId: s.handoff.messageId } : null,
    turn: s.turn ?? null,
    meetingId: s.meetingId ?? null,
    optedOut: s.driver === 'opted_out',
    closed: s.closed,
    lastActivityAt: s.lastActivityAt ?? null,
    revision: row.revision.toString(),
  };
}

@Controller('v1/conversations')
export class ConversationsController {
  constructor(
    private readonly readModel: ConversationReadModel,
    private readonly streams: ConversationStreams,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Get()
  async list(@CurrentPrincipal() who: Principal, @ValidQuery(ConversationListQuery) query: ConversationListQuery) {
    const { driver, leadPhone, limit: size = 50 } = query;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.readModel.list(who.tenantId, { driver, leadPhone, limit: size, cursor: after });
    const last = rows[rows.length - 1];
    return {
      items: rows.map(view),
      nextCursor: rows.length === size && last?.state.lastActivityAt
        ? Buffer.from(JSON.stringify({ at: last.state.lastActivityAt, id: last.conversationId })).toString('base64url') : null,
    };
  }

  @Get(':id')
  async get(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    const tenantId = who.tenantId;
    const { state, revision } = await this.streams.load(tenantId, this.checked(id));
    if (revision === undefined) throw new NotFoundException(`no conversation ${id}`);
    return view({ tenantId, conversationId: id, revision, state, updatedAt: new Date() });
  }

  /** The conversation's stream in order, as stored: the audit record. */
  @Get(':id/events')
  async events(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    const out = [];
    for await (const e of this.store.readStream(streamIdOf(who.tenantId, this.checked(id)))) {
      out.push({ id: e.id, type: e.type, revision: e.revision.toString(), data: e.data, metadata: e.metadata, storedAt: e.createdAt.toISOString() });
    }
    if (out.length === 0) throw new NotFoundException(`no conversation ${id}`);
    return { conversationId: id, events: out };
  }

  @Post(':id/takeover')
  @HttpCode(202)
  @AllowRoles('rep', 'supervisor')
  takeOver(@CurrentPrincipal() who: Principal, @Param('id') id: string, @ValidBody(TakeOverBody) body: TakeOverBody) {
    const repId = this.rep(body, who);
    return this.request(TakeOverRequested, who, id, { actor: { kind: 'rep', id: repId }, repId, ...(body.repName ? { repName: body.repName } : {}) });
  }

  @Post(':id/handback')
  @HttpCode(202)
  @AllowRoles('rep', 'supervisor')
  handBack(@CurrentPrincipal() who: Principal, @Param('id') id: string, @ValidBody(HandBackBody) body: HandBackBody) {
    const repId = this.rep(body, who);
    return this.request(HandBackRequested, who, id, { actor: { kind: 'rep', id: repId }, repId, ...(body.note ? { note: body.note } : {}) });
  }

  @Post(':id/pause')
  @HttpCode(202)
  @AllowRoles('supervisor')
  pause(@CurrentPrincipal() who: Principal, @Param('id') id: string, @ValidBody(PauseBody) body: PauseBody) {
    return this.request(PauseRequested, who, id, { actor: { kind: who.role === 'admin' ? 'admin' : 'supervisor', id: who.subject }, ...(body.reason ? { reason: body.reason } : {}) });
  }

  @Post(':id/resume')
  @HttpCode(202)
  @AllowRoles('supervisor')
  resume(@CurrentPrincipal() who: Principal, @Param('id') id: string, @ValidBody(ResumeBody) _body: unknown) {
    return this.request(ResumeRequested, who, id, { actor: { kind: who.role === 'admin' ? 'admin' : 'supervisor', id: who.subject } });
  }

  @Post(':id/close')
  @HttpCode(202)
  @AllowRoles('supervisor')
  close(@CurrentPrincipal() who: Principal, @Param('id') id: string, @ValidBody(CloseBody) body: CloseBody) {
    return this.request(CloseRequested, who, id, { actor: { kind: who.role === 'admin' ? 'admin' : 'supervisor', id: who.subject }, ...(body.reason ? { reason: body.reason } : {}) });
  }

  /** The rep acting: a rep acts as themself; a supervisor names the rep. */
  private rep(body: { repId?: string }, who: Principal): string {
    const repId = body.repId ?? (who.role === 'rep' ? who.subject : undefined);
    if (!repId) throw new BadRequestException('repId is required when a supervisor acts for a rep');
    if (who.role === 'rep' && repId !== who.subject) throw new ForbiddenException('a rep acts only as themself');
    return repId;
  }

  /** The id, if it can name a conversation at all: another shape is as unknown as an id nobody has. */
  private checked(id: string): string {
    if (!conversationId.test(id)) throw new NotFoundException(`no conversation ${id.slice(0, 64)}`);
    return id;
  }

  private async existing(tenantId: string, id: string): Promise<string> {
    for await (const first of this.store.readStream(streamIdOf(tenantId, this.checked(id)), { maxCount: 1 })) if (first) return id;
    throw new NotFoundException(`no conversation ${id}`);
  }

  /**
   * A change to a conversation is a command event, decided by the aggregate when it is consumed; only for a
   * conversation that exists in the caller's tenant (its stream has an event), so no command opens one.
   */
  private async request(definition: EventDefinition, who: Principal, id: string, data: Record<string, unknown>) {
    const event = newEvent(definition, { subject: await this.existing(who.tenantId, id), tenantid: who.tenantId, source: '/baton/api', data: data as never });
    await this.bus.publish(topics.conversationCommands, [{ key: event.subject, value: JSON.stringify(event) }]);
    return { accepted: true, commandId: event.id, type: event.type };
  }
}

/** A list cursor this API gave out (base64url JSON of where the last page ended), or a 400. */
function decodeCursor(cursor: string): ConversationCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!cursorCheck.Check(value)) throw new BadRequestException('cursor is not one this API gave out');
  return value;
}
