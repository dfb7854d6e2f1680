/** An aggregate's rules as three pure members (Emmett's shape): no I/O, no clock, ids and time come in the command. */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export function fold<Event, State>(
  evolve: (state: State, event: Event) => State,
  initial: State,
  events: Iterable<Event>,
): State {
  let state = initial;
  for (const event of events) state = evolve(state, event);
  return state;
}

/**
 * A rule refused a command. It has a stable `code`; a retry would get the same answer, so on the bus it is
 * logged and acknowledged, and at the HTTP edge it becomes a 409 problem document.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** HTTP status at the edge; 409 unless a rule says otherwise. */
  readonly status: number = 409;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
