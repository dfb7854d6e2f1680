import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useParams } from 'react-router';
import { displayPhone, driverLabel, signalLabel, type Driver, type Inbox } from '../api';
import { useConsole, useLiveReload } from '../console-context';
import { waited } from '../time';
import { ConversationView } from './ConversationView';

type View = 'all' | 'mine' | 'unassigned';
const drivers: Driver[] = ['handoff_pending', 'human', 'paused', 'ai', 'opted_out'];

/** The inbox, and the open conversation beside it (on a phone, one or the other). */
export function InboxPage() {
  const { id } = useParams();
  return (
    <div className={`workspace${id ? ' has-selection' : ''}`}>
      <InboxList selected={id} />
      {id ? (
        <ConversationView key={id} id={id} />
      ) : (
        <section className="detail empty" aria-label="Conversation">
          <p>Pick a conversation to read its brief.</p>
        </section>
      )}
    </div>
  );
}

function InboxList({ selected }: { selected?: string }) {
  const { api, can } = useConsole();
  const [view, setView] = useState<View>('all');
  const [driver, setDriver] = useState<Driver | ''>('');
  const [vertical, setVertical] = useState('');
  const [channel, setChannel] = useState('');
  const [inbox, setInbox] = useState<Inbox>();
  const [error, setError] = useState<string>();
  const [now, setNow] = useState(() => Date.now());
  const [verticals, setVerticals] = useState<string[]>([]);
  // The lines of business are the tenant's numbers' (GET /v1/numbers).
  useEffect(() => {
    api.get<{ items: { vertical?: string | null }[] }>('/v1/numbers').then(
      (numbers) =>
        setVerticals([...new Set(numbers.items.map((n) => n.vertical).filter((v): v is string => !!v))].sort()),
      () => setVerticals([]),
    );
  }, [api]);
  const list = useRef<HTMLOListElement>(null);

  const load = useCallback(async () => {
    const query = new URLSearchParams({ view, limit: '100' });
    if (driver) query.set('driver', driver);
    if (vertical) query.set('vertical', vertical);
    if (channel) query.set('channel', channel);
    try {
      setInbox(await api.get<Inbox>(`/v1/inbox?${query}`));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [api, view, driver, vertical, channel]);

  useEffect(() => {
    void load();
  }, [load]);
  useLiveReload(
    () => void load(),
    (event) => event.kind === 'fact',
  );
  // The waiting times move on their own; this only re-renders them, it asks the API nothing.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  /** Arrow keys (or j/k) move between conversations, Home/End to the ends; Enter opens (it is a link). */
  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const links = Array.from(list.current?.querySelectorAll<HTMLAnchorElement>('a.row') ?? []);
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    const go = (i: number) => links[Math.max(0, Math.min(links.length - 1, i))]?.focus();
    if (event.key === 'ArrowDown' || event.key === 'j') go(at + 1);
    else if (event.key === 'ArrowUp' || event.key === 'k') go(at - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(links.length - 1);
    else return;
    event.preventDefault();
  };

  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <div className="inbox-head">
        <h1 id="inbox-title">Inbox</h1>
        <div className="filters" role="group" aria-label="Filters">
          <label>
            Show
            <select value={view} onChange={(e) => setView(e.target.value as View)}>
              <option value="all">All</option>
              {can.actAsRep && <option value="mine">Mine</option>}
              <option value="unassigned">Unassigned</option>
            </select>
          </label>
          <label>
            Vertical
            <select
              value={vertical}
              onChange={(e) => setVertical(e.target.value)}
              disabled={verticals.length === 0}
              title={verticals.length ? undefined : 'no number of this tenant names a vertical'}
            >
              <option value="">Any</option>
              {verticals.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <label>
            Channel
            <select value={channel} onChange={(e) => setChannel(e.target.value)}>
              <option value="">Any</option>
              <option value="sms">SMS</option>
              <option value="voice">Voice</option>
            </select>
          </label>
        </div>
        <div className="counts" role="group" aria-label="Conversations per state">
          <button type="button" aria-pressed={driver === ''} onClick={() => setDriver('')}>
            All
          </button>
          {drivers.map((d) => (
            <button
              key={d}
              type="button"
              aria-pressed={driver === d}
              onClick={() => setDriver(driver === d ? '' : d)}
              className={`count ${d}`}
              data-testid={`count-${d}`}
            >
              {driverLabel[d]} <span className="n">{inbox?.counts[d] ?? 0}</span>
            </button>
          ))}
        </div>
      </div>
      {error && (
        <p role="alert" className="error">
          Could not load the inbox: {error}
        </p>
      )}
      {inbox && inbox.items.length === 0 && (
        <p className="quiet">Nothing here. A handoff appears the moment it triggers.</p>
      )}
      <ol className="rows" ref={list} onKeyDown={onKeyDown} aria-label="Conversations, handoffs waiting longest first">
        {inbox?.items.map((c) => {
          const reasons = c.handoff?.signals.map((s) => signalLabel[s.signal] ?? s.signal).join(', ');
          return (
            <li key={c.id}>
              <Link
                to={`/c/${c.id}`}
                className={`row ${c.driver}${selected === c.id ? ' selected' : ''}`}
                aria-current={selected === c.id ? 'true' : undefined}
                data-testid="inbox-row"
                data-conversation={c.id}
              >
                <span className="who">{displayPhone(c.leadPhone)}</span>
                <span className={`badge ${c.driver}`}>{driverLabel[c.driver]}</span>
                {c.driver === 'handoff_pending' && c.waitingSince && (
                  <span className="wait">waiting {waited(c.waitingSince, now)}</span>
                )}
                {reasons && <span className="why">{reasons}</span>}
                <span className="meta">
                  {c.assignedRepId ? `with ${c.assignedRepId}` : 'unassigned'}
                  {c.vertical ? ` · ${c.vertical}` : ''}
                  {c.channel ? ` · ${c.channel}` : ''}
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
