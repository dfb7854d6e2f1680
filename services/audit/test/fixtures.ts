import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConversationStarted,
  HandoffTriggered,
  HumanTookOver,
  LeadOptedOut,
  MeetingAttended,
  MeetingBooked,
  MeetingNoShow,
  MessageBlocked,
  MessageReceived,
  MessageSent,
  newEvent,
  RepReQuestioned,
  SignalDetected,
  SlotsOffered,
  TurnGranted,
  type CloudEvent,
  type DataOf,
  type EventDefinition,
} from '@baton/contracts';
import type { Sql } from '@baton/sql';
import { readAuditConfig } from '../src/config';
import { AuditStore } from '../src/adapters/audit-store';

export const leadPhone = '+15125550100';
export const batonNumber = '+15125550199';

/** A valid event of any definition, at a fixed time (tests never depend on the clock). */
export function anEvent<E extends EventDefinition>(
  definition: E,
  data: DataOf<E>,
  fields: { tenant?: string; conversation?: string; time?: string; id?: string } = {},
): CloudEvent {
  const source = `/baton/${definition.topic.split('.')[1]}`;
  return newEvent(definition, {
    data,
    subject: fields.conversation ?? 'c-1',
    tenantid: fields.tenant ?? 'default',
    source,
    time: fields.time ?? '2026-03-02T15:00:00.000Z',
    ...(fields.id ? { id: fields.id } : {}),
  });
}

const who = (at: string) => ({ actor: { kind: 'lead' as const }, cause: 'lead wrote', at });
const system = (at: string) => ({
  actor: { kind: 'system' as const, id: 'conversation-state' },
  cause: 'signals detected',
  at,
});

/** What a meeting's outcome says (the rep recorded it through the API). */
const outcome = (meetingId: string) => ({
  meetingId,
  repId: 'rep-7',
  repName: 'Sarah',
  start: '2026-03-03T16:00:00.000Z',
  leadTimezone: 'America/Chicago',
  source: 'api' as const,
  recordedBy: 'rep-7',
});

