import {
  BadRequestException,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  HttpException,
  Inject,
  NotFoundException,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Response } from 'express';
import {
  CloseBody,
  CloseRequested,
  ConversationCursor,
  ConversationListQuery,
  HandBackBody,
  HandBackRequested,
  newEvent,
  PauseBody,
  PauseRequested,
  ResumeBody,
  ResumeRequested,
  TakeOverBody,
  TakeOverRequested,
  topics,
  type EventDefinition,
} from '@baton/contracts';
import { busMessage, type EventBus } from '@baton/event-bus';
import type { EventStore } from '@baton/event-store';
import type { Sql } from '@baton/sql';
import {
  AllowRoles,
  CurrentPrincipal,
  EVENT_BUS,
  EVENT_STORE,
  SQL,
  ValidBody,
  ValidQuery,
  type Principal,
} from '@baton/service-runtime';
import { CommandOutcomes, type CommandOutcome } from '../adapters/command-outcomes';
import { ConversationReadModel, type ConversationRow } from '../adapters/conversation-read-model';
import { ConversationStreams } from '../adapters/conversation-streams';
import { streamIdOf } from '../domain/conversation.wire';

// Conversation ids are UUIDs (derived from tenant, lead and Baton number); anything else names no conversation.
const conversationId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const cursorCheck = TypeCompiler.Compile(ConversationCursor);

export function view(row: ConversationRow) {
  const s = row.state;
  return {
    id: row.conversationId,
    tenantId: row.tenantId,
    driver: s.driver,
    leadPhone: s.leadPhone,
    batonNumber: s.batonNumber,
    channel: s.channel,
    vertical: s.vertical ?? null,
    assignedRepId: s.repId ?? null,
    handoff: s.handoff
      ? { mode: s.handoff.mode, signals: s.handoff.signals, triggeredAt: s.handoff.at, messageId: s.handoff.messageId }
      : null,
    turn: s.turn ?? null,
    meetingId: s.meetingId ?? null,
    optedOut: s.driver === 'opted_out',
    closed: s.closed,
    lastActivityAt: s.lastActivityAt ?? null,
    revision: row.revision.toString(),
  };
}

/** Who a supervisor's command says did it (an admin acts as themself). */
const supervisorActor = (who: Principal) =>
  ({ kind: who.role === 'admin' ? 'admin' : 'supervisor', id: who.subject }) as const;

