import fc from 'fast-check';
import { assembleBrief } from './brief';
import type { BriefInput, Turn } from './brief-input';
import { wordCount } from './clauses';
import { extractFields } from './extractive-engine';
import { briefMarkdown } from './brief-markdown';

const meta = {
  briefId: 'b-1',
  version: 1,
  cycle: 1,
  status: 'final' as const,
  builtAt: '2026-03-02T16:00:00Z',
  engine: 'extractive' as const,
};
const signals = [
  {
    signal: 'explicit_request' as const,
    confidence: 0.95,
    evidence: { text: 'a real person', start: 0, end: 13 },
    detector: 'rules',
  },
];
const build = (turns: Turn[], mode: 'warm_transfer' | 'live_takeover' = 'warm_transfer') => {
  const input: BriefInput = {
    conversationId: 'c-1',
    lead: { phone: '+15125550100', name: 'Danielle', timezone: 'America/Chicago' },
    source: { channel: 'sms', batonNumber: '+15125550199' },
    turns,
    reQuestions: [],
    handoff: { cause: 'signals', mode, signals, messageId: turns[turns.length - 1]?.id },
  };
  return assembleBrief(input, { fields: extractFields(input) }, meta);
};

// Lead lines built from the phrases leads use, in any order and number: the limits must hold for all of them.
const phrases = [
  "Hi, I'm looking to refinance my house",
  'closing in 9 days, need commitment by Friday',
  'credit is 720',
  'actually its 748',
  'budget around 350k',
  'my husband will sign off too',
  'the closing costs seem way too high',
  'Rocket quoted me 6.1%',
  'text me after 5pm',
  'we have 2 cars and 3 drivers',
  'roof is 15 years old',
  'need 40 seats for the sales team',
  'we make about 140k',
  'put 20% down',
  'no rush really',
  'ugh this is so frustrating',
  'can I talk to a real person?',
  'worried about a hard credit pull',
  'saw your ad on facebook',
  'electric bill is like $300/mo in summer',
];
const conversations = fc
  .array(fc.tuple(fc.constantFrom(...phrases), fc.constantFrom(...phrases), fc.boolean()), {
    minLength: 1,
    maxLength: 30,
  })
  .map((lines) =>
    lines.map(([a, b, both], i): Turn => ({
      id: `m${i + 1}`,
      author: i % 3 === 1 ? 'ai' : 'lead',
      text: both ? `${a}. ${b}` : a,
      at: new Date(Date.parse('2026-03-02T15:00:00Z') + i * 60_000).toISOString(),
    })),
  );

describe('the assembled brief', () => {
  it('keeps the summary to 120 words and the whisper to 60, whatever the conversation', () => {
    fc.assert(
      fc.property(conversations, (turns) => {
        const brief = build(turns);
        expect(wordCount(brief.summary)).toBeLessThanOrEqual(120);
        expect(wordCount(brief.spokenSummary!)).toBeLessThanOrEqual(60);
        expect(brief.spokenSummary).not.toMatch(/[()"]|->|\.\.\./);
        expect(brief.openingLine).toMatch(/^Hey Danielle, thanks for chatting with us earlier\./);
      }),
      { numRuns: 150 },
    );
  });

  it('opens with what the lead said, turned to "you"', () => {
    const brief = build(
      [{ id: 'm1', author: 'lead', text: "Hi, I'm looking to refinance my house", at: '2026-03-02T15:00:00Z' }],
      'live_takeover',
    );
    expect(brief.openingLine).toBe(
      "Hey Danielle, thanks for chatting with us earlier. I saw you're looking to refinance your house.",
    );
    expect(brief.spokenSummary).toBeUndefined(); // only a warm transfer has a whisper
    expect(brief.fields.handoff?.reasons).toEqual([
      { signal: 'explicit_request', confidence: 0.95, evidence: 'a real person', detector: 'rules', messageId: 'm1' },
    ]);
  });

  it('escapes what the lead wrote in the Markdown, so a message cannot add links or markup', () => {
    const brief = build([
      {
        id: 'm1',
        author: 'lead',
        text: 'I want to buy a house [click](javascript:alert(1)) <img src=x> **now**',
        at: '2026-03-02T15:00:00Z',
      },
    ]);
    const text = briefMarkdown(brief, { transcriptUrl: 'https://baton.example.com/v1/conversations/c-1/messages' });
    expect(text).toContain('\\[click\\]\\(javascript:alert\\(1\\)\\)');
    expect(text).toContain('\\<img src=x\\>');
    expect(text).toContain('\\*\\*now\\*\\*');
    expect(text).toMatch(/^# Brief: \+15125550100/);
  });
});
