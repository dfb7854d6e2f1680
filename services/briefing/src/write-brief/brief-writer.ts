import { Inject, Injectable } from '@nestjs/common';
import MarkdownIt from 'markdown-it';
import { BriefReady, BriefUpdated, derivedEventId, newEvent, RepReQuestioned, type CloudEvent } from '@baton/contracts';
import { ambientTransaction, type Transaction } from '@baton/sql';
import type { Logger } from '@baton/service-runtime';
import { BRIEFING_CONFIG, type BriefingConfig } from '../config';
import { BriefEngines } from '../adapters/brief-engines';
import {
  BriefingStore,
  conversationKey,
  type BatchWrites,
  type BriefContext,
  type Conversation,
  type NewDelivery,
  type StoredState,
} from '../adapters/briefing-store';
import { LeadZones } from '../adapters/lead-zones';
import { SmtpMailer } from '../adapters/smtp-mailer';
import { BriefDispatcher } from '../adapters/brief-dispatcher';
import { assembleBrief } from '../domain/brief';
import type { Brief, BriefInput, RequestionedField, Turn } from '../domain/brief-input';
import { briefMarkdown } from '../domain/brief-markdown';
import {
  decide,
  evolve,
  initialBriefingState,
  type BriefingCommand,
  type BriefingState,
  type Cause,
  type DueDelivery,
} from '../domain/briefing.decider';
import { reQuestionsIn } from '../domain/re-question';

const markdown = new MarkdownIt({ html: false, linkify: false });
const source = '/baton/briefing';

/** What a brief is without the fields that change on every build. */
const content = (brief: Brief) => JSON.stringify({ ...brief, builtAt: undefined, version: undefined });

/** One event's change to a conversation's brief: a message, lifecycle commands, and for a rep's message the check for re-questions. */
export interface BriefChange {
  turn?: Turn;
  commands?: BriefingCommand[];
  /** the event that carried a rep's message: what it asks again is recorded, with this as the cause */
  reQuestion?: Cause;
}
interface Staged {
  c: Conversation;
  changes: { change: BriefChange; log: Logger }[];
}
/** A rep's message, to check for what it asks again: the state and the batch's messages as it arrived. */
interface RepMessage {
  turn: Turn;
  cause: Cause;
  log: Logger;
  state: BriefingState;
  /** the batch's messages before this one */
  before: Turn[];
}

/** A conversation as the batch's changes leave it, before its brief is rebuilt. */
interface Applied {
  c: Conversation;
  log: Logger;
  before: StoredState;
  state: BriefingState;
  /** whether the lifecycle changed */
  decided: boolean;
  repMessages: RepMessage[];
  /** the batch's messages, each once */
  turns: Turn[];
}

const at = (t: Turn) => Date.parse(t.at);
/** Messages in the order the store reads them (time, then arrival): the stored ones, then the batch's new ones. */
const inOrder = (stored: Turn[], added: Turn[]) => [...stored, ...added].sort((x, y) => at(x) - at(y));
const repKey = (tenantId: string, repId: string) => `${tenantId}\n${repId}`;

/**
 * Applies what happened to conversations' briefs, a consumer batch at a time: each handler stages its change in
 * the batch's transaction, and just before it commits every conversation of the batch is locked (in one fixed
 * order) and read once, all its changes are applied in memory (decide/evolve), its brief is rebuilt once if what
 * it is built from changed, and everything is written in one statement. A redelivery finds its work done.
 */
@Injectable()
export class BriefWriter {
  private readonly batches = new WeakMap<Transaction, Map<string, Staged>>();

  constructor(
    private readonly store: BriefingStore,
    private readonly engines: BriefEngines,
    private readonly zones: LeadZones,
    private readonly mailer: SmtpMailer,
    private readonly dispatcher: BriefDispatcher,
    @Inject(BRIEFING_CONFIG) private readonly config: BriefingConfig,
  ) {}

  /**
   * Records the change (a message, lifecycle commands) with the transaction open around this work (a consumer
   * batch's), or in one of its own; once a handoff opened the brief, the brief is up to date when that commits.
   */
  async apply(c: Conversation, log: Logger, change: BriefChange): Promise<void> {
    const open = ambientTransaction(this.store.sql);
    if (open) this.stage(open, c, log, change);
    else await this.store.sql.transaction(async (tx) => this.stage(tx, c, log, change));
  }

  /** A rep's message: recorded, checked for questions the brief already answered, and the brief brought up to date. */
  onRepMessage(c: Conversation, log: Logger, turn: Turn, cause: Cause): Promise<void> {
    return this.apply(c, log, { turn, reQuestion: cause });
  }

