import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotAcceptableException,
  NotFoundException,
  Param,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import MarkdownIt from 'markdown-it';
import { BriefQuery } from '@baton/contracts';
import { CurrentPrincipal, ValidQuery, type Principal } from '@baton/service-runtime';
import { BRIEFING_CONFIG, type BriefingConfig } from '../config';
import { BriefingStore } from '../adapters/briefing-store';
import { briefMarkdown } from '../domain/brief-markdown';

const idPattern = /^[A-Za-z0-9._:-]{1,128}$/;
const markdown = new MarkdownIt({ html: false, linkify: false });
const media = ['application/json', 'text/markdown', 'text/html'];

/** GET /v1/conversations/{id}/brief: the latest brief, as JSON, Markdown or HTML by Accept. Any role of the tenant reads it, as it reads the conversation. */
@Controller('v1/conversations')
export class BriefController {
  constructor(
    private readonly store: BriefingStore,
    @Inject(BRIEFING_CONFIG) private readonly config: BriefingConfig,
  ) {}

  @Get(':id/brief')
  async brief(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @ValidQuery(BriefQuery) query: BriefQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!idPattern.test(id)) throw new BadRequestException('conversation id has characters it may not have');
    const c = { tenantId: who.tenantId, conversationId: id };
    const saved = await this.store.brief(this.store.sql, c);
    // another tenant's conversation is as absent as one that never was
    if (!saved)
      throw new NotFoundException(
        `no brief for conversation ${id}: a brief is built when a handoff triggers or a rep takes over`,
      );
    const type = req.accepts(media);
    if (!type) throw new NotAcceptableException(`the brief is served as ${media.join(', ')}`);
    const transcriptUrl = `${this.config.BATON_PUBLIC_URL}/v1/conversations/${encodeURIComponent(id)}/messages`;
    const transcript = query.include === 'transcript' ? await this.store.turns(this.store.sql, c) : undefined;
    res.vary('Accept');
    if (type === 'application/json') {
      const deliveries = (await this.store.deliveries(this.store.sql, c))
        .filter(
          (d) =>
            d.payload.event === undefined || (d.payload.event as { type?: string }).type?.endsWith('brief.ready.v1'),
        )
        .map((d) => ({
          kind: d.kind === 'event' ? 'brief.ready' : 'email',
          repId: d.repId,
          status: d.status,
          attempts: d.attempts,
          ...(d.lastError ? { lastError: d.lastError } : {}),
          createdAt: d.createdAt,
          ...(d.sentAt ? { sentAt: d.sentAt } : {}),
        }));
      return { conversationId: id, ...saved.brief, transcriptUrl, deliveries, ...(transcript ? { transcript } : {}) };
    }
    const text = briefMarkdown(saved.brief, { transcriptUrl }, transcript);
    if (type === 'text/markdown') {
      res.type('text/markdown; charset=utf-8');
      return text;
    }
    res.type('text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return `<!doctype html><html><head><meta charset="utf-8"><title>Brief</title></head><body>${markdown.render(text)}</body></html>`;
  }
}
