import { DomainError } from '@baton/decider';
import type { Driver } from './conversation.events';

export class NotDrivenByRep extends DomainError {
  readonly code = 'not-driven-by-rep';
  constructor(readonly driver: Driver) {
    super(`hand-back needs a rep in charge; the driver is ${driver}`);
  }
}

export class LeadOptedOut extends DomainError {
  readonly code = 'lead-opted-out';
  constructor(action: string) {
    super(`the lead opted out; ${action} waits until the lead opts in again`);
  }
}

export class NotPaused extends DomainError {
  readonly code = 'not-paused';
  constructor(readonly driver: Driver) {
    super(`resume needs a paused conversation; the driver is ${driver}`);
  }
}

export class UnknownConversation extends DomainError {
  readonly code = 'unknown-conversation';
  override readonly status = 404;
  constructor(action: string) {
    super(`no lead has written in this conversation yet, so it cannot ${action}`);
  }
}

/**
 * Another rep holds the conversation: two reps claimed it (the first claim decided wins, the other is told who
 * holds it), or a rep tried to hand back a conversation they do not hold.
 */
export class HeldByAnotherRep extends DomainError {
  readonly code = 'held-by-another-rep';
  constructor(
    readonly holder: string,
    action: 'take-over' | 'hand-back' = 'take-over',
  ) {
    super(
      action === 'take-over'
        ? `${holder} already took this conversation over`
        : `${holder} holds this conversation: only they hand it back (a supervisor names them)`,
    );
  }
}
