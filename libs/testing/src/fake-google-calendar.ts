import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredEvent {
  id: string;
  start: string;
  end: string;
  summary?: string;
  status?: string;
}

/**
 * A local server speaking the Google Calendar endpoints Baton uses (OAuth refresh, freeBusy.query,
 * events.insert/update/delete), for the real @googleapis/calendar client. `down` makes it answer 503.
 */
export class FakeGoogleCalendar {
  readonly events = new Map<string, Map<string, StoredEvent>>();
  readonly requests: { method: string; path: string; authorization?: string }[] = [];
  /** Busy blocks the rep put in their calendar by hand, per calendar id. */
  readonly manualBusy = new Map<string, { start: string; end: string }[]>();
  down = false;
  private server?: Server;
  url = '';
  readonly accessToken = 'ya29.fake-access-token';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get tokenUrl(): string {
    return `${this.url}/token`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, authorization: req.headers.authorization });
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (this.down) return send(503, { error: { code: 503, message: 'Backend Error' } });
    if (url.pathname === '/token') {
      const form = new URLSearchParams(raw);
      if (form.get('grant_type') !== 'refresh_token' || !form.get('refresh_token'))
        return send(400, { error: 'invalid_grant' });
      return send(200, {
        access_token: this.accessToken,
        expires_in: 3600,
        token_type: 'Bearer',
        scope: 'https://www.googleapis.com/auth/calendar',
      });
    }
    if (req.headers.authorization !== `Bearer ${this.accessToken}`)
      return send(401, { error: { code: 401, message: 'Request had invalid authentication credentials.' } });
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (req.method === 'POST' && url.pathname === '/calendar/v3/freeBusy') {
      const from = Date.parse(String(body.timeMin));
      const to = Date.parse(String(body.timeMax));
      const calendars: Record<string, unknown> = {};
      for (const { id } of (body.items as { id: string }[]) ?? []) {
        const all = [...(this.events.get(id)?.values() ?? [])]
          .filter((e) => e.status !== 'cancelled')
          .map((e) => ({ start: e.start, end: e.end }))
          .concat(this.manualBusy.get(id) ?? []);
        calendars[id] = {
          busy: all
            .filter((b) => Date.parse(b.start) < to && Date.parse(b.end) > from)
            .sort((a, b) => a.start.localeCompare(b.start)),
        };
      }
      return send(200, { kind: 'calendar#freeBusy', timeMin: body.timeMin, timeMax: body.timeMax, calendars });
    }
    const match = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) return send(404, { error: { code: 404, message: 'Not Found' } });
    const calendarId = decodeURIComponent(match[1]!);
    const eventId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const store = this.events.get(calendarId) ?? new Map<string, StoredEvent>();
    this.events.set(calendarId, store);
    const read = (e: Record<string, unknown>): StoredEvent => ({
      id: String(e.id ?? eventId),
      start: String((e.start as { dateTime: string }).dateTime),
      end: String((e.end as { dateTime: string }).dateTime),
      summary: e.summary as string,
      status: e.status as string,
    });
    if (req.method === 'POST' && !eventId) {
      const id = String(body.id ?? '');
      if (!/^[a-v0-9]{5,1024}$/.test(id))
        return send(400, { error: { code: 400, message: 'Invalid resource id value.' } });
      if (store.has(id))
        return send(409, { error: { code: 409, message: 'The requested identifier already exists.' } });
      store.set(id, read(body));
      return send(200, { ...body, kind: 'calendar#event' });
    }
    if (req.method === 'PUT' && eventId) {
      if (!store.has(eventId)) return send(404, { error: { code: 404, message: 'Not Found' } });
      store.set(eventId, read({ ...body, id: eventId }));
      return send(200, { ...body, id: eventId });
    }
    if (req.method === 'DELETE' && eventId) {
      if (!store.delete(eventId)) return send(410, { error: { code: 410, message: 'Resource has been deleted' } });
      res.writeHead(204).end();
      return;
    }
    return send(405, { error: { code: 405, message: 'Method Not Allowed' } });
  }
}
