import type { CloudEvent } from '@baton/contracts';
import type { EventStore } from '@baton/event-store';
import { canonicalForm } from '../domain/hash-chain';
import { keyIdsOf, maskErased, unsealEvent } from '../domain/sealing';
import { buildTimeline, type ReplayedState, type StreamFact, type Timeline } from '../domain/timeline';
import type { AuditStore } from './audit-store';
import { fetchLiveConversation, type LiveView } from './live-conversations';

/** Raised when the event store holds no stream for the conversation: a 404, or exit code 2 in the CLI. */
export class UnknownConversation extends Error {
  readonly code = 'unknown-conversation';
  constructor(readonly conversationId: string) {
    super(`no conversation ${conversationId} in the event store`);
  }
}

export const streamOf = (tenantId: string, conversationId: string) => `conversation-${tenantId}-${conversationId}`;

export interface Mismatch {
  field: string;
  replayed: unknown;
  live: unknown;
}

export interface Replay {
  timeline: Timeline;
  /** The replayed state against the live service's. */
  live: { compared: boolean; reason?: string; mismatches: Mismatch[] };
  /** Every fact of the stream against its copy in the audit log. */
  auditLog: { facts: number; missing: string[]; differing: string[]; notInStream: string[] };
  ok: boolean;
}

export interface LiveSource {
  apiUrl?: string;
  token?: string;
}

const compareLive = (state: ReplayedState, view: LiveView): Mismatch[] => {
  const pairs: [string, unknown, unknown][] = [
    ['driver', state.driver, view.driver],
    ['assignedRepId', state.repId, view.assignedRepId ?? null],
    ['handoff.mode', state.handoff?.mode ?? null, view.handoff?.mode ?? null],
    ['handoff.triggeredAt', state.handoff?.triggeredAt ?? null, view.handoff?.triggeredAt ?? null],
    ['handoff.messageId', state.handoff?.messageId ?? null, view.handoff?.messageId ?? null],
    ['turn.turnId', state.turn?.turnId ?? null, view.turn?.turnId ?? null],
    ['turn.directive', state.turn?.directive ?? null, view.turn?.directive ?? null],
    ['turn.open', state.turn?.open ?? null, view.turn?.open ?? null],
    ['meetingId', state.meetingId, view.meetingId ?? null],
    ['optedOut', state.optedOut, view.optedOut],
    ['closed', state.closed, view.closed],
    ['revision', String(state.revision), view.revision],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([field, replayed, live]) => ({ field, replayed, live }));
};

/**
 * Replay for auditors: the conversation rebuilt from its event-store stream (not from the audit copy), its
 * timeline, and two comparisons: with the live service's state (through the public API) and with the audit
 * log's copy of every fact.
 */
export class ConversationReplay {
  constructor(
    private readonly events: EventStore,
    private readonly audit: AuditStore,
  ) {}

  async facts(tenantId: string, conversationId: string): Promise<StreamFact[]> {
    const facts: StreamFact[] = [];
    for await (const stored of this.events.readStream(streamOf(tenantId, conversationId))) {
      facts.push({
        id: stored.id,
        type: stored.type,
        revision: Number(stored.revision),
        data: stored.data as Record<string, unknown>,
      });
    }
    return facts;
  }

  async replay(tenantId: string, conversationId: string, live: LiveSource = {}): Promise<Replay> {
    let facts = await this.facts(tenantId, conversationId);
    if (facts.length === 0) throw new UnknownConversation(conversationId);
    const audited = await this.audited(tenantId, conversationId);
    let liveResult: Replay['live'] = {
      compared: false,
      reason: 'no API to compare with (give --api and --token, or set BATON_AUDIT_API_URL)',
      mismatches: [],
    };
    let timeline = buildTimeline(tenantId, conversationId, facts, audited);
    if (live.apiUrl && live.token) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const answer = await fetchLiveConversation(live.apiUrl, live.token, conversationId);
        if ('unavailable' in answer) {
          liveResult = { compared: false, reason: answer.unavailable, mismatches: [] };
          break;
        }
        if (!answer.found) {
          liveResult = {
            compared: true,
            mismatches: [
              { field: 'conversation', replayed: 'in the event store', live: 'unknown to the live service' },
            ],
          };
          break;
        }
        // The conversation moved on between the two reads: read the stream again and compare the same revision.
        if (Number(answer.view.revision) > timeline.state.revision && attempt < 2) {
          facts = await this.facts(tenantId, conversationId);
          timeline = buildTimeline(tenantId, conversationId, facts, audited);
          continue;
        }
        liveResult = { compared: true, mismatches: compareLive(timeline.state, answer.view) };
        break;
      }
    }
    const auditLog = this.compareWithAuditLog(facts, audited);
    const ok =
      liveResult.mismatches.length === 0 &&
      auditLog.missing.length === 0 &&
      auditLog.differing.length === 0 &&
      auditLog.notInStream.length === 0;
    return { timeline, live: liveResult, auditLog, ok };
  }

  /** Every conversation stream of the store (or of one tenant), one at a time. */
  async *conversations(tenantId?: string): AsyncGenerator<{ tenantId: string; conversationId: string }> {
    const seen = new Set<string>();
    for await (const stored of this.events.readAll({
      streamPrefix: tenantId ? `conversation-${tenantId}-` : 'conversation-',
    })) {
      if (seen.has(stored.streamId)) continue;
      seen.add(stored.streamId);
      const meta = stored.metadata as { tenantId?: string; conversationId?: string };
      if (meta.tenantId && meta.conversationId && (!tenantId || meta.tenantId === tenantId))
        yield { tenantId: meta.tenantId, conversationId: meta.conversationId };
    }
  }

  /** The audit log's records of the conversation, opened with the keys that are still there. */
  async audited(tenantId: string, conversationId: string): Promise<{ event: CloudEvent; erased: string[] }[]> {
    const sealed: CloudEvent[] = [];
    for await (const record of this.audit.log.conversation(this.audit.sql, tenantId, conversationId))
      sealed.push(JSON.parse(record.body) as CloudEvent);
    const keys = await this.audit.keys.readable(this.audit.sql, sealed.flatMap(keyIdsOf));
    return sealed.map((event) => unsealEvent(event, (id) => keys.get(id)));
  }

  private compareWithAuditLog(
    facts: StreamFact[],
    audited: { event: CloudEvent; erased: string[] }[],
  ): Replay['auditLog'] {
    const byId = new Map(audited.map((a) => [a.event.id, a]));
    const missing: string[] = [];
    const differing: string[] = [];
    for (const f of facts) {
      const copy = byId.get(f.id);
      if (!copy) missing.push(f.id);
      else if (
        copy.event.type !== f.type ||
        canonicalForm(copy.event.data) !==
          canonicalForm(
            maskErased(
              { data: f.data },
              copy.erased.map((p) => `data.${p}`),
            ).data,
          )
      )
        differing.push(f.id);
    }
    const inStream = new Set(facts.map((f) => f.id));
    const notInStream = audited
      .filter((a) => a.event.type.startsWith('baton.conversations.') && !inStream.has(a.event.id))
      .map((a) => a.event.id);
    return { facts: facts.length, missing, differing, notInStream };
  }
}
