import {
  BadRequestException,
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  Req,
  Res,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AuditExportQuery } from '@baton/contracts';
import { EVENT_STORE, AllowRoles, CurrentPrincipal, ValidQuery, type Principal } from '@baton/service-runtime';
import type { EventStore } from '@baton/event-store';
import { AUDIT_CONFIG, type AuditConfig } from '../config';
import { AuditStore } from '../adapters/audit-store';
import { ConversationReplay, UnknownConversation } from '../adapters/conversation-replay';
import { exportRecords } from '../adapters/record-export';
import { timelinePage } from './timeline-page';

const idPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** What auditors read: a conversation's replayed timeline, the tenant's records with their hashes, the checkpoints. */
@Controller('v1/audit')
export class AuditController {
  private readonly replay: ConversationReplay;

  constructor(
    private readonly store: AuditStore,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    private readonly http: HttpAdapterHost,
  ) {
    this.replay = new ConversationReplay(events, store);
  }

  /** The timeline, rebuilt from the event store and compared with the live state (asked with the caller's token) and the audit log. */
  @Get('conversations/:id/timeline')
  @AllowRoles('auditor', 'supervisor')
  async timeline(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    if (!idPattern.test(id)) throw new BadRequestException('conversation id has characters it may not have');
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    let result;
    try {
      result = await this.replay.replay(who.tenantId, id, { apiUrl: this.apiUrl(), token });
    } catch (error) {
      if (error instanceof UnknownConversation) throw new NotFoundException(error.message);
      throw error;
    }
    const body = { ...result.timeline, comparison: { live: result.live, auditLog: result.auditLog }, ok: result.ok };
    if (req.accepts(['application/json', 'text/html']) === 'text/html')
      res.type('text/html; charset=utf-8').send(timelinePage(body));
    else res.json(body);
  }

  /** The tenant's records with their chain hashes, streamed (a page read only once the last was sent). */
  @Get('export')
  @AllowRoles('auditor', 'supervisor')
  async export(
    @CurrentPrincipal() who: Principal,
    @ValidQuery(AuditExportQuery) query: AuditExportQuery,
    @Res() res: Response,
  ) {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from >= to) throw new BadRequestException('from must be before to');
    const format = query.format ?? 'jsonl';
    res.status(200).type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="audit-${who.tenantId}.${format}"`);
    await pipeline(
      Readable.from(exportRecords(this.store.log, this.store.sql, who.tenantId, { from, to }, format)),
      res,
    );
  }

  @Get('checkpoints')
  @AllowRoles('auditor', 'supervisor')
  @Header('cache-control', 'no-store')
  async checkpoints(@CurrentPrincipal() who: Principal) {
    return { items: await this.store.log.checkpoints(this.store.sql, who.tenantId, 100) };
  }

  /** The public API: configured, or this process's own listener (the embedded mode serves every route on one). */
  private apiUrl(): string {
    if (this.config.BATON_AUDIT_API_URL) return this.config.BATON_AUDIT_API_URL;
    const address = this.http.httpAdapter.getHttpServer().address() as { port: number } | null;
    return `http://127.0.0.1:${address?.port ?? 3000}`;
  }
}
