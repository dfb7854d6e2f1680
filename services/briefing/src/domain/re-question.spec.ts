import type { Turn } from './brief-input';
import { reQuestionsIn } from './re-question';

const at = (minute: number) => new Date(Date.parse('2026-03-02T15:00:00Z') + minute * 60_000).toISOString();
const thread = (...turns: Turn[]) => ({ conversationId: 'c-1', lead: { phone: '+15125550100' }, source: {}, turns });
const lead = (id: string, text: string, minute: number): Turn => ({ id, author: 'lead', text, at: at(minute) });
const rep = (id: string, text: string, minute: number): Turn => ({
  id,
  author: 'rep',
  repId: 'rep-7',
  text,
  at: at(minute),
});

describe('a rep asking again for what the brief held', () => {
  const earlier = [
    { id: 'a1', author: 'ai' as const, text: 'How would you describe your credit?', at: at(0) },
    lead('m1', '720', 1),
    lead('m2', 'actually its 748', 2),
    lead('m3', 'we want to close by the end of march', 3),
  ];

  it("names the field, the rep's question and the lead message with the known value", () => {
    const asked = rep('r1', "Hi! What's your credit score? And when are you hoping to close?", 5);
    expect(reQuestionsIn(asked, thread(...earlier, asked))).toEqual([
      {
        repId: 'rep-7',
        field: 'financial_profile.credit_score',
        askedMessageId: 'r1',
        knownMessageId: 'm2',
        knownValue: '748',
      },
      {
        repId: 'rep-7',
        field: 'timeline',
        askedMessageId: 'r1',
        knownMessageId: 'm3',
        knownValue: expect.stringMatching(/end of march/),
      },
    ]);
  });

  it('is no re-question when the lead had not said it, when the rep confirms it, or when it is not a question', () => {
    const income = rep('r2', 'What is your household income?', 5);
    expect(reQuestionsIn(income, thread(...earlier, income))).toEqual([]);
    const confirm = rep('r3', 'You said 748, right?', 5);
    expect(reQuestionsIn(confirm, thread(...earlier, confirm))).toEqual([]);
    const statement = rep('r4', 'Your credit looks great.', 5);
    expect(reQuestionsIn(statement, thread(...earlier, statement))).toEqual([]);
  });

  it('only counts what the lead said before the question', () => {
    const asked = rep('r5', "what's your credit score?", 0);
    expect(reQuestionsIn(asked, thread(asked, ...earlier.slice(1)))).toEqual([]);
  });
});
