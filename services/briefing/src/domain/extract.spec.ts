import { readFileSync } from 'node:fs';
import { inputOf, parseConversation } from '../eval/evaluation';
import type { BriefInput, Turn } from './brief-input';
import { extractFields } from './extractive-engine';

const start = Date.parse('2026-03-02T15:00:00Z');
const conversation = (...lines: [Turn['author'], string][]): BriefInput => ({
  conversationId: 'c-1',
  lead: { phone: '+15125550100', timezone: 'America/Chicago' },
  source: { channel: 'sms' },
  reQuestions: [],
  turns: lines.map(([author, text], i) => ({
    id: `m${i + 1}`,
    author,
    text,
    at: new Date(start + i * 60_000).toISOString(),
  })),
});
const slot = (input: BriefInput, name: string) => extractFields(input).financialProfile.filter((f) => f.slot === name);

describe('the extractive engine', () => {
  it('lets a correction win and shows what it replaced', () => {
    const credit = slot(
      conversation(
        ['ai', 'How would you describe your credit?'],
        ['lead', 'its around 720'],
        ['lead', 'actually its 748'],
      ),
      'credit_score',
    );
    expect(credit).toEqual([
      expect.objectContaining({
        value: '748',
        quote: 'actually its 748',
        messageId: 'm3',
        previous: { value: 'about 720', quote: 'its around 720', messageId: 'm2' },
      }),
    ]);
    const budget = slot(
      conversation(['lead', 'budget is about 300k'], ['lead', 'closer to 350k now that I think about it']),
      'budget',
    );
    expect(budget).toEqual([
      expect.objectContaining({
        value: '$350,000',
        messageId: 'm2',
        previous: expect.objectContaining({ value: 'about $300,000' }),
      }),
    ]);
  });

  it('reads a bare answer by the question it answers', () => {
    const fields = extractFields(
      conversation(
        ['ai', 'Roughly what price range?'],
        ['lead', 'around 450'],
        ['ai', 'Who else is involved in the decision?'],
        ['lead', 'just me'],
      ),
    );
    expect(fields.financialProfile).toEqual([
      expect.objectContaining({ slot: 'budget', value: 'about $450,000', quote: 'around 450' }),
    ]);
    expect(fields.decisionMakers).toEqual([expect.objectContaining({ quote: 'just me' })]);
  });

  it('does not report what the lead negated', () => {
    const fields = extractFields(
      conversation(
        ['lead', "I'm not worried about the rate"],
        ['lead', "haven't talked to any other lenders"],
        ['lead', 'no rush on our end'],
      ),
    );
    expect(fields.objections).toEqual([]);
    expect(fields.competitors).toEqual([]);
    expect(fields.timeline).toEqual([expect.objectContaining({ urgency: 'low' })]);
  });

  it('finds timeline with urgency, decision makers, objections, competitors and contact preference', () => {
    const fields = extractFields(
      conversation(
        ['lead', "we're closing in 9 days, need commitment by Friday"],
        ['lead', 'my husband will sign off too'],
        ['lead', 'the closing costs last time were way too high'],
        ['lead', 'Rocket quoted me 6.1%'],
        ['lead', 'text me after 5pm, I cant talk at work'],
      ),
    );
    expect(fields.timeline.map((t) => [t.quote, t.date, t.urgency])).toEqual([
      ["we're closing in 9 days", '2026-03-11', 'high'],
      ['need commitment by Friday', '2026-03-06', 'high'],
    ]);
    expect(fields.urgency).toBe('high');
    expect(fields.decisionMakers[0]!.value).toMatch(/^husband/);
    expect(fields.objections.map((o) => o.messageId)).toEqual(['m3']);
    expect(fields.competitors[0]!.value).toMatch(/^Rocket/);
    expect(fields.contactPreference[0]!.value).toMatch(/^text, after 5pm/);
    expect(fields.needsMost?.slot).toBe('timeline');
  });

  it('quotes every fact verbatim from the lead message it cites', () => {
    const input = conversation(
      ['lead', 'Hi! saw ur ad on fb. want to refi, owe like 310k, credit 700ish, wife has to sign too. call after 6'],
      ['ai', 'Thanks!'],
      ['lead', 'oh and geico is my insurance lol'],
    );
    const fields = extractFields(input);
    const all = [
      ...fields.need,
      ...fields.timeline,
      ...fields.specifics,
      ...fields.financialProfile,
      ...fields.decisionMakers,
      ...fields.objections,
      ...fields.competitors,
      ...fields.contactPreference,
    ];
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const fact of all)
      expect(input.turns.find((t) => t.id === fact.messageId && t.author === 'lead')!.text).toContain(fact.quote);
  });
});

describe('reading a conversation as it grows', () => {
  // a module of its own, so nothing read before is kept; it keeps only where a whole read ended, so reading the
  // longest run first reads every shorter one from the first turn
  const readCold = (inputs: BriefInput[]): ReturnType<typeof extractFields>[] => {
    let fields: ReturnType<typeof extractFields>[] = [];
    jest.isolateModules(() => {
      // isolateModules loads synchronously, so this one import is a require
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const cold = (require('./extractive-engine') as typeof import('./extractive-engine')).extractFields;
      fields = [...inputs].reverse().map(cold).reverse();
    });
    return fields;
  };
  const dev = readFileSync(`${__dirname}/../../eval/briefs-dev.jsonl`, 'utf8')
    .split('\n')
    .map((line, i) => parseConversation(line, `briefs-dev:${i + 1}`))
    .filter((c) => c !== undefined)
    .map(inputOf);

  it('finds, turn by turn, what it finds reading each conversation whole', () => {
    expect(dev.length).toBeGreaterThan(5);
    for (const input of dev) {
      const prefixes = input.turns.map((_, n) => ({ ...input, turns: input.turns.slice(0, n + 1) }));
      expect(prefixes.map(extractFields)).toEqual(readCold(prefixes));
    }
  });

  it('reads again from a turn whose words or zone differ, never from what it kept', () => {
    const first = conversation(['ai', 'How would you describe your credit?'], ['lead', 'its around 720']);
    const edited = { ...first, turns: [first.turns[0]!, { ...first.turns[1]!, text: 'its around 680' }] };
    expect(slot(first, 'credit_score')[0]?.value).toBe('about 720');
    expect(slot(edited, 'credit_score')[0]?.value).toBe('about 680');
    const friday = conversation(['lead', 'we need it done by tomorrow']); // Mar 3 in Chicago, Mar 4 at UTC+14
    const elsewhere = { ...friday, lead: { ...friday.lead, timezone: 'Pacific/Kiritimati' } };
    expect(extractFields(friday)).not.toEqual(extractFields(elsewhere));
    expect(extractFields(elsewhere)).toEqual(readCold([elsewhere])[0]);
  });
});
