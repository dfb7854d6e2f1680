import { fetchEventSource, type EventSourceMessage } from '@microsoft/fetch-event-source';

export interface ConversationFact {
  id: string;
  type: string;
  /** handoff.triggered, human.took-over, handed-back, ... */
  name: string;
  conversationId: string;
  revision: string;
  data: Record<string, unknown>;
}
export type LiveEvent =
  | { kind: 'fact'; fact: ConversationFact }
  | { kind: 'message'; conversationId: string; type: string }
  | { kind: 'ready' };
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

class FatalStreamError extends Error {}

/**
 * The console's one connection to `GET /v1/events/stream`, with the bearer token in the Authorization header
 * (fetch-event-source: EventSource cannot send headers, and a token in a URL ends up in logs). On a dropped
 * connection it reconnects with Last-Event-ID, so the server resumes exactly after the last fact received;
 * after each (re)connection `ready` tells the pages to reload what they show. No polling.
 */
export class LiveStream {
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private abort?: AbortController;
  status: LiveStatus = 'stopped';

  constructor(
    private readonly url: string,
    private readonly headers: () => Record<string, string>,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  start(): void {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.setStatus('connecting');
    void fetchEventSource(this.url, {
      headers: this.headers(),
      signal: abort.signal,
      openWhenHidden: true, // a rep with the console in a background tab still hears of handoffs
      onopen: async (response) => {
        if (response.ok && (response.headers.get('content-type') ?? '').startsWith('text/event-stream')) return;
        if (response.status === 401) this.onUnauthorized();
        if (response.status === 401 || response.status === 403 || response.status === 400)
          throw new FatalStreamError(`stream refused: HTTP ${response.status}`);
        throw new Error(`stream unavailable: HTTP ${response.status}`);
      },
      onmessage: (message: EventSourceMessage) => this.dispatch(message),
      onclose: () => {
        this.setStatus('reconnecting');
        throw new Error('stream closed'); // reconnect, resuming after the last id
      },
      onerror: (error) => {
        if (error instanceof FatalStreamError) {
          this.setStatus('stopped');
          throw error;
        }
        this.setStatus('reconnecting');
        return 2000;
      },
    }).catch(() => this.setStatus('stopped'));
  }

  stop(): void {
    this.abort?.abort();
    this.setStatus('stopped');
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private dispatch(message: EventSourceMessage): void {
    let event: LiveEvent | undefined;
    if (message.event === 'ready') {
      this.setStatus('live');
      event = { kind: 'ready' };
    } else if (message.event === 'conversation') {
      event = { kind: 'fact', fact: JSON.parse(message.data) as ConversationFact };
    } else if (message.event === 'message') {
      const { conversationId, type } = JSON.parse(message.data) as { conversationId: string; type: string };
      event = { kind: 'message', conversationId, type };
    }
    if (event) for (const listener of this.listeners) listener(event);
  }

  private setStatus(status: LiveStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