@Controller('v1/conversations')
export class ConversationsController {
  constructor(
    private readonly readModel: ConversationReadModel,
    private readonly streams: ConversationStreams,
    private readonly outcomes: CommandOutcomes,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  @Get()
  async list(@CurrentPrincipal() who: Principal, @ValidQuery(ConversationListQuery) query: ConversationListQuery) {
    const { driver, leadPhone, limit: size = 50 } = query;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.readModel.list(who.tenantId, { driver, leadPhone, limit: size, cursor: after });
    const last = rows[rows.length - 1];
    return {
      items: rows.map(view),
      nextCursor:
        rows.length === size && last?.state.lastActivityAt
          ? Buffer.from(JSON.stringify({ at: last.state.lastActivityAt, id: last.conversationId })).toString(
              'base64url',
            )
          : null,
    };
  }

  @Get(':id')
  async get(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    const tenantId = who.tenantId;
    const { state, revision } = await this.streams.read(tenantId, this.checked(id));
    if (revision === undefined) throw new NotFoundException(`no conversation ${id}`);
    return view({ tenantId, conversationId: id, revision, state, updatedAt: new Date() });
  }

  /** The conversation's stream in order, as stored: the audit record. */
  @Get(':id/events')
  async events(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    const out = [];
    for await (const e of this.store.readStream(streamIdOf(who.tenantId, this.checked(id)))) {
      out.push({
        id: e.id,
        type: e.type,
        revision: e.revision.toString(),
        data: e.data,
        metadata: e.metadata,
        storedAt: e.createdAt.toISOString(),
      });
    }
    if (out.length === 0) throw new NotFoundException(`no conversation ${id}`);
    return { conversationId: id, events: out };
  }

  @Post(':id/takeover')
  @HttpCode(202)
  @AllowRoles('rep', 'supervisor')
  takeOver(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @ValidBody(TakeOverBody) body: TakeOverBody,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const repId = this.rep(body, who);
    return this.request(
      TakeOverRequested,
      who,
      id,
      { actor: { kind: 'rep', id: repId }, repId, ...(body.repName ? { repName: body.repName } : {}) },
      prefer,
      res,
    );
  }

  @Post(':id/handback')
  @HttpCode(202)
  @AllowRoles('rep', 'supervisor')
  handBack(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @ValidBody(HandBackBody) body: HandBackBody,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const repId = this.rep(body, who);
    return this.request(
      HandBackRequested,
      who,
      id,
      { actor: { kind: 'rep', id: repId }, repId, ...(body.note ? { note: body.note } : {}) },
      prefer,
      res,
    );
  }

  @Post(':id/pause')
  @HttpCode(202)
  @AllowRoles('supervisor')
  pause(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @ValidBody(PauseBody) body: PauseBody,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.request(
      PauseRequested,
      who,
      id,
      {
        actor: supervisorActor(who),
        ...(body.reason ? { reason: body.reason } : {}),
      },
      prefer,
      res,
    );
  }

  @Post(':id/resume')
  @HttpCode(202)
  @AllowRoles('supervisor')
  resume(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @ValidBody(ResumeBody) _body: unknown,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.request(ResumeRequested, who, id, { actor: supervisorActor(who) }, prefer, res);
  }

  @Post(':id/close')
  @HttpCode(202)
  @AllowRoles('supervisor')
  close(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @ValidBody(CloseBody) body: CloseBody,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.request(
      CloseRequested,
      who,
      id,
      {
        actor: supervisorActor(who),
        ...(body.reason ? { reason: body.reason } : {}),
      },
      prefer,
      res,
    );
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
    for await (const first of this.store.readStream(streamIdOf(tenantId, this.checked(id)), { maxCount: 1 }))
      if (first) return id;
    throw new NotFoundException(`no conversation ${id}`);
  }

  /**
   * A change to a conversation is a command event, decided by the aggregate when it is consumed. The caller
   * learns what became of it: the request waits for the decision (3 s, or `Prefer: wait=N` up to 30 s; `wait=0`
   * answers at once) and answers 200 with the outcome, 409 when a rule refused it, or 202 with where to poll.
   */
  private async request(
    definition: EventDefinition,
    who: Principal,
    id: string,
    data: Record<string, unknown>,
    prefer: string | undefined,
    res: Response,
  ) {
    // Commands act on conversations that exist, in the caller's tenant: anything else is not found (no phantom streams).
    const conversationId = await this.existing(who.tenantId, id);
    const event = newEvent(definition, {
      subject: conversationId,
      tenantid: who.tenantId,
      source: '/baton/api',
      data: data as never,
    });
    await this.sql.transaction(async (tx) => {
      await this.outcomes.requested(tx, who.tenantId, event.id, conversationId, event.type);
      this.bus.publishWithin(tx, topics.conversationCommands, [busMessage(event)]);
    });
    const waitMs = preferredWait(prefer);
    const outcome =
      (waitMs > 0 ? await this.outcomes.await(who.tenantId, event.id, waitMs) : undefined) ??
      ({ commandId: event.id, status: 'pending' } as CommandOutcome);
    res.setHeader('Location', `/v1/commands/${event.id}`);
    return commandAnswer(outcome, res);
  }
}

/** What became of a command: 200 once decided (applied or unchanged), 409 refused, 422 not recordable, 202 pending. */
function commandAnswer(outcome: CommandOutcome, res: Response) {
  if (outcome.status === 'refused')
    throw new ConflictException({
      message: outcome.detail ?? 'the conversation refused the command',
      code: outcome.code,
      commandId: outcome.commandId,
    });
  if (outcome.status === 'failed')
    throw new HttpException(
      {
        message: `the command could not be recorded: ${outcome.detail ?? 'unknown cause'}`,
        commandId: outcome.commandId,
      },
      422,
    );
  res.status(outcome.status === 'pending' ? 202 : 200);
  return { accepted: true, ...outcome };
}

/** RFC 7240 `Prefer: wait=N` (seconds), bounded; 3 s by default. */
function preferredWait(prefer: string | undefined): number {
  const match = /(?:^|[,;\s])wait=(\d{1,3})\b/i.exec(prefer ?? '');
  return match ? Math.min(Number(match[1]), 30) * 1000 : 3000;
}

@Controller('v1/commands')
export class CommandsController {
  constructor(private readonly outcomes: CommandOutcomes) {}

  /** A command's outcome, for a caller that did not wait (or whose wait ran out). */
  @Get(':commandId')
  async get(
    @CurrentPrincipal() who: Principal,
    @Param('commandId') commandId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!/^[0-9a-f-]{36}$/i.test(commandId)) throw new NotFoundException(`no command ${commandId}`);
    const outcome = await this.outcomes.get(who.tenantId, commandId);
    if (!outcome) throw new NotFoundException(`no command ${commandId}`);
    res.status(200);
    return outcome;
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
