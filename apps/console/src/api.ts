// The console speaks only the public /v1 API: every call carries the signed-in user's bearer token. The words it
// shares with the services (drivers, signals, briefs) are the contracts' own types, imported as types only.
import type { Brief, CitedFact, Detection, Driver, Evidence, Role, SignalKind } from '@baton/contracts';

export type { Brief, CitedFact, Detection, Driver, Evidence, Role, SignalKind };

export interface Conversation {
  id: string;
  driver: Driver;
  leadPhone?: string;
  batonNumber?: string;
  channel?: string;
  vertical?: string | null;
  assignedRepId: string | null;
  handoff: { mode: string; signals: Detection[]; triggeredAt: string; messageId: string } | null;
  meetingId: string | null;
  closed: boolean;
  lastActivityAt: string | null;
  waitingSince?: string | null;
}
export interface Inbox {
  counts: Record<Driver, number>;
  items: Conversation[];
}
export interface TranscriptLine {
  messageId?: string;
  author: 'lead' | 'ai' | 'rep' | 'system';
  repId?: string;
  body: string;
  at: string;
  status: string;
  reason?: string;
  deferredUntil?: string;
}
export interface Meeting {
  id: string;
  conversationId: string;
  repId: string;
  repName?: string;
  start: string;
  end: string;
  status: 'booked' | 'cancelled' | 'attended' | 'no_show';
  leadTimezone?: string;
}
export interface KpiRow {
  group: Record<string, string | null>;
  conversations: number;
  handoffs: number;
  handoffRate: number | null;
  engagement: { engaged: number; p50Seconds: number | null; p90Seconds: number | null };
  showRate: number | null;
  reQuestionRate: number | null;
  meetings: { aiBooked: number; attended: number; noShow: number; cancelled: number; pending: number };
}
export interface OutboxMessage {
  sendId: string;
  to: string;
  from: string;
  body: string;
  sentAt: string;
}

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
}
/** What an action came to, as the API said: never a guess made before the answer. */
export interface Outcome {
  ok: boolean;
  status: number;
  summary: string;
  detail?: string;
  code?: string;
  /** Taken, but held back from the lead: blocked by the send gate, or deferred (quiet hours). */
  held?: 'blocked' | 'deferred';
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

export class Api {
  /** `onUnauthorized`: the token was refused (expired, revoked): the console signs in again. */
  constructor(
    private readonly base: string,
    private readonly token: () => string,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  url(path: string): string {
    return `${this.base}${path}`;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.token()}`, ...extra };
  }

  async get<T>(path: string): Promise<T> {
    const response = await fetch(this.url(path), { headers: this.headers({ accept: 'application/json' }) });
    if (response.status === 401) this.onUnauthorized();
    if (!response.ok) throw new ApiProblem(await problemOf(response));
    return (await response.json()) as T;
  }

  /**
   * A change: POSTed with `Prefer: wait=30`, so the API answers once the conversation decided (200 applied or
   * unchanged, 409 refused with the reason). The outcome shown is the API's.
   */
  async command(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Outcome> {
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method: 'POST',
        body: JSON.stringify(body ?? {}),
        headers: this.headers({
          'content-type': 'application/json',
          accept: 'application/json',
          prefer: 'wait=30',
          ...headers,
        }),
      });
    } catch (error) {
      return {
        ok: false,
        status: 0,
        summary: 'Not sent: the API could not be reached',
        detail: (error as Error).message,
      };
    }
    if (response.status === 401) this.onUnauthorized();
    if (!response.ok) {
      const problem = await problemOf(response);
      return {
        ok: false,
        status: response.status,
        summary: problem.title ?? `Refused (${response.status})`,
        detail: problem.detail,
        code: problem.code,
      };
    }
    const answer = (await response.json()) as {
      status?: string;
      kind?: string;
      reason?: string;
      until?: string;
      detail?: string;
    };
    const held =
      answer.kind === 'block' ? ('blocked' as const) : answer.kind === 'defer' ? ('deferred' as const) : undefined;
    return {
      ok: true,
      status: response.status,
      summary: outcomeSummary(response.status, answer),
      detail: answer.detail,
      ...(held ? { held } : {}),
    };
  }
}

function outcomeSummary(
  status: number,
  answer: { status?: string; kind?: string; reason?: string; until?: string },
): string {
  if (answer.kind === 'block') return `Blocked${answer.reason ? `: ${answer.reason.replace(/_/g, ' ')}` : ''}`;
  if (answer.kind === 'defer')
    return `Deferred${answer.until ? ` until ${new Date(answer.until).toLocaleString()}` : ''}`;
  if (answer.kind === 'send') return `Sent (${answer.status ?? 'accepted'})`;
  if (status === 202 || answer.status === 'pending') return 'Accepted, not decided yet';
  if (answer.status === 'unchanged') return 'Done already (nothing changed)';
  if (answer.status === 'applied') return 'Done';
  return answer.status ?? 'Done';
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Problem;
    return { ...body, status: response.status };
  } catch {
    return { status: response.status, title: response.statusText };
  }
}

/** "+1 512 555 0100"-ish, for reading; the id stays the E.164 string. */
export const displayPhone = (phone?: string) => phone ?? 'unknown lead';
export const driverLabel: Record<Driver, string> = {
  handoff_pending: 'Handoff pending',
  human: 'Rep drives',
  paused: 'Paused',
  ai: 'AI drives',
  opted_out: 'Opted out',
};
export const signalLabel: Record<string, string> = {
  explicit_request: 'Asked for a person',
  high_intent: 'High buying intent',
  out_of_confidence: 'Outside what the AI can answer',
  sentiment_shift: 'Rising frustration',
};
