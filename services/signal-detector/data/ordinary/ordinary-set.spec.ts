import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The ordinary messages that must raise no signal (README in ../): a dev part tuned on, a test part never read.
interface OrdinaryRow {
  id: string;
  split: string;
  vertical: string;
  lang: string;
  kind: string;
  context: { from: string; text: string }[];
  text: string;
  labels: string[];
  identity: boolean;
}
const part = (name: string): OrdinaryRow[] =>
  readFileSync(join(__dirname, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as OrdinaryRow);

describe('the ordinary-message set', () => {
  const dev = part('dev');
  const test = part('test');

  it.each([
    ['dev', dev],
    ['test', test],
  ] as const)(
    '%s: every vertical, English and Spanish, openers with no AI turn, answers after a question, small talk; no labels',
    (split, rows) => {
      expect(rows.length).toBeGreaterThanOrEqual(90);
      expect(new Set(rows.map((r) => r.vertical)).size).toBe(7);
      for (const lang of ['en', 'es', 'spanglish'])
        expect(rows.filter((r) => r.lang === lang).length).toBeGreaterThan(3);
      for (const r of rows) {
        expect(r).toMatchObject({ split, labels: [], identity: false });
        if (r.kind === 'opener') expect(r.context).toEqual([]);
        else expect(r.context.map((t) => t.from)).toEqual(['ai']);
      }
      expect(rows.filter((r) => r.kind === 'opener').length).toBeGreaterThan(30);
      expect(rows.filter((r) => r.kind === 'answer').length).toBeGreaterThan(30);
      expect(rows.some((r) => r.text === r.text.toUpperCase() && /[A-Z]/.test(r.text))).toBe(true); // some shout
    },
  );

  it('keeps the parts apart: no text is in both', () => {
    const devTexts = new Set(dev.map((r) => r.text.toLowerCase()));
    expect(test.filter((r) => devTexts.has(r.text.toLowerCase()))).toEqual([]);
  });
});
