import { useEffect, useMemo, useState } from 'react';
import { HashRouter, NavLink, Route, Routes, useNavigate } from 'react-router';
import { Api, signalLabel, type Role } from './api';
import { announceHandoff, askForNotifications, notificationsAllowed } from './alerts';
import { ConsoleContext, permissionsOf, useConsole, type ConsoleEnv } from './console-context';
import { LiveStream, type LiveStatus } from './live';
import { InboxPage } from './pages/InboxPage';
import { KpisPage } from './pages/KpisPage';
import { MeetingsPage } from './pages/MeetingsPage';
import { SimulatorPage } from './pages/SimulatorPage';
import {
  completeOidcSignIn,
  developmentIdentities,
  loadConfig,
  oidcUserManager,
  renewalDelay,
  renewOidcSession,
  savedSession,
  saveSession,
  sessionOf,
  signInForDevelopment,
  type ConsoleConfig,
  type Session,
} from './session';

/** Signs in (development, OIDC with PKCE, or a pasted token), then the console. */
export function App() {
  const [config, setConfig] = useState<ConsoleConfig>();
  const [session, setSession] = useState<Session | undefined>(() => savedSession());
  const [error, setError] = useState<string>();

  useEffect(() => {
    loadConfig()
      .then(async (c) => {
        setConfig(c);
        // ?as=rep:rep-41 (development only): be someone else in this tab, e.g. a second rep.
        const as = new URLSearchParams(location.search).get('as');
        if (c.signIn === 'development' && as) {
          const [role, subject] = as.split(':') as [Role, string];
          setSession(await signInForDevelopment(c, role, subject));
          history.replaceState(null, '', `${location.pathname}${location.hash}`);
        } else if (!savedSession()) {
          if (c.signIn === 'development')
            setSession(
              await signInForDevelopment(c, developmentIdentities[0]!.role, developmentIdentities[0]!.subject),
            );
          else if (c.signIn === 'oidc') setSession(await completeOidcSignIn(c));
        }
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(() => saveSession(session), [session]);

  if (config && error && config.signIn === 'development' && !session) {
    // From another machine the development sign-in is refused: the printed dev token still works.
    return (
      <SignIn
        config={{ ...config, signIn: 'token' }}
        onSession={setSession}
        notice={`${error}. Paste the token Baton printed (also in .baton/dev-token).`}
      />
    );
  }
  if (error && !session)
    return (
      <main className="signin">
        <h1>Baton</h1>
        <p role="alert" className="error">
          {error}
        </p>
      </main>
    );
  if (!config)
    return (
      <main className="signin" aria-busy="true">
        <h1>Baton</h1>
        <p>Loading…</p>
      </main>
    );
  if (!session) return <SignIn config={config} onSession={setSession} />;
  return (
    <SignedIn key={`${session.subject}:${session.role}`} config={config} session={session} onSession={setSession} />
  );
}

function SignIn({
  config,
  onSession,
  notice,
}: {
  config: ConsoleConfig;
  onSession: (s: Session) => void;
  notice?: string;
}) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string>();
  return (
    <main className="signin">
      <h1>Baton console</h1>
      {notice && <p role="alert">{notice}</p>}
      {config.signIn === 'development' && (
        <button
          type="button"
          onClick={() =>
            void signInForDevelopment(config, developmentIdentities[0]!.role, developmentIdentities[0]!.subject).then(
              onSession,
              (e: Error) => setProblem(e.message),
            )
          }
        >
          Sign in
        </button>
      )}
      {config.signIn === 'oidc' && (
        <button type="button" onClick={() => void oidcUserManager(config).signinRedirect()}>
          Sign in with your company account
        </button>
      )}
      {config.signIn === 'token' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            try {
              onSession(sessionOf(token.trim(), 'token'));
            } catch (err) {
              setProblem((err as Error).message);
            }
          }}
        >
          <label htmlFor="token">Bearer token (a JWT with sub, tenant and role)</label>
          <textarea id="token" value={token} onChange={(e) => setToken(e.target.value)} rows={4} />
          <button type="submit">Sign in</button>
        </form>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </main>
  );
}

function SignedIn({
  config,
  session,
  onSession,
}: {
  config: ConsoleConfig;
  session: Session;
  onSession: (s: Session | undefined) => void;
}) {
  const [env, setRetired] = useMemo<[ConsoleEnv, (retired: boolean) => void]>(() => {
    // A refused token (expired, say) means signing in again: in development as the same identity, at once (at most
    // once a minute, so a refused sign-in cannot loop); otherwise back to the sign-in page. Only once per session,
    // and never for a session already replaced: the request and the stream are often refused together, and a
    // refusal that arrives after the new session would otherwise sign it out.
    let retired = false;
    let resigning = false;
    const signInAgain = () => {
      if (retired || resigning) return;
      resigning = true;
      const last = Number(sessionStorage.getItem('baton.console.resigned') ?? 0);
      if (config.signIn === 'development' && Date.now() - last > 60_000) {
        sessionStorage.setItem('baton.console.resigned', String(Date.now()));
        signInForDevelopment(config, session.role, session.subject).then(onSession, () => onSession(undefined));
      } else if (session.via === 'oidc') {
        // The refresh token first: a rep in the middle of a conversation is not sent back to the sign-in page.
        renewOidcSession(config).then(
          (next) => onSession(next),
          () => onSession(undefined),
        );
      } else {
        onSession(undefined);
      }
    };
    const api = new Api(config.apiBase, () => session.token, signInAgain);
    const live = new LiveStream(
      api.url('/v1/events/stream'),
      () => api.headers({ accept: 'text/event-stream' }),
      signInAgain,
    );
    return [{ config, session, api, live, can: permissionsOf(session.role) }, (r: boolean) => (retired = r)];
  }, [config, session, onSession]);
  useEffect(() => {
    // An OIDC token is renewed before it expires, so the live stream and the next click never meet a refused one.
    if (session.via !== 'oidc' || !session.expiresAt) return;
    const lifetime = session.issuedAt ? session.expiresAt - session.issuedAt : 3600;
    const timer = setTimeout(
      () => {
        renewOidcSession(config).then(
          (next) => next && onSession(next),
          () => undefined, // a refused renewal shows when the token is refused: the rep signs in again then
        );
      },
      renewalDelay(session.expiresAt, lifetime),
    );
    return () => clearTimeout(timer);
  }, [config, session, onSession]);
  useEffect(() => {
    setRetired(false); // (again: React may run an effect, its cleanup and the effect once more)
    env.live.start();
    return () => {
      setRetired(true);
      env.live.stop();
    };
  }, [env, setRetired]);
  return (
    <ConsoleContext.Provider value={env}>
      <HashRouter>
        <Shell onSession={onSession} />
      </HashRouter>
    </ConsoleContext.Provider>
  );
}

function Shell({ onSession }: { onSession: (s: Session | undefined) => void }) {
  const { config, session, live, can } = useConsole();
  const [status, setStatus] = useState<LiveStatus>(live.status);
  const [alert, setAlert] = useState<string>();
  const [notify, setNotify] = useState(notificationsAllowed());
  const navigate = useNavigate();
  useEffect(() => live.onStatus(setStatus), [live]);
  // A handoff for this rep or the team: a notification, a chime and an on-page alert. The stream already
  // holds back conversations another rep holds.
  useEffect(
    () =>
      live.subscribe((event) => {
        if (event.kind !== 'fact' || event.fact.name !== 'handoff.triggered' || can.readOnly) return;
        const signals =
          (event.fact.data.signals as { signal: string }[] | undefined)
            ?.map((s) => signalLabel[s.signal] ?? s.signal)
            .join(', ') ?? '';
        const text = `New handoff: ${signals || 'a lead needs a person'}`;
        setAlert(text);
        announceHandoff('Baton: a lead needs a person', text, () => navigate(`/c/${event.fact.conversationId}`));
      }),
    [live, can, navigate],
  );

  const switchTo = async (value: string) => {
    const identity = developmentIdentities.find((i) => `${i.role}:${i.subject}` === value);
    if (identity) onSession(await signInForDevelopment(config, identity.role, identity.subject));
  };
  return (
    <>
      <a href="#main" className="skip">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Baton</span>
        <nav aria-label="Console">
          <NavLink to="/" end>
            Inbox
          </NavLink>
          <NavLink to="/meetings">Meetings</NavLink>
          {can.kpis && <NavLink to="/kpis">KPIs</NavLink>}
          {can.simulate && config.signIn === 'development' && <NavLink to="/simulator">Lead simulator</NavLink>}
        </nav>
        <span
          className={`live ${status}`}
          role="status"
          aria-label={`Live updates: ${status}`}
          data-testid="live-status"
        >
          {status === 'live' ? '● live' : status}
        </span>
        {!notify && !can.readOnly && (
          <button
            type="button"
            className="secondary"
            onClick={() => void askForNotifications().then((p) => setNotify(p === 'granted'))}
          >
            Enable notifications
          </button>
        )}
        {config.signIn === 'development' ? (
          <label className="identity">
            Signed in as
            <select value={`${session.role}:${session.subject}`} onChange={(e) => void switchTo(e.target.value)}>
              {developmentIdentities.some((i) => i.role === session.role && i.subject === session.subject) ? null : (
                <option value={`${session.role}:${session.subject}`}>
                  {session.subject} ({session.role})
                </option>
              )}
              {developmentIdentities.map((i) => (
                <option key={`${i.role}:${i.subject}`} value={`${i.role}:${i.subject}`}>
                  {i.label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="identity">
            {session.subject} ({session.role}){' '}
            <button type="button" className="link" onClick={() => onSession(undefined)}>
              Sign out
            </button>
          </span>
        )}
      </header>
      <div role="alert" aria-live="assertive" className={`flash${alert ? ' on' : ''}`} data-testid="handoff-alert">
        {alert && (
          <>
            {alert}{' '}
            <button type="button" className="link" onClick={() => setAlert(undefined)} aria-label="Dismiss">
              ×
            </button>
          </>
        )}
      </div>
      <main id="main">
        <Routes>
          <Route path="/" element={<InboxPage />} />
          <Route path="/c/:id" element={<InboxPage />} />
          <Route path="/meetings" element={<MeetingsPage />} />
          <Route path="/kpis" element={<KpisPage />} />
          <Route path="/simulator" element={<SimulatorPage />} />
        </Routes>
      </main>
    </>
  );
}
