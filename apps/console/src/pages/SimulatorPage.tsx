import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { OutboxMessage } from '../api';
import { useConsole, useLiveReload } from '../console-context';
import { clockTime } from '../time';

interface Bubble {
  from: 'lead' | 'baton';
  body: string;
  at: string;
}
const sentKey = (phone: string) => `baton.simulator.sent.${phone}`;

/** A phone for playing a lead on the dev channel: what the lead texts, and what Baton would send them. */
export function SimulatorPage() {
  const { api } = useConsole();
  const [phone, setPhone] = useState(() => sessionStorage.getItem('baton.simulator.phone') ?? '+12125550123');
  const [draft, setDraft] = useState('');
  const [received, setReceived] = useState<OutboxMessage[]>([]);
  const [sent, setSent] = useState<Bubble[]>(
    () => JSON.parse(sessionStorage.getItem(sentKey(phone)) ?? '[]') as Bubble[],
  );
  const [status, setStatus] = useState<string>();
  const bubbles = useRef<HTMLOListElement>(null);
  const valid = /^\+[1-9]\d{7,14}$/.test(phone);

  const load = useCallback(async () => {
    try {
      const outbox = await api.get<{ messages: OutboxMessage[] }>('/v1/dev/outbox?limit=500');
      setReceived(outbox.messages.filter((m) => m.to === phone));
    } catch (e) {
      setStatus(`The dev channel is not available: ${(e as Error).message}`);
    }
  }, [api, phone]);
  useEffect(() => {
    sessionStorage.setItem('baton.simulator.phone', phone);
    setSent(JSON.parse(sessionStorage.getItem(sentKey(phone)) ?? '[]') as Bubble[]);
    void load();
  }, [phone, load]);
  useLiveReload(
    () => void load(),
    (e) => e.kind === 'message' || e.kind === 'fact',
  );

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim() || !valid) return;
    const outcome = await api.command(`/v1/dev/leads/${encodeURIComponent(phone)}/messages`, { body: draft });
    setStatus(outcome.ok ? undefined : `Not sent: ${outcome.detail ?? outcome.summary}`);
    if (!outcome.ok) return;
    const next = [...sent, { from: 'lead' as const, body: draft, at: new Date().toISOString() }];
    sessionStorage.setItem(sentKey(phone), JSON.stringify(next));
    setSent(next);
    setDraft('');
  };

  const thread: Bubble[] = [
    ...sent,
    ...received.map((m) => ({ from: 'baton' as const, body: m.body, at: m.sentAt })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  // The newest message in view, as on a phone.
  useEffect(() => {
    bubbles.current?.scrollTo({ top: bubbles.current.scrollHeight });
  }, [thread.length]);
  return (
    <div className="page simulator">
      <h1>Lead simulator</h1>
      <p className="meta">
        Play a lead on the dev channel: text in as they would, and see what they receive. Ask for a person to trigger a
        handoff.
      </p>
      <label>
        Lead's phone{' '}
        <input value={phone} onChange={(e) => setPhone(e.target.value.trim())} aria-invalid={!valid} inputMode="tel" />
      </label>
      <div className="phone" role="region" aria-label={`Messages on ${phone}`}>
        <ol
          className="bubbles"
          ref={bubbles}
          aria-live="polite"
          aria-label="The thread as the lead sees it"
          tabIndex={0}
          data-testid="lead-thread"
        >
          {thread.map((b, i) => (
            <li key={i} className={`bubble ${b.from}`} data-from={b.from}>
              <p>{b.body}</p>
              <time dateTime={b.at}>{clockTime(b.at)}</time>
            </li>
          ))}
        </ol>
        <form onSubmit={(e) => void send(e)} className="phone-compose">
          <label htmlFor="lead-text" className="visually-hidden">
            Text as the lead
          </label>
          <input
            id="lead-text"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="Text message"
            autoComplete="off"
          />
          <button type="submit" disabled={!draft.trim() || !valid}>
            Send
          </button>
        </form>
      </div>
      {status && (
        <p role="alert" className="error">
          {status}
        </p>
      )}
    </div>
  );
}
