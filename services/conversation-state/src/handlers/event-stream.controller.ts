import {
  BadRequestException,
  Controller,
  Get,
  Headers,
  Inject,
  Req,
  Res,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { EventStreamQuery } from '@baton/contracts';
import type { Position, StoredEvent } from '@baton/event-store';
import { CurrentPrincipal, LOGGER, ValidQuery, type Logger, type Principal } from '@baton/service-runtime';
import { ConversationFeed } from '../adapters/conversation-feed';
import { ConversationReadModel } from '../adapters/conversation-read-model';
import { MessageHints, type MessageHint } from '../adapters/message-hints';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const conversationFactPrefix = 'baton.conversations.';
/** The facts that change who drives a conversation: every rep hears of them, whoever holds it. */
const driverChanges = new Set(
  ['human.took-over', 'handed-back', 'ai.paused', 'ai.resumed', 'opted-out', 'opted-in', 'conversation.closed'].map(
    (name) => `${conversationFactPrefix}${name}.v1`,
  ),
);
/** How often a quiet stream sends a comment, so proxies and load balancers keep it open. */
const keepAliveMs = 15_000;

/** An event id of the stream: the fact's position in the store's global order, `<commit>.<prepare>`. */
export const eventIdOf = (position: Position) => `${position.commit}.${position.prepare}`;
export function positionOf(lastEventId: string): Position {
  const match = /^(\d{1,20})\.(\d{1,20})$/.exec(lastEventId.trim());
  if (!match) throw new BadRequestException('Last-Event-ID is not an id this stream gave out');
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

/**
 * `GET /v1/events/stream`: the tenant's conversation facts as server-sent events, live, in the event store's
 * global order. Each `conversation` event's id is its position in that order, so a client that reconnects with
 * `Last-Event-ID` gets exactly what came after (nothing lost, nothing twice). A fresh connection starts at the
 * end and says `ready` (with the position) once it is listening: a console loads its lists after that.
 * `message` events (no id) say a transcript changed. Auth is the bearer token, as on every /v1 route: a
 * console uses a fetch-based SSE client, never a token in the URL.
 * Reps see everything of their own conversations and the unassigned ones, and of the others only the changes of
 * driver (so a rep who lost a race learns who won); supervisors, auditors, admins and agents see the whole tenant.
 */
@Controller('v1/events')
export class EventStreamController implements BeforeApplicationShutdown {
  /** The streams open on this instance, each with what ends it. */
  private readonly open = new Set<() => void>();

  constructor(
    private readonly feed: ConversationFeed,
    private readonly readModel: ConversationReadModel,
    private readonly hints: MessageHints,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('stream')
  async stream(
    @CurrentPrincipal() who: Principal,
    @ValidQuery(EventStreamQuery) _query: unknown,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const after = lastEventId ? positionOf(lastEventId) : undefined;
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    let open = true;
    const send = (frame: string) => {
      if (open) res.write(frame);
    };
    send('retry: 2000\n\n');
    const prefix = `conversation-${who.tenantId}-`;
    const feed = this.feed.join(
      {
        tenantId: who.tenantId,
        deliver: async (stored) => {
          const conversationId = stored.streamId.slice(prefix.length);
          if (!open || !uuid.test(conversationId) || !(await this.visible(who, conversationId, stored.type))) return;
          send(
            `id: ${eventIdOf(stored.position)}\nevent: conversation\ndata: ${JSON.stringify(factView(stored, conversationId))}\n\n`,
          );
        },
      },
      after,
    );
    const unlisten = this.hints.listen((hint: MessageHint) => {
      if (hint.tenantId !== who.tenantId || !uuid.test(hint.conversationId)) return;
      void this.visible(who, hint.conversationId, hint.type).then(
        (shown) => {
          if (shown)
            send(
              `event: message\ndata: ${JSON.stringify({ conversationId: hint.conversationId, type: hint.type })}\n\n`,
            );
        },
        () => undefined,
      );
    });
    const keepAlive = setInterval(() => send(': keep-alive\n\n'), keepAliveMs);
    keepAlive.unref();
    const end = () => {
      if (!open) return;
      open = false;
      this.open.delete(end);
      clearInterval(keepAlive);
      unlisten();
      void feed.then(
        (joined) => joined.leave(),
        () => undefined,
      );
      res.end();
    };
    this.open.add(end);
    req.on('close', end);
    try {
      const joined = await feed;
      send(
        `id: ${eventIdOf(joined.position)}\nevent: ready\ndata: ${JSON.stringify({ role: who.role, subject: who.subject })}\n\n`,
      );
    } catch (error) {
      this.logger.warn({ err: error, tenantId: who.tenantId }, 'event stream could not catch up');
      end(); // the client reconnects with its Last-Event-ID
    }
  }

  /** On shutdown every stream ends, so the server can close; clients reconnect (to another instance) with Last-Event-ID. */
  beforeApplicationShutdown(): void {
    for (const end of [...this.open]) end();
  }

  /**
   * What a caller may see: a rep, everything of the conversations nobody or they hold, and of the others only who
   * drives them (so the inbox stays true and a rep who lost a race learns who won); others, everything.
   */
  private async visible(who: Principal, conversationId: string, type: string): Promise<boolean> {
    if (who.role !== 'rep') return true;
    if (driverChanges.has(type)) return true;
    const holder = await this.readModel.holderOf(who.tenantId, conversationId);
    return holder === undefined || holder === who.subject;
  }
}

/** A fact as the console reads it: its short name, conversation, revision and data (the thread lines stay behind). */
function factView(stored: StoredEvent, conversationId: string) {
  const { lines: _lines, ...data } = (stored.data ?? {}) as Record<string, unknown>;
  return {
    id: stored.id,
    type: stored.type,
    name: stored.type.startsWith(conversationFactPrefix)
      ? stored.type.slice(conversationFactPrefix.length).replace(/\.v\d+$/, '')
      : stored.type,
    conversationId,
    revision: stored.revision.toString(),
    data,
  };
}
