import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMessage { sid: string; to: string; from: string; body: string; dateSent: string; receivedAtMs: number }

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
  private server?: Server;
  private count = 0;
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
        if (req.method === 'POST' && /\/Messages\.json$/.test(req.url ?? '')) {
          if (this.refuseWith) return json(this.refuseWith.status, { code: this.refuseWith.code, message: this.refuseWith.message, status: this.refuseWith.status });
          const form = new URLSearchParams(raw);
          const message = { sid: `SM${String(++this.count).padStart(32, '0')}`, to: form.get('To')!, from: form.get('From')!, body: form.get('Body')!, dateSent: new Date().toUTCString(), receivedAtMs: Date.now() };
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
          if (!m) return json(404, { code: 20404, message: `The requested resource ${req.url} was not found`, status: 404 });
          return json(200, { sid: m.sid, to: m.to, from: m.from, body: m.body, date_sent: m.dateSent, status: 'sent' });
        }
        if (req.method === 'GET' && /\/Messages\.json/.test(req.url ?? '')) {
          const query = new URL(req.url!, 'http://x').searchParams;
          const messages = this.held.filter((m) => m.to === query.get('To') && m.from === query.get('From'))
            .map((m) => ({ sid: m.sid, to: m.to, from: m.from, body: m.body, date_sent: m.dateSent, status: 'delivered' }));
          return json(200, { messages, next_page_uri: null, page: 0, page_size: 50, uri: req.url });
        }
        json(404, { code: 20404, message: 'not found', status: 404 });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
