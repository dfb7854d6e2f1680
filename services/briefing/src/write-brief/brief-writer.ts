import { Inject, Injectable } from '@nestjs/common';
import MarkdownIt from 'markdown-it';
import { BriefReady, BriefUpdated, derivedEventId, newEvent, RepReQuestioned, type CloudEvent } from '@baton/contracts';
import { ambientTransaction, type SqlQueryable, type Transaction } from '@baton/sql';
import type { Logger } from '@baton/service-runtime';
import { BRIEFING_CONFIG, type BriefingConfig } from '../config';
import { BriefEngines } from '../adapters/brief-engines';
import { BriefingStore, type Conversation, type NewDelivery } from '../adapters/briefing-store';
import { LeadZones } from '../adapters/lead-zones';
import { SmtpMailer } from '../adapters/smtp-mailer';
import { BriefDispatcher } from '../adapters/brief-dispatcher';
import { assembleBrief } from '../domain/brief';
import type { Brief, BriefInput, RequestionedField, Turn } from '../domain/brief-input';
import { briefMarkdown } from '../domain/brief-markdown';
import { decide, evolve, type BriefingCommand, type BriefingState, type DueDelivery } from '../domain/briefing.decider';
import { reQuestionsIn } from '../domain/re-question';

const markdown = new MarkdownIt({ html: false, linkify: false });
const source = '/baton/briefing';

/** What a brief is without the fields that change on every build. */
const content = (brief: Brief) => JSON.stringify({ ...brief, builtAt: undefined, version: undefined });

/**
 * Applies what happened to a conversation's brief: the lifecycle (decide/evolve) in one transaction, then the
 * brief rebuilt from the conversation's messages and facts, saved with the deliveries it made due. Each step
 * can run again after a crash or a redelivery and finds its work done.
 */
@Injectable()
export class BriefWriter {
  constructor(
    private readonly store: BriefingStore,
    private readonly engines: BriefEngines,
    private readonly zones: LeadZones,
    private readonly mailer: SmtpMailer,
    private readonly dispatcher: BriefDispatcher,
    @Inject(BRIEFING_CONFIG) private readonly config: BriefingConfig,
  ) {}

  /** Records the change (a message, a lifecycle command) and, once a handoff opened the brief, brings it up to date. */
  async apply(c: Conversation, log: Logger, change: { turn?: Turn; commands?: BriefingCommand[] }): Promise<void> {
    const state = await this.within(async (tx) => {
      let { state } = await this.store.lockState(tx, c);
      let changed = change.turn ? await this.store.recordMessage(tx, c, change.turn) : false;
      for (const command of change.commands ?? []) {
        const events = decide(command, state);
        if (events.length > 0)
          log.info({ command: command.type, decided: events.map((e) => e.type) }, 'brief lifecycle decided');
        for (const event of events) state = evolve(state, event);
        changed ||= events.length > 0;
      }
      if (changed) await this.store.saveState(tx, c, state);
      return state;
    });
    if (state.phase !== 'none') await this.rebuild(c, log);
  }

  /** A rep's message: recorded, checked for questions the brief already answered, then the brief is brought up to date. */
  async onRepMessage(
    c: Conversation,
    log: Logger,
    turn: Turn,
    cause: { id: string; correlationid: string },
  ): Promise<RequestionedField[]> {
    const input = await this.inputOf(c, {
      state: (await this.store.state(this.store.sql, c)).state,
      turns: [...(await this.store.turns(this.store.sql, c)).filter((t) => t.id !== turn.id), turn],
    });
    const found = reQuestionsIn(turn, input);
    const recorded: RequestionedField[] = [];
    await this.within(async (tx) => {
      for (const r of found) {
        if (!(await this.store.recordRequestion(tx, c, r))) continue;
        recorded.push(r);
        const event = newEvent(RepReQuestioned, {
          id: derivedEventId(`re-questioned:${c.tenantId}:${turn.id}:${r.field}`),
          subject: c.conversationId,
          tenantid: c.tenantId,
          source,
          cause,
          data: r,
        });
        await this.store.enqueue(tx, c, [this.eventDelivery(event, r.repId ?? 'unknown')]);
        tx.afterCommit(() => this.dispatcher.nudge()); // a round only when the outbox got something
      }
    });
    if (recorded.length > 0)
      log.info(
        { messageId: turn.id, repId: turn.repId, fields: recorded.map((r) => r.field) },
        'rep asked again for what the brief held',
      );
    await this.apply(c, log, { turn });
    return recorded;
  }

