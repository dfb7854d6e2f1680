// npm run eval:handoffs -- <conversations.jsonl> [--json] [--engine rules|model|ensemble] [--details]
// One conversation a line: {id, turns: [{from: "ai"|"lead", text}], handoff_turn}; other keys are ignored.
import { readFileSync } from 'node:fs';
import { parseConversation, play, tally } from './handoff-evaluation';
import { offlineEngine, offlineEngines, type OfflineEngine } from './offline-engines';

function main(): void {
  const valued = ['--engine', '--model'];
  const file = process.argv
    .slice(2)
    .find((a, i, all) => !a.startsWith('--') && !(i > 0 && valued.includes(all[i - 1]!)));
  const option = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const engineName = (option('engine') ?? 'ensemble') as OfflineEngine;
  if (!file || !offlineEngines.includes(engineName)) {
    process.stderr.write(
      'usage: npm run eval:handoffs -- <conversations.jsonl> [--json] [--engine rules|model|ensemble] [--details]\n',
    );
    process.exit(2);
  }
  const conversations = readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => parseConversation(line, `${file}:${i + 1}`))
    .filter((c) => c !== undefined);
  const read = offlineEngine(engineName, option('model'));
  const played = conversations.map((c) => play(c, read));
  const totals = tally(played);
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(process.argv.includes('--details') ? { ...totals, played } : totals) + '\n');
    return;
  }
  const pct = (n: number) => (totals.conversations ? `${((100 * n) / totals.conversations).toFixed(1)}%` : '-');
  const due = played.filter((p) => p.due !== null).length;
  const lines = [
    `engine: ${engineName}   conversations: ${totals.conversations} (${due} with a handoff due, ${totals.conversations - due} with none)`,
    `exact ${totals.exact} (${pct(totals.exact)})   early ${totals.early}   late ${totals.late}   never ${totals.never}`,
    ...(process.argv.includes('--details')
      ? [
          '',
          ...played
            .filter((p) => p.outcome !== 'exact')
            .map(
              (p) =>
                `  ${p.outcome.padEnd(6)} ${p.id}: due ${p.due ?? 'none'}, handed off at ${p.handedOffAt ?? 'none'}`,
            ),
        ]
      : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main();
