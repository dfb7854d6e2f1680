import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  dateSent: string;
  receivedAtMs: number;
}
/** A call Baton placed (Calls API): where Twilio would ask for TwiML and post its statuses. */
export interface FakeCall {
  sid: string;
  to: string;
  from: string;
  url: string;
  statusCallback?: string;
  timeout?: number;
  machineDetection?: string;
  createdAtMs: number;
}
/** A request Baton made to the Voice API (Calls, Conferences, Participants, Recordings), in order. */
export interface FakeVoiceRequest {
  method: string;
  path: string;
  params: Record<string, string>;
}
/** A conference the test says is in progress (Baton lists it by friendly name to end it). */
export interface FakeConference {
  sid: string;
  friendlyName: string;
  status: 'in-progress' | 'completed';
  participants: string[];
}

/** A local server that speaks the part of Twilio's Messages API Baton uses; the real SDK is pointed at it. */
export class FakeTwilio {
  readonly created: FakeMessage[] = [];
  /**
   * What the leads see, in order: a message is queued for delivery when Twilio finishes taking it (after the
   * latency), so a slow create can be overtaken by a later one.
   */
  readonly delivered: FakeMessage[] = [];
  /** Messages Twilio holds (created ones, and ones a test says it got before a crash). */
  readonly held: FakeMessage[] = [];
  refuseWith?: { status: number; code: number; message: string };
  /** Called for each message Baton asks Twilio to send, as it arrives. */
  onMessage?: (message: FakeMessage) => void;
  /** Keep every message (tests); a load run only listens. */
  keep = true;
  /** How long Twilio takes to answer a create: the message exists from the moment the request arrives. */
  latencyMs: number | ((message: FakeMessage) => number) = 0;
  /** Runs after a message is created and before Twilio answers (a status callback that outruns the answer). */
  beforeAnswer?: (message: FakeMessage) => Promise<void>;
  /** Calls placed through the Calls API, in order. */
  readonly calls: FakeCall[] = [];
  /** Every Voice API request (Calls, Conferences, Participants, Recordings), in order. */
  readonly voiceRequests: FakeVoiceRequest[] = [];
  readonly conferences: FakeConference[] = [];
  /** Refuse call creation (e.g. an invalid number). */
  refuseCalls?: { status: number; code: number; message: string };
  /** Called for each call Baton places, as it arrives. */
  onCall?: (call: FakeCall) => void;
  private server?: Server;
  private count = 0;
  private callCount = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (this.voice(req.method ?? 'GET', req.url ?? '', raw, json)) return;
        if (req.method === 'POST' && /\/Messages\.json$/.test(req.url ?? '')) {
          if (this.refuseWith)
            return json(this.refuseWith.status, {
              code: this.refuseWith.code,
              message: this.refuseWith.message,
              status: this.refuseWith.status,
            });
          const form = new URLSearchParams(raw);
          const message = {
            sid: `SM${String(++this.count).padStart(32, '0')}`,
            to: form.get('To')!,
            from: form.get('From')!,
            body: form.get('Body')!,
            dateSent: new Date().toUTCString(),
            receivedAtMs: Date.now(),
          };
          if (this.keep) {
            this.created.push(message);
            this.held.push(message);
          }
          this.onMessage?.(message);
          const delay = typeof this.latencyMs === 'function' ? this.latencyMs(message) : this.latencyMs;
          void (async () => {
            if (delay > 0) await new Promise((r) => setTimeout(r, delay));
            await this.beforeAnswer?.(message);
            if (this.keep) this.delivered.push(message);
            json(201, { sid: message.sid, status: 'queued', to: message.to, from: message.from, body: message.body });
          })();
          return;
        }
        const one = /\/Messages\/(SM[0-9a-zA-Z]+)\.json$/.exec(req.url ?? '');
        if (req.method === 'GET' && one) {
          const m = this.held.find((h) => h.sid === one[1]);
          if (!m)
            return json(404, { code: 20404, message: `The requested resource ${req.url} was not found`, status: 404 });
          return json(200, { sid: m.sid, to: m.to, from: m.from, body: m.body, date_sent: m.dateSent, status: 'sent' });
        }
        if (req.method === 'GET' && /\/Messages\.json/.test(req.url ?? '')) {
          const query = new URL(req.url!, 'http://x').searchParams;
          const messages = this.held
            .filter((m) => m.to === query.get('To') && m.from === query.get('From'))
            .map((m) => ({
              sid: m.sid,
              to: m.to,
              from: m.from,
              body: m.body,
              date_sent: m.dateSent,
              status: 'delivered',
            }));
          return json(200, { messages, next_page_uri: null, page: 0, page_size: 50, uri: req.url });
        }
        json(404, { code: 20404, message: 'not found', status: 404 });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** The Voice API: Calls (create, update), Recordings (create), Conferences (list, update), Participants (list, remove). */
  private voice(method: string, url: string, raw: string, json: (status: number, body: unknown) => void): boolean {
    const path = url.split('?')[0]!;
    if (!/\/(Calls|Conferences)(\/|\.json)/.test(path)) return false;
    const params = Object.fromEntries(new URLSearchParams(method === 'GET' ? (url.split('?')[1] ?? '') : raw));
    this.voiceRequests.push({ method, path, params });
    let m: RegExpExecArray | null;
    if (method === 'POST' && /\/Calls\.json$/.test(path)) {
      if (this.refuseCalls) {
        json(this.refuseCalls.status, {
          code: this.refuseCalls.code,
          message: this.refuseCalls.message,
          status: this.refuseCalls.status,
        });
        return true;
      }
      const call: FakeCall = {
        sid: `CA${String(++this.callCount).padStart(32, '0')}`,
        to: params.To!,
        from: params.From!,
        url: params.Url!,
        statusCallback: params.StatusCallback,
        ...(params.Timeout ? { timeout: Number(params.Timeout) } : {}),
        ...(params.MachineDetection ? { machineDetection: params.MachineDetection } : {}),
        createdAtMs: Date.now(),
      };
      this.calls.push(call);
      this.onCall?.(call);
      json(201, { sid: call.sid, to: call.to, from: call.from, status: 'queued' });
      return true;
    }
    if (method === 'POST' && (m = /\/Calls\/(CA[0-9a-zA-Z]+)\/Recordings\.json$/.exec(path))) {
      json(201, { sid: `RE${String(++this.count).padStart(32, '0')}`, call_sid: m[1], status: 'in-progress' });
      return true;
    }
    if (method === 'POST' && (m = /\/Calls\/(CA[0-9a-zA-Z]+)\.json$/.exec(path))) {
      json(200, { sid: m[1], status: params.Status ?? 'in-progress' });
      return true;
    }
    if (method === 'GET' && /\/Conferences\.json$/.test(path)) {
      const conferences = this.conferences
        .filter(
          (c) =>
            (!params.FriendlyName || c.friendlyName === params.FriendlyName) &&
            (!params.Status || c.status === params.Status),
        )
        .map((c) => ({ sid: c.sid, friendly_name: c.friendlyName, status: c.status }));
      json(200, { conferences, next_page_uri: null, page: 0, page_size: 50, uri: url });
      return true;
    }
    if (method === 'GET' && (m = /\/Conferences\/(CF[0-9a-zA-Z]+)\/Participants\.json$/.exec(path))) {
      const conference = this.conferences.find((c) => c.sid === m![1]);
      json(200, {
        participants: (conference?.participants ?? []).map((sid) => ({ call_sid: sid, conference_sid: m![1] })),
        next_page_uri: null,
        page: 0,
        page_size: 50,
        uri: url,
      });
      return true;
    }
    if (
      method === 'DELETE' &&
      (m = /\/Conferences\/(CF[0-9a-zA-Z]+)\/Participants\/(CA[0-9a-zA-Z]+)\.json$/.exec(path))
    ) {
      const conference = this.conferences.find((c) => c.sid === m![1]);
      if (conference) conference.participants = conference.participants.filter((p) => p !== m![2]);
      json(204, {});
      return true;
    }
    if (method === 'POST' && (m = /\/Conferences\/(CF[0-9a-zA-Z]+)\.json$/.exec(path))) {
      const conference = this.conferences.find((c) => c.sid === m![1]);
      if (conference && params.Status === 'completed') conference.status = 'completed';
      json(200, { sid: m[1], status: conference?.status ?? 'completed' });
      return true;
    }
    json(404, { code: 20404, message: 'not found', status: 404 });
    return true;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
