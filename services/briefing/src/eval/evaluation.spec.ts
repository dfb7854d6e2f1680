import type { Brief } from '../domain/brief-input';
import { citationHolds, factFound, inputOf, overlaps, parseConversation, sameValue, score } from './evaluation';

const line = JSON.stringify({
  id: 'c1',
  vertical: 'mortgage',
  lead: { name: 'Dani', phone: '+15125550100', timezone: 'America/Chicago', state: 'TX' },
  turns: [
    { from: 'ai', text: 'Credit?' },
    { from: 'lead', text: 'its 720' },
    { from: 'lead', text: 'actually its 748' },
  ],
  facts: [
    { field: 'financial_profile', value: 'credit 748', evidence: 'actually its 748' },
    { field: 'competitor', value: 'Rocket', evidence: 'its 720' },
  ],
  extra: 'ignored',
});

describe('scoring briefs', () => {
  const conversation = parseConversation(line, 'x:1')!;
  const input = inputOf(conversation);
  const brief = {
    summary: 'one two three',
    fields: {
      financialProfile: [{ slot: 'credit_score', value: '748', quote: 'actually its 748', messageId: 'c1#3' }],
      competitors: [],
      need: [],
      timeline: [],
      specifics: [],
      decisionMakers: [],
      objections: [],
      contactPreference: [],
      lead: { phone: '+1' },
      source: {},
    },
  } as unknown as Brief;

  it('counts a fact whose evidence the field holds, or whose value it states', () => {
    expect(factFound(brief, conversation.facts[0]!, input)).toBe(true);
    expect(factFound(brief, conversation.facts[1]!, input)).toBe(false);
    expect(overlaps('we owe about 420k on it', 'owe about 420k')).toBe(true);
    expect(sameValue('$350,000', 'closer to 350k')).toBe(true);
    expect(sameValue('$300,000', 'closer to 350k')).toBe(false);
  });

  it("holds a citation only to the lead's own words, with the numbers in them", () => {
    expect(citationHolds({ value: '748', quote: 'actually its 748', messageId: 'c1#3' }, input.turns)).toBe(true);
    expect(citationHolds({ value: '750', quote: 'actually its 748', messageId: 'c1#3' }, input.turns)).toBe(false);
    expect(citationHolds({ value: '748', quote: 'its 748', messageId: 'c1#2' }, input.turns)).toBe(false);
    expect(citationHolds({ value: 'credit', quote: 'Credit?', messageId: 'c1#1' }, input.turns)).toBe(false);
  });

  it('reports recall per field and the summary length', () => {
    const report = score([{ conversation, input, brief, ms: 2 }]);
    expect(report).toMatchObject({
      factRecall: 0.5,
      evidencePrecision: 1,
      summaryWords: { p50: 3, max: 3 },
      conversations: 1,
    });
    expect(report.perField.financial_profile).toEqual({ recall: 1, facts: 1 });
    expect(report.perField.competitor).toEqual({ recall: 0, facts: 1 });
  });

  it('refuses a line that is not a conversation, saying where', () => {
    expect(() => parseConversation('{"id":"x","turns":[],"facts":[{"field":"vibes"}]}', 'f:3')).toThrow(
      /f:3: unknown fact field vibes/,
    );
    expect(() => parseConversation('nope', 'f:4')).toThrow(/f:4: not JSON/);
    expect(parseConversation('   ', 'f:5')).toBeUndefined();
  });
});
