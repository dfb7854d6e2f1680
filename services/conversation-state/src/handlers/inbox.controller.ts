import { Controller, Get } from '@nestjs/common';
import { InboxQuery } from '@baton/contracts';
import { CurrentPrincipal, ValidQuery, type Principal } from '@baton/service-runtime';
import { ConversationReadModel } from '../adapters/conversation-read-model';
import { view } from './conversations.controller';

/**
 * `GET /v1/inbox`: what the rep console lists. Handoff-pending first, the lead who has waited longest since the
 * trigger first, each with `waitingSince`; then rep-held, paused and AI-driven ones by latest activity. `counts`
 * is the number per driver under the same filters (view, vertical, channel), whatever `driver` narrows the list to.
 */
@Controller('v1/inbox')
export class InboxController {
  constructor(private readonly readModel: ConversationReadModel) {}

  @Get()
  async list(@CurrentPrincipal() who: Principal, @ValidQuery(InboxQuery) query: InboxQuery) {
    const mine = query.view === 'mine';
    const { rows, counts } = await this.readModel.inbox(who.tenantId, {
      ...(mine ? { repId: who.subject } : {}),
      unassigned: query.view === 'unassigned',
      driver: query.driver,
      vertical: query.vertical,
      channel: query.channel,
      includeClosed: query.includeClosed ?? false,
      limit: query.limit ?? 100,
    });
    return {
      counts,
      items: rows.map((row) => ({
        ...view(row),
        waitingSince: row.state.driver === 'handoff_pending' ? (row.state.handoff?.at ?? null) : null,
      })),
    };
  }
}
