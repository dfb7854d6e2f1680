import twilio from 'twilio';
import WebSocket from 'ws';

/** What Baton told Twilio to do with a call, read from its TwiML: the relay socket and the AI's first words. */
export function relayOf(twiml: string): { url: string; welcomeGreeting: string } | undefined {
  const tag = /<ConversationRelay\b([^>]*)>/.exec(twiml)?.[1];
  if (!tag) return undefined;
  const unescape = (s: string) =>
    s
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  const url = new RegExp(`\\surl="([^"]*)"`).exec(tag)?.[1];
  const greeting = new RegExp(`\\swelcomeGreeting="([^"]*)"`).exec(tag)?.[1];
  return url ? { url: unescape(url), welcomeGreeting: unescape(greeting ?? '') } : undefined;
}

/**
 * Twilio's side of a ConversationRelay session, for tests: connects to Baton's socket, sends setup and the
 * lead's words (prompt), and collects what Baton says (text tokens, joined into lines) and its end message.
 */
export class FakeConversationRelay {
  readonly lines: string[] = [];
  /** When the first token of each line arrived (performance.now()): turn latency is measured from the lead's words to it. */
  readonly lineStartedAt: number[] = [];
  /** When each prompt was sent (performance.now()). */
  readonly saidAt: number[] = [];
  /** handoffData of Baton's end message, once it sent one. */
  ended?: string;
  closed?: { code: number; reason: string };
  private partial = '';
  private socket?: WebSocket;

  /**
   * Opens the socket at `url` (the TwiML's, or with its host swapped for the service under test), its handshake
   * signed as Twilio signs it when `sign` gives the auth token and the URL Twilio was told to connect to.
   */
  async connect(url: string, sign?: { authToken: string; url: string }): Promise<this> {
    const headers = sign
      ? { 'x-twilio-signature': twilio.getExpectedTwilioSignature(sign.authToken, sign.url, {}) }
      : undefined;
    this.socket = new WebSocket(url, headers ? { headers } : undefined);
    this.socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        token?: string;
        last?: boolean;
        handoffData?: string;
      };
      if (message.type === 'text') {
        if (!this.partial) this.lineStartedAt.push(performance.now());
        this.partial += message.token ?? '';
        if (message.last) {
          this.lines.push(this.partial.trim());
          this.partial = '';
        }
      }
      if (message.type === 'end') this.ended = message.handoffData ?? '';
    });
    this.socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
    await new Promise<void>((resolve, reject) => {
      this.socket!.once('open', () => resolve());
      this.socket!.once('error', reject);
      this.socket!.once('unexpected-response', (_req, res) =>
        reject(new Error(`handshake refused: ${res.statusCode}`)),
      );
    });
    return this;
  }

  setup(callSid: string, extra: Record<string, unknown> = {}): void {
    this.send({
      type: 'setup',
      sessionId: `VX${callSid.slice(2)}`,
      callSid,
      from: '+15125550100',
      to: '+15125550199',
      direction: 'inbound',
      ...extra,
    });
  }

  /** The lead says something (Twilio's transcription of it). */
  say(words: string): void {
    this.saidAt.push(performance.now());
    this.send({ type: 'prompt', voicePrompt: words, lang: 'en-US', last: true });
  }

  send(message: unknown): void {
    this.socket!.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  close(): void {
    this.socket?.close();
  }
}