  private stage(tx: Transaction, c: Conversation, log: Logger, change: BriefChange): void {
    let batch = this.batches.get(tx);
    if (!batch) {
      const staged = new Map<string, Staged>();
      this.batches.set(tx, staged);
      tx.beforeCommit(() => this.write(tx, [...staged.values()]));
      batch = staged;
    }
    const key = conversationKey(c);
    const staged = batch.get(key) ?? { c, changes: [] };
    batch.set(key, staged);
    staged.changes.push({ change, log });
  }

  private async write(tx: Transaction, batch: Staged[]): Promise<void> {
    const stored = await this.store.lockStates(
      tx,
      batch.map((s) => s.c),
    );
    const writes: BatchWrites = { messages: [], states: [], briefs: [], reQuestions: [], deliveries: [] };
    const applied = batch.map((s) => this.applyChanges(s, stored.get(conversationKey(s.c)), writes));

    // What the briefs are built from, for the conversations a handoff opened and those with a rep's message.
    const read = applied.filter((a) => a.state.phase !== 'none' || a.repMessages.length > 0);
    const reps = new Map<string, { tenantId: string; repId: string }>();
    for (const a of read)
      for (const repId of [
        a.state.repId,
        ...a.repMessages.map((m) => m.state.repId),
        ...a.state.due.map((d) => d.repId),
      ])
        if (repId) reps.set(repKey(a.c.tenantId, repId), { tenantId: a.c.tenantId, repId });
    const due = read.flatMap((a) => a.state.due.map((d) => ({ tenantId: a.c.tenantId, repId: d.repId })));
    await this.store.lockReps(tx, due, 'shared');
    const context =
      read.length > 0
        ? await this.store.briefContext(
            tx,
            read.map((a) => a.c),
            [...reps.values()],
          )
        : undefined;

    for (const a of applied) {
      const key = conversationKey(a.c);
      const saved = context?.turns.get(key) ?? [];
      const fresh = a.turns.filter((t) => !saved.some((x) => x.id === t.id));
      const known = context?.reQuestions.get(key) ?? [];
      const added = await this.reQuestionsOf(a, { saved, fresh, known }, context, writes);
      // Before a handoff there is no brief: a message changes nothing it is built from yet.
      const changed = a.decided || (a.state.phase !== 'none' && fresh.length > 0) || added.length > 0;
      const revision = changed ? a.before.revision + 1 : a.before.revision;
      const previous = context?.briefs.get(key);
      const built =
        a.state.phase !== 'none' && (changed || previous?.builtFrom !== revision || a.state.due.length > 0)
          ? await this.rebuild(
              a,
              previous,
              { turns: inOrder(saved, fresh), reQuestions: [...known, ...added] },
              context!,
              writes,
            )
          : undefined;
      const state = built?.state ?? a.state;
      const final = built?.handed ? a.before.revision + 1 : revision;
      if (built) writes.briefs.push({ c: a.c, brief: built.brief, builtFrom: final });
      if (final !== a.before.revision) writes.states.push({ c: a.c, state, revision: final });
    }
    await this.store.writeBatch(tx, writes);
    // A round once this commits, only when the outbox got something (most batches change no delivery).
    if (writes.deliveries.length > 0) tx.afterCommit(() => this.dispatcher.nudge());
  }

  /** A conversation's changes in arrival order, in memory: the lifecycle decided, its messages (each once) to record. */
  private applyChanges(s: Staged, stored: StoredState | undefined, writes: BatchWrites): Applied {
    const before = stored ?? { state: initialBriefingState(), revision: 0 };
    let state = before.state;
    let decided = false;
    const repMessages: RepMessage[] = [];
    const turns: Turn[] = [];
    for (const { change, log } of s.changes) {
      for (const command of change.commands ?? []) {
        const events = decide(command, state);
        if (events.length > 0)
          log.info({ command: command.type, decided: events.map((e) => e.type) }, 'brief lifecycle decided');
        for (const event of events) state = evolve(state, event);
        decided ||= events.length > 0;
      }
      if (!change.turn) continue;
      const turn = { ...change.turn, at: new Date(change.turn.at).toISOString() };
      if (change.reQuestion) repMessages.push({ turn, cause: change.reQuestion, log, state, before: [...turns] });
      if (turns.some((t) => t.id === turn.id)) continue;
      turns.push(turn);
      writes.messages.push({ c: s.c, turn: change.turn });
    }
    return { c: s.c, log: s.changes[0]!.log, before, state, decided, repMessages, turns };
  }

