import { matchesOf } from './matches';
import { RuleSignalEngine } from './rule-signal-engine';

const asMatchAll = (pattern: RegExp, text: string) => [...text.matchAll(pattern)].map((m) => [m.index, m[0]]);
const found = (pattern: RegExp, text: string) => matchesOf(pattern, text).map((m) => [m.index, m[0]]);

describe('matchesOf', () => {
  it.each([
    [/(?<![\p{L}])(?:call|phone)\s+me(?![\p{L}])/giu, 'Call me, or phone me; recall me not. CALL ME'],
    [/\s*/gu, 'a 😀 b'], // empty matches, one around an astral character
    [/x*/g, 'axxb'],
    [/[\p{L}\p{N}]+/gu, 'señor 42 𝒳yz ok'],
    [/(?:)/gu, '😀😀'],
  ])('finds what matchAll finds: %s', (pattern, text) => {
    expect(found(pattern, text)).toEqual(asMatchAll(pattern, text));
    expect(pattern.lastIndex).toBe(0);
  });

  it('refuses a pattern that is not global, as matchAll does (exec would never move on)', () => {
    expect(() => matchesOf(/call/i, 'call me')).toThrow(/global/);
  });

  it('leaves the detector no reason to clone a pattern: no matchAll or split with a pattern while it reads', () => {
    const matchAll = jest.spyOn(RegExp.prototype, Symbol.matchAll);
    const split = jest.spyOn(RegExp.prototype, Symbol.split);
    try {
      new RuleSignalEngine().readNow({
        text: 'ugh, can I just talk to a real persn?? señor, CALL ME 😡',
        context: [
          { author: 'lead', text: 'how much is the premium' },
          { author: 'ai', text: 'Would you like me to set up a call with an agent?' },
        ],
      });
      // RegExp.prototype[Symbol.split] is how String#split runs a pattern; it clones it like matchAll
      expect(matchAll).not.toHaveBeenCalled();
      expect(split).not.toHaveBeenCalled();
    } finally {
      matchAll.mockRestore();
      split.mockRestore();
    }
  });
});