/** A conversation's usual events, one of each kind the audit log sees most. */
export const events = {
  received: (body: string, f: Parameters<typeof anEvent>[2] = {}) =>
    anEvent(
      MessageReceived,
      {
        messageId: randomUUID(),
        providerMessageId: `SM${randomUUID().slice(0, 8)}`,
        leadPhone,
        batonNumber,
        channel: 'sms',
        body,
        receivedAt: f.time ?? '2026-03-02T15:00:00.000Z',
      },
      f,
    ),
  sent: (
    body: string,
    author: 'ai' | 'rep' | 'system',
    f: Parameters<typeof anEvent>[2] & { turnId?: string; repId?: string } = {},
  ) =>
    anEvent(
      MessageSent,
      {
        messageId: randomUUID(),
        author,
        idempotencyKey: randomUUID(),
        leadPhone,
        batonNumber,
        channel: 'sms',
        body,
        sentAt: f.time ?? '2026-03-02T15:00:00.000Z',
        ...(f.turnId ? { turnId: f.turnId } : {}),
        ...(f.repId ? { repId: f.repId } : {}),
      },
      f,
    ),
  blocked: (
    reason: DataOf<typeof MessageBlocked>['reason'],
    f: Parameters<typeof anEvent>[2] & { turnId?: string } = {},
  ) =>
    anEvent(
      MessageBlocked,
      {
        idempotencyKey: randomUUID(),
        author: 'ai',
        reason,
        detail: `refused: ${reason}`,
        ...(f.turnId ? { turnId: f.turnId } : {}),
      },
      f,
    ),
  signal: (
    signal: 'explicit_request' | 'high_intent' | 'sentiment_shift' | 'out_of_confidence',
    text: string,
    f: Parameters<typeof anEvent>[2] & { messageId?: string } = {},
  ) =>
    anEvent(
      SignalDetected,
      {
        messageId: f.messageId ?? randomUUID(),
        detections: [{ signal, confidence: 0.9, evidence: { text, start: 0, end: text.length }, detector: 'rules' }],
        engine: 'rules',
        message: {
          text,
          receivedAt: f.time ?? '2026-03-02T15:00:00.000Z',
          leadPhone,
          batonNumber,
          channel: 'sms',
          recent: [],
        },
      },
      f,
    ),
  started: (f: Parameters<typeof anEvent>[2] & { vertical?: string } = {}) =>
    anEvent(
      ConversationStarted,
      {
        leadPhone,
        batonNumber,
        channel: 'sms',
        ...(f.vertical ? { vertical: f.vertical } : {}),
        ...who(f.time ?? '2026-03-02T15:00:00.000Z'),
      },
      f,
    ),
  triggered: (
    f: Parameters<typeof anEvent>[2] & {
      mode?: 'async_booking' | 'live_takeover' | 'warm_transfer';
      text?: string;
    } = {},
  ) =>
    anEvent(
      HandoffTriggered,
      {
        mode: f.mode ?? 'live_takeover',
        messageId: randomUUID(),
        signals: [
          {
            signal: 'explicit_request',
            confidence: 0.95,
            evidence: { text: f.text ?? 'can I talk to a person', start: 0, end: 22 },
            detector: 'rules',
          },
        ],
        ...system(f.time ?? '2026-03-02T15:00:00.000Z'),
      },
      f,
    ),
  turn: (
    turnId: string,
    directive: 'qualify' | 'handoff_transition' | 'offer_slots' | 'confirm_booking',
    f: Parameters<typeof anEvent>[2] = {},
  ) =>
    anEvent(
      TurnGranted,
      {
        turnId,
        inReplyTo: randomUUID(),
        directive,
        ...system(f.time ?? '2026-03-02T15:00:00.000Z'),
      },
      f,
    ),
  tookOver: (repId: string, f: Parameters<typeof anEvent>[2] = {}) =>
    anEvent(
      HumanTookOver,
      {
        repId,
        actor: { kind: 'rep', id: repId },
        cause: 'rep claimed the conversation',
        at: f.time ?? '2026-03-02T15:00:00.000Z',
      },
      f,
    ),
  optedOut: (f: Parameters<typeof anEvent>[2] = {}) =>
    anEvent(
      LeadOptedOut,
      {
        leadPhone,
        batonNumber,
        channel: 'all',
        source: 'keyword',
        keyword: 'STOP',
        at: f.time ?? '2026-03-02T15:00:00.000Z',
      },
      f,
    ),
  slotsOffered: (repId: string, f: Parameters<typeof anEvent>[2] = {}) =>
    anEvent(
      SlotsOffered,
      {
        offerId: randomUUID(),
        slots: [{ start: '2026-03-03T16:00:00.000Z', end: '2026-03-03T16:15:00.000Z' }],
        leadTimezone: 'America/Chicago',
        repName: 'Sarah',
        minutes: 15,
        why: 'handoff',
        repId,
      },
      f,
    ),
  booked: (meetingId: string, repId: string, start: string, f: Parameters<typeof anEvent>[2] = {}) =>
    anEvent(
      MeetingBooked,
      {
        meetingId,
        repId,
        repName: 'Sarah',
        start,
        end: new Date(Date.parse(start) + 15 * 60_000).toISOString(),
        leadTimezone: 'America/Chicago',
        leadInvited: false,
        reminderMinutes: 30,
      },
      f,
    ),
  attended: (meetingId: string, f: Parameters<typeof anEvent>[2] = {}) =>
    anEvent(MeetingAttended, outcome(meetingId), f),
  noShow: (meetingId: string, f: Parameters<typeof anEvent>[2] = {}) => anEvent(MeetingNoShow, outcome(meetingId), f),
  reQuestioned: (repId: string, f: Parameters<typeof anEvent>[2] = {}) =>
    anEvent(
      RepReQuestioned,
      {
        repId,
        field: 'credit_score',
        askedMessageId: randomUUID(),
        knownMessageId: randomUUID(),
        knownValue: '748',
      },
      f,
    ),
};

/** The audit store on a test database, with its keys in a fresh data dir. */
export async function openAuditStore(sql: Sql, env: Record<string, string> = {}): Promise<AuditStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-audit-'));
  return AuditStore.open(sql, readAuditConfig({ BATON_DATA_DIR: dataDir, ...env }));
}

/** A conversation's worth of mixed events for a tenant. */
export function aHistory(tenant: string, size: number): CloudEvent[] {
  const out: CloudEvent[] = [];
  for (let i = 0; i < size; i++) {
    const conversation = `c-${i % 3}`;
    const time = new Date(Date.parse('2026-03-02T15:00:00.000Z') + i * 1000).toISOString();
    const kinds = [
      () => events.received(`message ${i}`, { tenant, conversation, time }),
      () => events.signal('high_intent', `ready to buy ${i}`, { tenant, conversation, time }),
      () => events.turn(`turn-${i}`, 'qualify', { tenant, conversation, time }),
      () => events.sent(`answer ${i}`, 'ai', { tenant, conversation, time }),
    ];
    out.push(kinds[i % kinds.length]!());
  }
  return out;
}
