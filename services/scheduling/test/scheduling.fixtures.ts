import type { CloudEvent } from '@baton/contracts';
import type { EventBus, OutgoingMessage } from '@baton/event-bus';
import type { Sql, Transaction } from '@baton/sql';
import pino from 'pino';
import { Calendars } from '../src/adapters/calendars/calendars';
import type { Clock } from '../src/adapters/clock';
import { noteLead } from '../src/adapters/lead-store';
import { Mailer } from '../src/adapters/mailer';
import { Outbox } from '../src/adapters/outbox';
import { saveRep } from '../src/adapters/rep-store';
import { BookMeeting } from '../src/book-meeting/book-meeting';
import { ChangeMeeting } from '../src/change-meeting/change-meeting';
import { readSchedulingConfig } from '../src/config';
import type { Slot } from '@baton/contracts';
import { openOffer, type Offer } from '../src/adapters/meeting-store';
import type { Rep } from '../src/domain/rep';
import { OfferSlots } from '../src/offer-slots/offer-slots';
import { TimerRunner } from '../src/send-reminder/timer-runner';

/** A clock a test moves. */
export class TestClock implements Clock {
  constructor(public at: string) {}
  now(): string {
    return this.at;
  }
  advance(ms: number): void {
    this.at = new Date(Date.parse(this.at) + ms).toISOString();
  }
}

/** A bus that keeps what is published (what the outbox hands on). */
export class CapturingBus implements EventBus {
  readonly adapter = 'capture';
  readonly published: { topic: string; event: CloudEvent }[] = [];
  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    for (const m of messages) this.published.push({ topic, event: JSON.parse(String(m.value)) as CloudEvent });
  }
  publishWithin(tx: Transaction, topic: string, messages: OutgoingMessage[]): void {
    tx.afterCommit(() => this.publish(topic, messages));
  }
  async subscribe(): Promise<never> {
    throw new Error('not in this test');
  }
  async healthy(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
  of(type: string): CloudEvent[] {
    return this.published.map((p) => p.event).filter((e) => e.type === type);
  }
}

/** scheduling's use cases wired by hand on one database, with a test clock and a capturing bus. */
export function openScheduling(sql: Sql, clock: Clock, env: Record<string, string> = {}) {
  const config = readSchedulingConfig({ BATON_DEMO_REP: 'false', DATABASE_URL: 'postgres://unused', ...env });
  const logger = pino({ level: 'silent' });
  const bus = new CapturingBus();
  const outbox = new Outbox(sql, bus, logger);
  const calendars = new Calendars(config);
  const mailer = new Mailer(config);
  const offers = new OfferSlots(sql, calendars, outbox, config, clock, logger);
  const booking = new BookMeeting(sql, offers, outbox, mailer, config, clock, logger);
  const changes = new ChangeMeeting(sql, offers, outbox, mailer, config, clock, logger);
  const runner = () => new TimerRunner(sql, outbox, calendars, mailer, config, clock, logger);
  return { config, bus, outbox, offers, booking, changes, runner, mailer };
}

const allDay = [{ start: '00:00', end: '24:00' }];
/** A rep who works every hour of every day in UTC (so only the lead's hours and bookings limit slots). */
export async function aRep(sql: Sql, tenantId: string, repId: string, over: Partial<Rep> = {}): Promise<Rep> {
  return (await saveRep(sql, {
    tenantId,
    repId,
    name: 'Sarah Lee',
    email: 'sarah@example.com',
    timezone: 'UTC',
    workingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    meetingMinutes: 15,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 5,
    territory: [],
    skills: { verticals: [], languages: [] },
    calendar: { kind: 'internal' },
    ...over,
  }))!;
}

/** A lead texting from Austin (America/Chicago). */
export async function aLead(
  sql: Sql,
  tenantId: string,
  conversationId: string,
  phone = '+15125550100',
  email?: string,
): Promise<void> {
  await noteLead(sql, tenantId, conversationId, {
    leadPhone: phone,
    driver: 'handoff_pending',
    ...(email ? { leadEmail: email } : {}),
  });
}

/** An open offer of these slots to a conversation's lead in Austin, as scheduling made it. */
export async function anOffer(
  sql: Sql,
  tenantId: string,
  conversationId: string,
  slots: Slot[],
  at: string,
  offerId = `o-${conversationId}-${tenantId}`,
): Promise<Offer> {
  const offer = {
    offerId,
    tenantId,
    conversationId,
    repId: 'sarah',
    slots,
    why: 'handoff' as const,
    clarified: false,
    leadTimezone: 'America/Chicago',
    zoneUncertain: false,
    createdAt: at,
  };
  await openOffer(sql, offer);
  return { ...offer, status: 'open' };
}
