import { languageOf, rankReps, type RoutableRep } from './routing';

const rep = (repId: string, over: Partial<RoutableRep> = {}): RoutableRep => ({
  repId,
  territory: [],
  skills: { verticals: [], languages: [] },
  load: 0,
  ...over,
});

describe('routing a lead to a rep', () => {
  const reps = [
    rep('ana', {
      lastOfferedAt: '2026-03-03T10:00:00Z',
      load: 1,
      territory: ['TX'],
      skills: { verticals: ['mortgage'], languages: ['en', 'es'] },
    }),
    rep('ben', { lastOfferedAt: '2026-03-03T09:00:00Z', load: 4, territory: ['CA'] }),
    rep('cy', { load: 2, territory: ['TX', 'OK'] }),
  ];
  const ids = (list: RoutableRep[]) => list.map((r) => r.repId);

  it('round robin: whoever waited longest first', () =>
    expect(ids(rankReps(reps, {}, { strategy: 'round_robin', fallback: 'none' }))).toEqual(['cy', 'ben', 'ana']));
  it('least loaded: fewest meetings ahead first', () =>
    expect(ids(rankReps(reps, {}, { strategy: 'least_loaded', fallback: 'none' }))).toEqual(['ana', 'cy', 'ben']));
  it('by territory, then the fallback for the rest', () => {
    expect(ids(rankReps(reps, { state: 'TX' }, { strategy: 'territory', fallback: 'round_robin' }))).toEqual([
      'cy',
      'ana',
      'ben',
    ]);
    expect(ids(rankReps(reps, { state: 'NY' }, { strategy: 'territory', fallback: 'least_loaded' }))).toEqual([
      'ana',
      'cy',
      'ben',
    ]);
    expect(ids(rankReps(reps, { state: 'NY' }, { strategy: 'territory', fallback: 'none' }))).toEqual([]);
  });
  it('by skill: a Spanish-speaking lead goes to a rep who speaks it', () => {
    expect(ids(rankReps(reps, { language: 'es' }, { strategy: 'skill', fallback: 'none' }))).toEqual(['ana']);
    expect(
      ids(rankReps(reps, { language: 'es', vertical: 'insurance' }, { strategy: 'skill', fallback: 'round_robin' })),
    ).toEqual(['cy', 'ben', 'ana']);
  });
  it("tells Spanish from English in the lead's words", () => {
    expect(languageOf(['Hola, quiero refinanciar mi casa por favor'])).toBe('es');
    expect(languageOf(["Hi, I'm looking to refinance my house"])).toBe('en');
    expect(languageOf(['ok'])).toBeUndefined();
  });
});
