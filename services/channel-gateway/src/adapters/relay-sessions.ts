import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Value } from '@sinclair/typebox/value';
import { Histogram } from 'prom-client';
import twilio from 'twilio';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { RelayInbound } from '@baton/contracts';
import { CLOCK, LOGGER, Metrics, type Clock, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { relayUrlOf } from '../domain/call-twiml';
import { CallStore, type CallRow } from './call-store';
import { ProviderRefused } from './lead-channel';

/** Close codes Baton uses on a relay socket (4000-4999 are the application's). */
export const relayClose = { malformed: 4400, unknownCall: 4404, protocol: 4409, ended: 1000 } as const;
export const relayPath = '/relay';
/** The channel a gateway process hears the lines it must say on the sockets it holds (from the others). */
export const relayChannel = 'gateway_relay_say';

interface Session {
  socket: WebSocket;
  call: CallRow;
  sessionId: string;
  /** When the lead's latest words arrived (ms, monotonic), until the first AI token after them goes out. */
  promptAtMs?: number;
  /** Said to the lead on this session, in order (the call's transcript on Baton's side). */
  spoken: number;
}

const key = (tenantId: string, conversationId: string) => `${tenantId}/${conversationId}`;

/**
 * Baton's side of Twilio's ConversationRelay: a WebSocket on the service's own HTTP server, one session per
 * live AI call. Twilio sends setup, prompt (the lead's words, transcribed), interrupt, dtmf and error; Baton
 * sends text tokens (what the AI says, spoken by Twilio) and end (with handoffData, for the warm transfer).
 * The lead's words are lead messages (channel voice) through the same path as texts. A message that is not
 * JSON, not one of Twilio's, or out of order closes that socket with a code and a reason; the service goes on.
 */
@Injectable()
export class RelaySessions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly sessions = new Map<string, Session>();
  private readonly expected = new Map<string, { connected: Promise<void>; settle: () => void }>();
  /** This process, as the owner of the relay sockets it holds. */
  readonly instanceId = randomUUID();
  private unlisten?: () => Promise<void>;
  /** A line another gateway process asks this one to say (wired by the module to the warm transfer's line). */
  forwarded?: (message: {
    tenantId: string;
    conversationId: string;
    row: unknown;
    directive?: string;
  }) => Promise<void>;
  private readonly turnLatency: Histogram;
  private upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  private http?: Server;
  /** Told when a session is up (a recorded call starts recording then, after its notice). */
  started?: (call: CallRow) => Promise<void>;
  /** Takes the lead's words as a lead message (wired by the module: the inbound path is the texts'). */
  utterance?: (words: {
    providerMessageId: string;
    tenantId: string;
    from: string;
    to: string;
    body: string;
    channel: 'voice';
    receivedAt: string;
  }) => Promise<unknown>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly calls: CallStore,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.turnLatency = new Histogram({
      name: 'baton_relay_turn_seconds',
      help: "ConversationRelay turn latency: from the lead's words in to the AI's first text token out",
      buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8],
      registers: [metrics.registry],
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unlisten = await this.calls.sqlListen(relayChannel, (payload) => {
      let message: { owner?: string; tenantId: string; conversationId: string; row: unknown; directive?: string };
      try {
        message = JSON.parse(payload) as typeof message;
      } catch {
        return;
      }
      if (message.owner !== this.instanceId) return;
      void this.forwarded?.(message).catch((error: unknown) =>
        this.logger.warn(
          { service: 'channel-gateway', err: error, conversationId: message.conversationId },
          'forwarded line not said',
        ),
      );
    });
    this.http = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.upgrade = (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== relayPath) return; // not ours: another listener may take it
      // Twilio signs the socket's handshake as it signs webhooks: over the wss:// URL it was given, with no parameters.
      const token = this.config.TWILIO_AUTH_TOKEN;
      const signature = req.headers['x-twilio-signature'];
      const url = `${relayUrlOf(this.config.BATON_PUBLIC_URL ?? '').replace(new RegExp(`${relayPath}$`), '')}${req.url ?? ''}`;
      if (!token || typeof signature !== 'string' || !twilio.validateRequest(token, signature, url, {})) {
        const reason = !token
          ? 'the Twilio webhooks are off: TWILIO_AUTH_TOKEN is not set'
          : signature
            ? 'bad X-Twilio-Signature'
            : 'missing X-Twilio-Signature';
        this.logger.warn({ service: 'channel-gateway', path: relayPath, reason }, 'webhook refused');
        void this.calls.rejected(relayPath, reason, req.socket.remoteAddress).catch(() => undefined);
        socket.end(
          `HTTP/1.1 ${token ? '403 Forbidden' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        );
        return;
      }
      this.server.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    };
    this.http.on('upgrade', this.upgrade);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.unlisten?.();
    if (this.upgrade) this.http?.off('upgrade', this.upgrade);
    // Twilio reconnects a dropped relay to another instance behind the same URL; nothing here waits for it.
    for (const socket of this.server.clients) socket.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Whether the AI is on a live call with this lead, in this process or another one (its lines then go over the call). */
  async live(tenantId: string, conversationId: string): Promise<boolean> {
    return this.holds(tenantId, conversationId) || Boolean(await this.calls.relayOf(tenantId, conversationId));
  }

  /**
   * The AI is coming back on this call (a transfer's fallback redirected it to a new relay session): until the
   * session connects (or `withinMs` passes) its lines wait for it instead of going out as texts.
   */
  expect(tenantId: string, conversationId: string, withinMs = 15_000): void {
    const k = key(tenantId, conversationId);
    if (this.expected.has(k)) return;
    let settle!: () => void;
    const connected = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const timer = setTimeout(() => {
      this.expected.delete(k);
      settle();
    }, withinMs);
    timer.unref();
    this.expected.set(k, {
      connected,
      settle: () => {
        clearTimeout(timer);
        this.expected.delete(k);
        settle();
      },
    });
  }

  /** Whether this process holds the conversation's relay socket (or is about to, after a fallback). */
  holds(tenantId: string, conversationId: string): boolean {
    return this.sessions.has(key(tenantId, conversationId)) || this.expected.has(key(tenantId, conversationId));
  }

  /** Says a line on the live call: text tokens Twilio speaks. */
  async speak(tenantId: string, conversationId: string, text: string): Promise<{ callSid: string; sequence: number }> {
    await this.expected.get(key(tenantId, conversationId))?.connected;
    const session = this.sessions.get(key(tenantId, conversationId));
    if (!session) throw new ProviderRefused('no-live-call', 'the lead is not on a live AI call', false);
    if (session.promptAtMs !== undefined) {
      this.turnLatency.observe((performance.now() - session.promptAtMs) / 1000);
      session.promptAtMs = undefined;
    }
    // Sentence by sentence: Twilio starts speaking on the first token.
    const parts = text.match(/[^.!?]+[.!?]*\s*/g) ?? [text];
    parts.forEach((token, i) =>
      session.socket.send(JSON.stringify({ type: 'text', token, last: i === parts.length - 1 })),
    );
    session.spoken += 1;
    return { callSid: session.call.callSid, sequence: session.spoken };
  }

  /** Ends the AI's session on the call; Twilio then asks the Connect action what comes next (with the handoffData). */
  end(tenantId: string, conversationId: string, handoffData: Record<string, unknown>): boolean {
    const session = this.sessions.get(key(tenantId, conversationId));
    if (!session) return false;
    session.socket.send(JSON.stringify({ type: 'end', handoffData: JSON.stringify(handoffData) }));
    this.sessions.delete(key(tenantId, conversationId));
    void this.calls.releaseRelay(session.call.callSid, this.instanceId).catch(() => undefined);
    return true;
  }

  private accept(ws: WebSocket): void {
    let session: Session | undefined;
    // A ping every 20 s keeps a quiet call's socket inside a proxy's read timeout (ingress-nginx: 60 s).
    const keepAlive = setInterval(() => {
      if (ws.readyState === ws.OPEN) ws.ping();
    }, 20_000);
    keepAlive.unref();
    const refuse = (code: number, reason: string) => {
      this.logger.warn(
        { service: 'channel-gateway', code, reason, callSid: session?.call.callSid },
        'relay socket closed',
      );
      if (session && this.sessions.get(key(session.call.tenantId, session.call.conversationId)) === session)
        this.sessions.delete(key(session.call.tenantId, session.call.conversationId));
      // A close reason is at most 123 bytes.
      ws.close(code, Buffer.from(reason).subarray(0, 123).toString());
    };
    ws.on('error', (error) => this.logger.warn({ service: 'channel-gateway', err: error }, 'relay socket error'));
    ws.on('close', () => {
      clearInterval(keepAlive);
      if (!session) return;
      if (this.sessions.get(key(session.call.tenantId, session.call.conversationId)) === session)
        this.sessions.delete(key(session.call.tenantId, session.call.conversationId));
      if (!this.sessions.has(key(session.call.tenantId, session.call.conversationId)))
        void this.calls.releaseRelay(session.call.callSid, this.instanceId).catch(() => undefined);
    });
    // One message at a time, in order: the lead's words are taken in the order they were said.
    let queue = Promise.resolve();
    ws.on('message', (data: RawData, isBinary: boolean) => {
      queue = queue.then(async () => {
        if (ws.readyState !== ws.OPEN) return;
        let message: RelayInbound;
        try {
          if (isBinary) throw new Error('binary frame');
          const parsed = JSON.parse(data.toString()) as unknown;
          if (!Value.Check(RelayInbound, parsed)) {
            const type = (parsed as { type?: unknown })?.type;
            return refuse(
              relayClose.malformed,
              typeof type === 'string' ? `malformed ${type.slice(0, 20)} message` : 'a message with no known type',
            );
          }
          message = parsed;
        } catch {
          return refuse(relayClose.malformed, 'not a JSON text message');
        }
        if (!session && message.type !== 'setup') return refuse(relayClose.protocol, `${message.type} before setup`);
        if (session && message.type === 'setup') return refuse(relayClose.protocol, 'a second setup');
        try {
          session = await this.handle(ws, session, message, refuse);
        } catch (error) {
          this.logger.error(
            { service: 'channel-gateway', err: error, callSid: session?.call.callSid },
            'relay message failed',
          );
          refuse(1011, 'Baton could not take the message');
        }
      });
    });
  }

  private async handle(
    ws: WebSocket,
    session: Session | undefined,
    message: RelayInbound,
    refuse: (code: number, reason: string) => void,
  ): Promise<Session | undefined> {
    switch (message.type) {
      case 'setup': {
        const call = await this.calls.find(message.callSid);
        if (!call || call.endedAt) {
          refuse(relayClose.unknownCall, 'no live call with that CallSid');
          return undefined;
        }
        const created: Session = { socket: ws, call, sessionId: message.sessionId, spoken: 0 };
        this.sessions
          .get(key(call.tenantId, call.conversationId))
          ?.socket.close(relayClose.ended, 'a newer session took the call');
        this.sessions.set(key(call.tenantId, call.conversationId), created);
        await this.calls.claimRelay(call.callSid, this.instanceId);
        this.expected.get(key(call.tenantId, call.conversationId))?.settle();
        this.logger.info(
          {
            service: 'channel-gateway',
            conversationId: call.conversationId,
            tenantId: call.tenantId,
            callSid: call.callSid,
          },
          'relay session started',
        );
        await this.started?.(call);
        return created;
      }
      case 'prompt': {
        const s = session!;
        if (message.last === false || !message.voicePrompt.trim()) return s;
        s.promptAtMs = performance.now();
        const n = await this.calls.nextUtterance(s.call.callSid);
        await this.utterance!({
          providerMessageId: `${s.call.callSid}-${n}`,
          tenantId: s.call.tenantId,
          from: s.call.leadPhone,
          to: s.call.batonNumber,
          body: message.voicePrompt.trim(),
          channel: 'voice',
          receivedAt: this.clock.now().toISOString(),
        });
        return s;
      }
      case 'interrupt':
        this.logger.info(
          {
            service: 'channel-gateway',
            conversationId: session!.call.conversationId,
            callSid: session!.call.callSid,
            heardChars: message.utteranceUntilInterrupt?.length,
          },
          'lead interrupted the AI',
        );
        return session;
      case 'dtmf':
        this.logger.info(
          {
            service: 'channel-gateway',
            conversationId: session!.call.conversationId,
            callSid: session!.call.callSid,
            digit: message.digit,
          },
          'lead pressed a key',
        );
        return session;
      case 'error':
        this.logger.warn(
          {
            service: 'channel-gateway',
            conversationId: session!.call.conversationId,
            callSid: session!.call.callSid,
            description: message.description?.slice(0, 200),
          },
          'relay reported an error',
        );
        return session;
    }
  }
}