  /**
   * What each rep's message asks again that the lead said before it (the messages stored and the batch's earlier
   * ones), each field once per message: recorded, with rep.re-questioned for the outbox.
   */
  private async reQuestionsOf(
    a: Applied,
    turns: { saved: Turn[]; fresh: Turn[]; known: RequestionedField[] },
    context: BriefContext | undefined,
    writes: BatchWrites,
  ): Promise<RequestionedField[]> {
    const added: RequestionedField[] = [];
    for (const m of a.repMessages) {
      const earlier = inOrder(
        turns.saved,
        m.before.filter((t) => turns.fresh.includes(t)),
      ).filter((t) => t.id !== m.turn.id);
      const input = await this.inputOf(a.c, { state: m.state, turns: [...earlier, m.turn] }, context);
      const found = reQuestionsIn(m.turn, input).filter(
        (r) => ![...turns.known, ...added].some((k) => k.askedMessageId === r.askedMessageId && k.field === r.field),
      );
      for (const r of found) {
        added.push(r);
        writes.reQuestions.push({ c: a.c, r });
        const event = newEvent(RepReQuestioned, {
          id: derivedEventId(`re-questioned:${a.c.tenantId}:${m.turn.id}:${r.field}`),
          subject: a.c.conversationId,
          tenantid: a.c.tenantId,
          source,
          cause: m.cause,
          data: r,
        });
        writes.deliveries.push({ c: a.c, d: this.eventDelivery(event, r.repId ?? 'unknown') });
      }
      if (found.length > 0)
        m.log.info(
          { messageId: m.turn.id, repId: m.turn.repId, fields: found.map((r) => r.field) },
          'rep asked again for what the brief held',
        );
    }
    // the order the store reads them in: by when recorded (this transaction's last), then by field
    return added.sort((x, y) => (x.field < y.field ? -1 : x.field > y.field ? 1 : 0));
  }

  /**
   * The brief built once from the conversation as the batch leaves it, with the deliveries it made due (the
   * brief they carry is this one, so up to date) and brief.updated while the handoff waits for a rep.
   */
  private async rebuild(
    a: Applied,
    previous: { brief: Brief } | undefined,
    from: { turns: Turn[]; reQuestions: RequestionedField[] },
    context: BriefContext,
    writes: BatchWrites,
  ): Promise<{ brief: Brief; state: BriefingState; handed: boolean }> {
    let state = a.state;
    const input = await this.inputOf(a.c, { state, ...from }, context);
    const written = await this.engines.write(input);
    if (written.fallbackReason)
      a.log.warn({ reason: written.fallbackReason }, 'brief model failed; the offline engine wrote the brief');
    const meta = {
      briefId: derivedEventId(`brief:${a.c.tenantId}:${a.c.conversationId}`),
      cycle: state.cycle,
      status: state.phase === 'final' ? ('final' as const) : ('draft' as const),
      builtAt: new Date().toISOString(),
      engine: written.engine,
    };
    let brief = assembleBrief(input, written.draft, { ...meta, version: previous?.brief.version ?? 1 });
    if (previous && content(previous.brief) !== content(brief))
      brief = { ...brief, version: previous.brief.version + 1 };
    else if (previous) brief = { ...brief, builtAt: previous.brief.builtAt };
    const handed = state.due.length > 0;
    if (handed) {
      for (const d of this.deliveriesOf(a.c, brief, state.due, context)) writes.deliveries.push({ c: a.c, d });
      a.log.info(
        { briefVersion: brief.version, deliveries: state.due.map((d) => `${d.reason}:${d.repId}`) },
        'brief delivered to the outbox',
      );
      state = decide({ type: 'hand-to-outbox', deliveries: state.due }, state).reduce(evolve, state);
    }
    const updated = !previous || previous.brief.version !== brief.version;
    if (updated && state.phase === 'open')
      writes.deliveries.push({ c: a.c, d: this.eventDelivery(this.updatedEvent(a.c, brief, state), '') });
    if (updated)
      a.log.info(
        { briefVersion: brief.version, cycle: brief.cycle, status: brief.status, engine: brief.engine },
        'brief updated',
      );
    return { brief, state, handed };
  }

  private async inputOf(
    c: Conversation,
    from: { state: BriefingState; turns: Turn[]; reQuestions?: RequestionedField[] },
    context: BriefContext | undefined,
  ): Promise<BriefInput> {
    const { state, turns } = from;
    const phone = state.lead?.phone ?? '+10000000000';
    const zone = state.lead ? await this.zones.zoneOf(phone) : undefined;
    const rep = state.repId ? context?.reps.get(repKey(c.tenantId, state.repId)) : undefined;
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
  private deliveriesOf(c: Conversation, brief: Brief, due: DueDelivery[], context: BriefContext): NewDelivery[] {
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
      const rep = context.reps.get(repKey(c.tenantId, d.repId));
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
