import { DomainError, fold, isDomainError, type Decider } from './decider';
import { specFor } from './testing';

class CounterFull extends DomainError {
  readonly code = 'counter-full';
}
type Cmd = { type: 'add'; by: number };
type Ev = { type: 'added'; by: number };
const counter: Decider<Cmd, Ev, number> = {
  initialState: () => 0,
  evolve: (s, e) => s + e.by,
  decide: (c, s) => {
    if (s + c.by > 10) throw new CounterFull(`would pass 10 from ${s}`);
    return [{ type: 'added', by: c.by }];
  },
};

describe('decider helpers', () => {
  it('folds events into state', () =>
    expect(
      fold(counter.evolve, 0, [
        { type: 'added', by: 2 },
        { type: 'added', by: 3 },
      ]),
    ).toBe(5));
  it('runs given/when/then', () =>
    specFor(counter)([{ type: 'added', by: 4 }])
      .when({ type: 'add', by: 1 })
      .then([{ type: 'added', by: 1 }]));
  it('reports a refusal as a domain error with a code and status', () => {
    specFor(counter)([{ type: 'added', by: 9 }])
      .when({ type: 'add', by: 2 })
      .thenRefuses(CounterFull);
    const error = new CounterFull('x');
    expect(isDomainError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'counter-full', status: 409, name: 'CounterFull' });
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});
