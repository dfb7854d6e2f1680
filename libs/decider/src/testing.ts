import { fold, type Decider } from './decider';

/** Given past events, when a command, then these new events (or this refusal). */
export function specFor<C, E, S>(decider: Decider<C, E, S>) {
  return (given: E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, fold(decider.evolve, decider.initialState(), given));
      return {
        then: (expected: E[]) => expect(run()).toEqual(expected),
        thenRefuses: (errorType: abstract new (...args: never[]) => Error) => expect(run).toThrow(errorType as never),
        events: run,
      };
    },
  });
}
