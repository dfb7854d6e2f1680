import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Meeting, Outcome } from '../api';
import { useConsole, useLiveReload } from '../console-context';
import { dayAndTime } from '../time';

/** Today's and upcoming meetings; once one has started, the rep says whether the lead came. */
export function MeetingsPage() {
  const { api, can } = useConsole();
  const [meetings, setMeetings] = useState<Meeting[]>();
  const [error, setError] = useState<string>();
  const [outcomes, setOutcomes] = useState<Record<string, Outcome | 'waiting'>>({});
  const load = useCallback(async () => {
    const startOfToday = new Date();
    startOfToday.setHours(0, 0, 0, 0);
    try {
      const answer = await api.get<{ items: Meeting[] }>(
        `/v1/meetings?from=${encodeURIComponent(startOfToday.toISOString())}&limit=200`,
      );
      setMeetings(answer.items.sort((a, b) => a.start.localeCompare(b.start)));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);
  useLiveReload(
    () => void load(),
    (e) => e.kind === 'fact' && (e.fact.name === 'meeting.linked' || e.fact.name === 'meeting.unlinked'),
  );

  const record = async (meeting: Meeting, outcome: 'attended' | 'no_show') => {
    setOutcomes((o) => ({ ...o, [meeting.id]: 'waiting' }));
    const answer = await api.command(`/v1/meetings/${meeting.id}/outcome`, { outcome });
    setOutcomes((o) => ({ ...o, [meeting.id]: answer }));
    if (answer.ok) void load();
  };

  const endOfToday = new Date();
  endOfToday.setHours(23, 59, 59, 999);
  const today = meetings?.filter((m) => Date.parse(m.start) <= endOfToday.getTime()) ?? [];
  const upcoming = meetings?.filter((m) => Date.parse(m.start) > endOfToday.getTime()) ?? [];
  const section = (title: string, list: Meeting[]) => (
    <section className="card" aria-label={title}>
      <h2>
        {title} <span className="meta">({list.length})</span>
      </h2>
      {list.length === 0 ? (
        <p className="quiet">None.</p>
      ) : (
        <ul className="meetings">
          {list.map((m) => {
            const started = Date.parse(m.start) <= Date.now();
            const shown = outcomes[m.id];
            return (
              <li key={m.id} className={`meeting ${m.status}`}>
                <span className="when">{dayAndTime(m.start)}</span>
                <span>with {m.repName ?? m.repId}</span>
                <span className={`badge ${m.status}`}>{m.status.replace('_', '-')}</span>
                <Link to={`/c/${m.conversationId}`}>Conversation</Link>
                {!can.readOnly && m.status === 'booked' && (
                  <span className="buttons">
                    <button
                      type="button"
                      disabled={!started || shown === 'waiting'}
                      onClick={() => void record(m, 'attended')}
                      title={started ? undefined : 'once the meeting has started'}
                    >
                      Attended
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={!started || shown === 'waiting'}
                      onClick={() => void record(m, 'no_show')}
                      title={started ? undefined : 'once the meeting has started'}
                    >
                      No-show
                    </button>
                  </span>
                )}
                {shown && (
                  <span role="status" className="outcome">
                    {shown === 'waiting'
                      ? 'waiting for the outcome…'
                      : `${shown.summary}${shown.detail ? ` — ${shown.detail}` : ''}`}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
  return (
    <div className="page">
      <h1>Meetings</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {section('Today', today)}
      {section('Upcoming', upcoming)}
    </div>
  );
}
