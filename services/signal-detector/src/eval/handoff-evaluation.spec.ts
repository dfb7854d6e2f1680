import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleSignalEngine } from '../domain/rule-signal-engine';
import { outcomeOf, parseConversation, play, tally } from './handoff-evaluation';

const root = join(__dirname, '..', '..', '..', '..');
const rules = new RuleSignalEngine();
const read = (input: Parameters<RuleSignalEngine['readNow']>[0]) => rules.readNow(input);

describe('playing conversations through the detector and the handoff policy', () => {
  it('counts a handoff at the due turn as exact, before it as early, after it as late, and none as never', () => {
    expect([outcomeOf(3, 3), outcomeOf(3, 1), outcomeOf(3, 5), outcomeOf(3, null)]).toEqual([
      'exact',
      'early',
      'late',
      'never',
    ]);
    // no handoff due: right when none comes, early when one comes anyway
    expect([outcomeOf(null, null), outcomeOf(null, 1)]).toEqual(['exact', 'early']);
  });

  it('hands off at the first lead turn the policy triggers on, reading each turn in the turns before it', () => {
    const conversation = parseConversation(
      JSON.stringify({
        id: 'c1',
        handoff_turn: 3,
        vertical: 'ignored',
        turns: [
          { from: 'ai', text: 'Buying or refinancing?' },
          { from: 'lead', text: 'buying' },
          { from: 'ai', text: 'Want me to have a loan officer call you?' },
          { from: 'lead', text: 'yes please' },
        ],
      }),
      'f:1',
    )!;
    expect(play(conversation, read)).toEqual({ id: 'c1', due: 3, handedOffAt: 3, outcome: 'exact' });
    // the same reply after a plain question is no request: the handoff never comes
    const plain = {
      ...conversation,
      turns: conversation.turns.map((t, i) => (i === 2 ? { ...t, text: 'Is it your primary home?' } : t)),
    };
    expect(play(plain, read).outcome).toBe('never');
  });

  it('refuses a line with no turns or a bad handoff_turn, and reads string turns too', () => {
    expect(() => parseConversation('{"id":"x"}', 'f:2')).toThrow('f:2: no turns');
    expect(() => parseConversation('{"turns":[],"handoff_turn":"3"}', 'f:3')).toThrow(/handoff_turn/);
    expect(parseConversation('{"turns":["AI: hi","LEAD: get me a human"],"handoff_turn":1}', 'f:4')!.turns).toEqual([
      { author: 'ai', text: 'hi' },
      { author: 'lead', text: 'get me a human' },
    ]);
    expect(
      tally([
        { id: 'a', due: 1, handedOffAt: 1, outcome: 'exact' },
        { id: 'b', due: null, handedOffAt: 1, outcome: 'early' },
      ]),
    ).toEqual({ exact: 1, early: 1, late: 0, never: 0, conversations: 2 });
  });

  it('prints {exact, early, late, never, conversations} with --json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-handoffs-'));
    const file = join(dir, 'conversations.jsonl');
    writeFileSync(
      file,
      [
        {
          id: 'a',
          turns: [
            { from: 'ai', text: 'Hi! Auto or home?' },
            { from: 'lead', text: 'can i talk to a real person' },
          ],
          handoff_turn: 1,
          extra: true,
        },
        {
          id: 'b',
          turns: [
            { from: 'ai', text: 'Hi! Auto or home?' },
            { from: 'lead', text: 'auto' },
            { from: 'ai', text: 'How many cars?' },
            { from: 'lead', text: 'two' },
          ],
          handoff_turn: null,
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    for (const engine of ['rules', 'ensemble']) {
      const out = execFileSync(
        process.execPath,
        [
          '-r',
          './scripts/register.js',
          'services/signal-detector/src/eval/eval-handoffs.ts',
          file,
          '--json',
          '--engine',
          engine,
        ],
        { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
      );
      expect(JSON.parse(out)).toEqual({ exact: 2, early: 0, late: 0, never: 0, conversations: 2 });
    }
  });
});
