import pino from 'pino';
import type { EventBus } from '@baton/event-bus';
import { eventually } from '@baton/testing';
import { readBriefingConfig } from '../config';
import { BriefDispatcher } from './brief-dispatcher';
import type { BriefingStore, DeliveryRow } from './briefing-store';
import type { SmtpMailer } from './smtp-mailer';

/** The outbox table in memory: what is due by its next attempt, leased while it is tried. */
class OutboxInMemory {
  readonly madeDue = new Set<() => void>();
  private readonly rows: (DeliveryRow & { nextAt: number })[] = [];
  add(id: string): void {
    const row = { id, tenantId: 't1', conversationId: 'c1', kind: 'email' as const, repId: 'rep-1' };
    this.rows.push({
      ...row,
      status: 'pending',
      attempts: 0,
      payload: { to: 'kim@example.com' },
      createdAt: '',
      nextAt: Date.now(),
    });
  }
  status(id: string): string | undefined {
    return this.rows.find((r) => r.id === id)?.status;
  }
  async claimDue(limit: number, leaseMs: number): Promise<DeliveryRow[]> {
    const due = this.rows.filter((r) => r.status === 'pending' && r.nextAt <= Date.now()).slice(0, limit);
    for (const r of due)
      Object.assign(r, { status: 'sending', attempts: r.attempts + 1, nextAt: Date.now() + leaseMs });
    return due.map((r) => ({ ...r }));
  }
  async nextDueInMs(): Promise<number | undefined> {
    const open = this.rows.filter((r) => r.status === 'pending' || r.status === 'sending');
    return open.length ? Math.min(...open.map((r) => r.nextAt)) - Date.now() : undefined;
  }
  async markSent(id: string): Promise<void> {
    Object.assign(
      this.rows.find((r) => r.id === id)!,
      { status: 'sent' },
    );
  }
  async markFailed(id: string, _error: string, retryInMs?: number): Promise<void> {
    const row = this.rows.find((r) => r.id === id)!;
    Object.assign(
      row,
      retryInMs === undefined ? { status: 'failed' } : { status: 'pending', nextAt: Date.now() + retryInMs },
    );
  }
}

const anHour = String(3_600_000);
function dispatcherOver(store: OutboxInMemory, mailer: Pick<SmtpMailer, 'send'>, retries = '0.05,0.05') {
  const config = readBriefingConfig({ BATON_BRIEF_DISPATCH_MS: anHour, BATON_BRIEF_MAIL_RETRY_SCHEDULE: retries });
  const bus = { publish: async () => undefined } as unknown as EventBus;
  return new BriefDispatcher(
    store as unknown as BriefingStore,
    mailer as SmtpMailer,
    bus,
    config,
    pino({ level: 'silent' }),
  );
}

describe('the brief dispatcher wakes on what makes a delivery due, not on its bound (an hour here)', () => {
  it('retries a refused mail when its retry comes due', async () => {
    const store = new OutboxInMemory();
    let attempts = 0;
    const dispatcher = dispatcherOver(store, {
      send: async () => {
        if (++attempts === 1) throw new Error('421 try again later');
      },
    });
    store.add('d1');
    dispatcher.onApplicationBootstrap();
    await eventually(() => store.status('d1') === 'sent', 'the mail sent on its retry');
    expect(attempts).toBe(2);
    await dispatcher.beforeApplicationShutdown();
  });

  it('sends a delivery another write made due (a rep address arrived), told after its commit', async () => {
    const store = new OutboxInMemory();
    const dispatcher = dispatcherOver(store, { send: async () => undefined });
    dispatcher.onApplicationBootstrap();
    await dispatcher.settled(); // nothing due: asleep for the hour
    store.add('d2');
    store.madeDue.forEach((wake) => wake());
    await eventually(() => store.status('d2') === 'sent', 'the mail sent');
    await dispatcher.beforeApplicationShutdown();
  });
});
