import { featuresOf } from './signal-features';
import type { Turn } from './signal-engine.port';

const lead = (text: string): Turn => ({ author: 'lead', text });
const ai = (text: string): Turn => ({ author: 'ai', text });
const namesOf = (text: string, context: Turn[]) => {
  const names: string[] = [];
  featuresOf({ text, context }, 1 << 18, names);
  return names;
};

describe('what the model reads of the conversation', () => {
  it("reads a change of tone against the lead's earlier turns", () => {
    const context = [
      ai('What area are you looking in?'),
      lead('the east side, thanks!'),
      ai('Got it. Any must-haves?'),
    ];
    expect(namesOf('this is a waste of my time', context)).toEqual(
      expect.arrayContaining(['x:tone:cross', 'x:was:calm', 'x:was:calm|now:cross']),
    );
    expect(namesOf('a garage would be nice', context)).toContain('x:was:calm|now:calm');
  });

  it('reads the AI asking the same thing again, and a figure the lead already gave', () => {
    const context = [
      ai('What is your current loan balance?'),
      lead('about 212k'),
      ai('What is your current loan balance, roughly?'),
    ];
    const names = namesOf('212k', context);
    expect(names).toEqual(expect.arrayContaining(['x:ai-asked-again', 'x:ai-asked-again|short', 'x:restates-number']));
    expect(namesOf('212k', [ai('What is your current loan balance?')])).not.toContain('x:ai-asked-again');
  });

  it('gives the same features for the same input', () => {
    const context = [ai('Buying or refinancing?'), lead('refi')];
    expect(Array.from(featuresOf({ text: 'i said refi', context }, 1 << 18))).toEqual(
      Array.from(featuresOf({ text: 'i said refi', context }, 1 << 18)),
    );
  });
});