  /**
   * Runs in the transaction open around this work (a consumer batch's), or in one of its own: no savepoint for
   * work whose failure fails the batch anyway.
   */
  private within<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const open = ambientTransaction(this.store.sql);
    return open ? fn(open) : this.store.sql.transaction(fn);
  }

  private async inputOf(
    c: Conversation,
    from: { state: BriefingState; turns: Turn[]; reQuestions?: RequestionedField[] },
  ): Promise<BriefInput> {
    const { state, turns } = from;
    const phone = state.lead?.phone ?? '+10000000000';
    const zone = state.lead ? await this.zones.zoneOf(phone) : undefined;
    const rep = state.repId ? await this.store.rep(this.store.sql, c.tenantId, state.repId) : undefined;
    return {
      conversationId: c.conversationId,
      lead: { phone, ...(zone ? { timezone: zone } : {}) },
      source: { ...(state.lead ? { channel: state.lead.channel, batonNumber: state.lead.batonNumber } : {}) },
      turns,
      ...(state.handoff ? { handoff: state.handoff } : {}),
      ...(state.repId
        ? {
            rep: {
              repId: state.repId,
              ...((rep?.name ?? state.repName) ? { name: rep?.name ?? state.repName } : {}),
              ...(rep?.email ? { email: rep.email } : {}),
              ...(rep?.phone ? { phone: rep.phone } : {}),
              ...(rep?.timezone ? { timezone: rep.timezone } : {}),
            },
          }
        : {}),
      ...(state.meeting ? { meeting: state.meeting } : {}),
      reQuestions: from.reQuestions ?? [],
    };
  }

  /** Builds the brief from a snapshot and saves it unless something changed meanwhile (then builds again). */
  private async rebuild(c: Conversation, log: Logger): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { state, revision } = await this.store.state(this.store.sql, c);
      const saved = await this.store.brief(this.store.sql, c);
      if (saved?.builtFrom === revision && state.due.length === 0) return;
      const input = await this.inputOf(c, {
        state,
        turns: await this.store.turns(this.store.sql, c),
        reQuestions: await this.store.requestions(this.store.sql, c),
      });
      const written = await this.engines.write(input);
      if (written.fallbackReason)
        log.warn({ reason: written.fallbackReason }, 'brief model failed; the offline engine wrote the brief');
      let enqueued = false;
      const done = await this.within(async (tx) => {
        const now = await this.store.lockState(tx, c);
        if (now.revision !== revision) return false;
        const previous = await this.store.brief(tx, c);
        const meta = {
          briefId: derivedEventId(`brief:${c.tenantId}:${c.conversationId}`),
          cycle: state.cycle,
          status: state.phase === 'final' ? ('final' as const) : ('draft' as const),
          builtAt: new Date().toISOString(),
          engine: written.engine,
        };
        let brief = assembleBrief(input, written.draft, { ...meta, version: previous?.brief.version ?? 1 });
        if (previous && content(previous.brief) !== content(brief))
          brief = { ...brief, version: previous.brief.version + 1 };
        else if (previous) brief = { ...brief, builtAt: previous.brief.builtAt };
        let builtFrom = revision;
        if (state.due.length > 0) {
          await this.store.enqueue(tx, c, await this.deliveriesOf(tx, c, brief, state.due));
          enqueued = true;
          const handed = decide({ type: 'hand-to-outbox', deliveries: state.due }, state).reduce(evolve, state);
          builtFrom = await this.store.saveState(tx, c, handed);
          log.info(
            { briefVersion: brief.version, deliveries: state.due.map((d) => `${d.reason}:${d.repId}`) },
            'brief delivered to the outbox',
          );
        }
        await this.store.saveBrief(tx, c, brief, builtFrom);
        const updated = !previous || previous.brief.version !== brief.version;
        if (updated && state.phase === 'open') {
          await this.store.enqueue(tx, c, [this.eventDelivery(this.updatedEvent(c, brief, state), '')]);
          enqueued = true;
        }
        // A round once this commits, only when the outbox got something (most rebuilds change no delivery).
        if (enqueued) tx.afterCommit(() => this.dispatcher.nudge());
        if (updated)
          log.info(
            { briefVersion: brief.version, cycle: brief.cycle, status: brief.status, engine: brief.engine },
            'brief updated',
          );
        return true;
      });
      if (done) return;
    }
    log.warn('brief kept changing while it was built; the next event builds it again');
  }

  /**
   * brief.updated: the draft of a handoff that waits for a rep changed. Its id is the brief's version (a build
   * after a crash or a redelivery makes the same version, so the same id); the spoken summary is there for a
   * warm transfer's whisper, which the gateway needs before any brief.ready.
   */
  private updatedEvent(c: Conversation, brief: Brief, state: BriefingState): CloudEvent {
    return newEvent(BriefUpdated, {
      id: derivedEventId(`brief-updated:${c.tenantId}:${c.conversationId}:${brief.briefId}:${brief.version}`),
      subject: c.conversationId,
      tenantid: c.tenantId,
      source,
      data: {
        briefId: brief.briefId,
        version: brief.version,
        cycle: brief.cycle,
        ...(state.handoff?.mode ? { mode: state.handoff.mode } : {}),
        ...(brief.spokenSummary ? { spokenSummary: brief.spokenSummary } : {}),
        briefUrl: this.briefUrl(c),
      },
    });
  }

  private briefUrl(c: Conversation): string {
    return `${this.config.BATON_PUBLIC_URL}/v1/conversations/${encodeURIComponent(c.conversationId)}/brief`;
  }

  private eventDelivery(event: CloudEvent, repId: string): NewDelivery {
    return {
      id: derivedEventId(`delivery:event:${event.id}`),
      kind: 'event',
      repId,
      status: 'pending',
      payload: { event },
    };
  }

  /** brief.ready for the bus (and so the tenant's webhooks), and the mail to the rep. */
  private async deliveriesOf(
    tx: SqlQueryable,
    c: Conversation,
    brief: Brief,
    due: DueDelivery[],
  ): Promise<NewDelivery[]> {
    const base = this.config.BATON_PUBLIC_URL;
    const links = {
      briefUrl: this.briefUrl(c),
      transcriptUrl: `${base}/v1/conversations/${encodeURIComponent(c.conversationId)}/messages`,
    };
    const out: NewDelivery[] = [];
    for (const d of due) {
      const key = `${c.tenantId}:${c.conversationId}:${d.cycle}:${d.repId}`;
      const { status: _status, builtAt: _builtAt, ...core } = brief;
      const event = newEvent(BriefReady, {
        id: derivedEventId(`brief-ready:${key}`),
        subject: c.conversationId,
        tenantid: c.tenantId,
        source,
        ...(d.cause ? { cause: d.cause } : {}),
        data: {
          ...core,
          reason: d.reason,
          repId: d.repId,
          ...(d.meetingId ? { meetingId: d.meetingId } : {}),
          ...links,
        },
      });
      out.push(this.eventDelivery(event, d.repId));
      const rep = await this.store.rep(tx, c.tenantId, d.repId); // inside the transaction: PGlite has one connection
      const text = briefMarkdown(brief, links);
      const who = brief.fields.lead.name?.value ?? brief.fields.lead.phone;
      const mail = {
        subject: `Brief: ${who}${d.reason === 'meeting_booked' && brief.fields.meeting ? `, meeting ${brief.fields.meeting.start}` : ''}`,
        text,
        html: `<!doctype html><meta charset="utf-8">${markdown.render(text)}`,
        messageId: `<${derivedEventId(`mail:${key}`)}@baton>`,
        briefVersion: brief.version,
      };
      const id = derivedEventId(`delivery:email:${key}`);
      if (!this.mailer.configured)
        out.push({
          id,
          kind: 'email',
          repId: d.repId,
          status: 'skipped',
          payload: mail,
          reason: 'SMTP_URL is not set',
        });
      else if (!rep?.email || rep.removed)
        out.push({
          id,
          kind: 'email',
          repId: d.repId,
          status: 'waiting',
          payload: mail,
          reason: rep ? 'the rep has no email address yet' : 'no rep.updated yet for this rep',
        });
      else out.push({ id, kind: 'email', repId: d.repId, status: 'pending', payload: { ...mail, to: rep.email } });
    }
    return out;
  }
}
