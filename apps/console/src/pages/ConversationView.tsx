import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { Link } from 'react-router';
import {
  ApiProblem,
  displayPhone,
  driverLabel,
  signalLabel,
  type Brief,
  type CitedFact,
  type Conversation,
  type Detection,
  type Outcome,
  type TranscriptLine,
} from '../api';
import { useConsole, useLiveReload } from '../console-context';
import { clockTime, dayAndTime } from '../time';

interface Shown {
  action: string;
  outcome: Outcome;
}

/** One conversation, brief first: the summary, the opening line, the cited fields, why it was handed off; the transcript on demand. */
export function ConversationView({ id }: { id: string }) {
  const { api, session, can } = useConsole();
  const [conversation, setConversation] = useState<Conversation>();
  const [brief, setBrief] = useState<Brief | null>();
  const [lines, setLines] = useState<TranscriptLine[]>([]);
  const [error, setError] = useState<string>();
  const [transcriptOpen, setTranscriptOpen] = useState(false);
  const [highlight, setHighlight] = useState<string>();
  const [shown, setShown] = useState<Shown>();
  const [busy, setBusy] = useState<string>();
  const [draft, setDraft] = useState('');
  const [note, setNote] = useState('');
  const composer = useRef<HTMLTextAreaElement>(null);

  const load = useCallback(async () => {
    try {
      const [c, t, b] = await Promise.all([
        api.get<Conversation>(`/v1/conversations/${id}`),
        api.get<{ messages: TranscriptLine[] }>(`/v1/conversations/${id}/messages`).catch(() => ({ messages: [] })),
        api.get<Brief>(`/v1/conversations/${id}/brief`).catch((e: unknown) => {
          if (e instanceof ApiProblem && e.problem.status === 404) return null;
          throw e;
        }),
      ]);
      setConversation(c);
      setLines(t.messages);
      setBrief(b);
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [api, id]);
  useEffect(() => {
    void load();
  }, [load]);
  useLiveReload(
    () => void load(),
    (e) => (e.kind === 'fact' && e.fact.conversationId === id) || (e.kind === 'message' && e.conversationId === id),
  );

  // A field's link opens the transcript at the message it came from.
  useEffect(() => {
    if (!highlight || !transcriptOpen) return;
    const target = document.getElementById(`msg-${highlight}`);
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
  }, [highlight, transcriptOpen, lines]);

  const act = async (action: string, path: string, body: unknown, headers?: Record<string, string>) => {
    setBusy(action);
    setShown(undefined);
    const outcome = await api.command(path, body, headers);
    setShown({ action, outcome });
    setBusy(undefined);
    if (outcome.ok) void load();
    return outcome;
  };
  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!draft.trim()) return;
    const outcome = await act(
      'Send',
      `/v1/conversations/${id}/messages`,
      { body: draft },
      { 'idempotency-key': crypto.randomUUID() },
    );
    if (outcome.ok) setDraft('');
  };
  const onComposerKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send();
  };
  const cite = (messageId: string) => {
    setTranscriptOpen(true);
    setHighlight(messageId);
  };

  if (error && !conversation)
    return (
      <section className="detail" aria-label="Conversation">
        <p role="alert" className="error">
          {error}
        </p>
      </section>
    );
  if (!conversation)
    return (
      <section className="detail" aria-label="Conversation" aria-busy="true">
        <p className="quiet">Loading…</p>
      </section>
    );
  const mine = conversation.driver === 'human' && conversation.assignedRepId === session.subject;
  const trigger = conversation.handoff ? lines.find((l) => l.messageId === conversation.handoff!.messageId) : undefined;

  return (
    <section className="detail" aria-labelledby="conversation-title">
      <header className="detail-head">
        <Link to="/" className="back">
          ← Inbox
        </Link>
        <h2 id="conversation-title">{displayPhone(conversation.leadPhone)}</h2>
        <span className={`badge ${conversation.driver}`} data-testid="driver">
          {driverLabel[conversation.driver]}
        </span>
        <span className="meta">
          {conversation.assignedRepId ? (
            <>
              with <strong data-testid="holder">{conversation.assignedRepId}</strong>
            </>
          ) : (
            'unassigned'
          )}
          {conversation.vertical ? ` · ${conversation.vertical}` : ''}
          {conversation.closed ? ' · closed' : ''}
        </span>
      </header>

      <BriefCard
        brief={brief}
        onCite={cite}
        onUseOpening={(line) => {
          setDraft(line);
          composer.current?.focus();
        }}
        canCompose={can.actAsRep}
      />

      {conversation.handoff && (
        <section className="card handoff" aria-labelledby="handoff-title">
          <h3 id="handoff-title">Why it was handed off</h3>
          <p className="meta">
            {conversation.handoff.mode.replace(/_/g, ' ')} · triggered {dayAndTime(conversation.handoff.triggeredAt)}
          </p>
          <ul>
            {conversation.handoff.signals.map((s, i) => (
              <li key={i}>
                <strong>{signalLabel[s.signal] ?? s.signal}</strong>{' '}
                <span className="meta">
                  {Math.round(s.confidence * 100)}% · {s.detector}
                  {s.reason ? ` · ${s.reason}` : ''}
                </span>
              </li>
            ))}
          </ul>
          <blockquote className="evidence" data-testid="evidence">
            {trigger ? (
              <Highlighted text={trigger.body} signals={conversation.handoff.signals} />
            ) : (
              conversation.handoff.signals.map((s) => <mark key={s.signal}>{s.evidence.text}</mark>)
            )}
          </blockquote>
          <button type="button" className="link" onClick={() => cite(conversation.handoff!.messageId)}>
            Show in the transcript
          </button>
        </section>
      )}

      {can.readOnly ? (
        <p className="card readonly" data-testid="read-only">
          Read only: auditors see everything and change nothing.
        </p>
      ) : (
        <section className="card actions" aria-labelledby="actions-title">
          <h3 id="actions-title">Act</h3>
          <div className="buttons">
            {can.actAsRep && !mine && conversation.driver !== 'opted_out' && (
              <button
                type="button"
                onClick={() => void act('Take over', `/v1/conversations/${id}/takeover`, {})}
                disabled={!!busy}
              >
                Take over
              </button>
            )}
            {can.supervise && conversation.driver !== 'paused' && conversation.driver !== 'opted_out' && (
              <button
                type="button"
                onClick={() => void act('Pause', `/v1/conversations/${id}/pause`, {})}
                disabled={!!busy}
              >
                Pause the AI
              </button>
            )}
            {can.supervise && conversation.driver === 'paused' && (
              <button
                type="button"
                onClick={() => void act('Resume', `/v1/conversations/${id}/resume`, {})}
                disabled={!!busy}
              >
                Resume the AI
              </button>
            )}
            {can.supervise && !conversation.closed && (
              <button
                type="button"
                className="secondary"
                onClick={() => void act('Close', `/v1/conversations/${id}/close`, {})}
                disabled={!!busy}
              >
                Close
              </button>
            )}
          </div>
          {can.actAsRep && (
            <form className="composer" onSubmit={(e) => void send(e)}>
              <label htmlFor="composer">
                Message to the lead{mine ? '' : ' (sending takes the conversation over: the AI stops at once)'}
              </label>
              <textarea
                id="composer"
                ref={composer}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={onComposerKey}
                rows={3}
                maxLength={1600}
                aria-describedby="composer-hint"
              />
              <span id="composer-hint" className="meta">
                Ctrl+Enter sends
              </span>
              <button type="submit" disabled={!!busy || !draft.trim()}>
                Send
              </button>
            </form>
          )}
          {can.actAsRep && mine && (
            <form
              className="handback"
              onSubmit={(e) => {
                e.preventDefault();
                void act('Hand back', `/v1/conversations/${id}/handback`, note ? { note } : {}).then(
                  (o) => o.ok && setNote(''),
                );
              }}
            >
              <label htmlFor="handback-note">Note for the AI</label>
              <input
                id="handback-note"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={500}
                placeholder="e.g. quoted 6.1% for 30 years; follow up Friday"
              />
              <button type="submit" disabled={!!busy}>
                Hand back to the AI
              </button>
            </form>
          )}
          <div
            role="status"
            aria-live="polite"
            className={`outcome${shown ? (!shown.outcome.ok || shown.outcome.held === 'blocked' ? ' refused' : shown.outcome.held ? ' held' : ' ok') : ''}`}
            data-testid="outcome"
          >
            {busy && <span>{busy}: waiting for the outcome…</span>}
            {!busy && shown && (
              <span>
                <strong>{shown.action}:</strong> {shown.outcome.summary}
                {shown.outcome.detail ? ` — ${shown.outcome.detail}` : ''}
              </span>
            )}
          </div>
        </section>
      )}

      <section className="card transcript" aria-labelledby="transcript-title">
        <h3 id="transcript-title">
          <button
            type="button"
            className="disclosure"
            aria-expanded={transcriptOpen}
            aria-controls="transcript-lines"
            onClick={() => setTranscriptOpen(!transcriptOpen)}
          >
            Transcript ({lines.length} messages)
          </button>
        </h3>
        {transcriptOpen && (
          <ol id="transcript-lines" className="lines" data-testid="transcript">
            {lines.map((line, i) => (
              <li
                key={line.messageId ?? i}
                id={line.messageId ? `msg-${line.messageId}` : undefined}
                tabIndex={-1}
                className={`line ${line.author}${line.messageId && line.messageId === highlight ? ' cited' : ''}`}
                data-author={line.author}
              >
                <span className="author">{authorLabel(line)}</span>
                <time dateTime={line.at}>{clockTime(line.at)}</time>
                <span className={`status ${line.status}`}>{statusLabel(line)}</span>
                <p>
                  {line.messageId && line.messageId === conversation.handoff?.messageId ? (
                    <Highlighted text={line.body} signals={conversation.handoff.signals} />
                  ) : (
                    line.body
                  )}
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

const authorLabel = (line: TranscriptLine) =>
  line.author === 'lead'
    ? 'Lead'
    : line.author === 'ai'
      ? 'AI'
      : line.author === 'rep'
        ? `Rep ${line.repId ?? ''}`.trim()
        : 'System';
function statusLabel(line: TranscriptLine): string {
  if (line.status === 'blocked') return `blocked${line.reason ? `: ${line.reason.replace(/_/g, ' ')}` : ''}`;
  if (line.status === 'deferred')
    return `deferred${line.reason ? ` (${line.reason.replace(/_/g, ' ')})` : ''}${line.deferredUntil ? ` until ${dayAndTime(line.deferredUntil)}` : ''}`;
  return line.status;
}

/** The trigger message with each signal's evidence span marked. */
export function Highlighted({ text, signals }: { text: string; signals: Detection[] }) {
  const spans = signals
    .map((s) => s.evidence)
    .filter((e) => e.end > e.start && e.end <= text.length)
    .sort((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [i, span] of spans.entries()) {
    if (span.start < at) continue;
    parts.push(text.slice(at, span.start), <mark key={i}>{text.slice(span.start, span.end)}</mark>);
    at = span.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

const fieldTitles: [keyof Brief['fields'], string][] = [
  ['need', 'Need'],
  ['timeline', 'Timeline'],
  ['specifics', 'Specifics'],
  ['financialProfile', 'Financial profile'],
  ['decisionMakers', 'Decision makers'],
  ['objections', 'Objections'],
  ['competitors', 'Competitors'],
  ['contactPreference', 'Contact preference'],
];

export function BriefCard({
  brief,
  onCite,
  onUseOpening,
  canCompose,
}: {
  brief: Brief | null | undefined;
  onCite: (messageId: string) => void;
  onUseOpening: (line: string) => void;
  canCompose: boolean;
}) {
  const headingId = useId();
  if (brief === undefined) return null;
  if (brief === null)
    return (
      <section className="card brief" aria-label="Brief">
        <p className="quiet">No brief yet: it is written once a handoff triggers or a rep takes over.</p>
      </section>
    );
  const f = brief.fields;
  // The fact under "Needs most" is one of the slot facts: the 60-second card says it once.
  const unlessNeedsMost = (list: CitedFact[] | undefined) =>
    (list ?? []).filter(
      (fact) => !f.needsMost || fact.messageId !== f.needsMost.messageId || fact.value !== f.needsMost.value,
    );
  const facts = (list: CitedFact[] | undefined) =>
    (list ?? []).map((fact, i) => (
      <li key={i}>
        <span className="value">{fact.value}</span> <q>{fact.quote}</q>{' '}
        <button type="button" className="link cite" onClick={() => onCite(fact.messageId)}>
          from message<span className="visually-hidden">: show “{fact.quote}” in the transcript</span>
        </button>
      </li>
    ));
  return (
    <section className="card brief" aria-labelledby={headingId} data-testid="brief">
      <h3 id={headingId}>
        Brief <span className="meta">{brief.status} · 60-second read</span>
      </h3>
      <p className="summary" data-testid="summary">
        {brief.summary}
      </p>
      <div className="opening">
        <span className="meta">Opening line</span>
        <p data-testid="opening-line">{brief.openingLine}</p>
        {canCompose && (
          <button type="button" className="secondary" onClick={() => onUseOpening(brief.openingLine)}>
            Use as my first message
          </button>
        )}
      </div>
      <dl className="fields">
        {f.lead.name && (
          <div className="field">
            <dt>Name</dt>
            <dd>
              <ul>{facts([f.lead.name])}</ul>
            </dd>
          </div>
        )}
        {f.needsMost && (
          <div className="field">
            <dt>Needs most</dt>
            <dd>
              <ul>{facts([f.needsMost])}</ul>
            </dd>
          </div>
        )}
        {fieldTitles
          .map(([key, title]) => [key, title, unlessNeedsMost(f[key] as CitedFact[] | undefined)] as const)
          .filter(([, , list]) => list.length > 0)
          .map(([key, title, list]) => (
            <div key={key} className="field">
              <dt>{title}</dt>
              <dd>
                <ul>{facts(list)}</ul>
              </dd>
            </div>
          ))}
        <div className="field">
          <dt>Urgency</dt>
          <dd>{f.urgency}</dd>
        </div>
        {f.sentiment?.trajectory && (
          <div className="field">
            <dt>Sentiment</dt>
            <dd>{f.sentiment.trajectory}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
