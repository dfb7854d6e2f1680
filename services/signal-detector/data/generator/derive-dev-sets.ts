// Two sets derived from the dev split for the evaluation, written by `node -r ./scripts/register.js services/signal-detector/data/generator/derive-dev-sets.ts`
// (deterministic, seed 42); both are as tuned on as the dev split they come from:
// - data/conversations/sales-dev-conversations.jsonl: each dev conversation whole, for `npm run eval:handoffs`,
//   the handoff due at its first lead text labelled with a handoff signal (none when no text is);
// - data/sales/dev-typos.jsonl: the dev rows with one word in four (of four letters and more) mistyped by a dropped,
//   swapped or doubled letter, to measure how much one typo costs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../src/training/logistic-regression';

interface Row {
  conversation: string;
  context: { from: string; text: string }[];
  text: string;
  labels: string[];
  [key: string]: unknown;
}
const handoffSignals = ['explicit_request', 'high_intent', 'out_of_confidence', 'sentiment_shift'];

export function devConversations(rows: Row[]): { id: string; turns: Row['context']; handoff_turn: number | null }[] {
  const byConversation = new Map<string, Row[]>();
  for (const row of rows) byConversation.set(row.conversation, [...(byConversation.get(row.conversation) ?? []), row]);
  return [...byConversation].map(([id, texts]) => {
    const ordered = [...texts].sort((a, b) => a.context.length - b.context.length);
    const last = ordered[ordered.length - 1]!;
    const due = ordered.find((r) => r.labels.some((l) => handoffSignals.includes(l)));
    return {
      id,
      turns: [...last.context, { from: 'lead', text: last.text }],
      handoff_turn: due ? due.context.length : null,
    };
  });
}

export function withTypos(rows: Row[], seed = 42): Row[] {
  const random = seededRandom(seed);
  const typo = (word: string) => {
    if (word.length < 4 || !/^\p{L}+$/u.test(word)) return word;
    const i = 1 + Math.floor(random() * (word.length - 2));
    const kind = random();
    if (kind < 1 / 3) return word.slice(0, i) + word.slice(i + 1);
    if (kind < 2 / 3) return word.slice(0, i) + word[i + 1]! + word[i]! + word.slice(i + 2);
    return word.slice(0, i) + word[i]! + word.slice(i);
  };
  return rows.map((row) => ({
    ...row,
    text: row.text
      .split(' ')
      .map((w) => (random() < 0.25 ? typo(w) : w))
      .join(' '),
  }));
}

function main(): void {
  const dataDir = join(__dirname, '..');
  const rows = readFileSync(join(dataDir, 'sales', 'dev.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
  const lines = (items: unknown[]) => items.map((x) => JSON.stringify(x)).join('\n') + '\n';
  writeFileSync(join(dataDir, 'conversations', 'sales-dev-conversations.jsonl'), lines(devConversations(rows)));
  writeFileSync(join(dataDir, 'sales', 'dev-typos.jsonl'), lines(withTypos(rows)));
}

if (require.main === module) main();
