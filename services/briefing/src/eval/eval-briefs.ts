// npm run eval:briefs -- <file.jsonl> [more.jsonl ...] [--json] [--misses]
import { readFileSync } from 'node:fs';
import { assembleBrief } from '../domain/brief';
import type { BriefInput } from '../domain/brief-input';
import { extractFields } from '../domain/extractive-engine';
import {
  inputOf,
  labelledFields,
  parseConversation,
  score,
  type LabelledConversation,
  type Scored,
} from './evaluation';

const build = (input: BriefInput) =>
  assembleBrief(
    input,
    { fields: extractFields(input) },
    {
      briefId: `eval-${input.conversationId}`,
      version: 1,
      cycle: 1,
      status: 'final',
      builtAt: input.turns[input.turns.length - 1]?.at ?? new Date(0).toISOString(),
      engine: 'extractive',
    },
  );
const timed = (input: BriefInput) => {
  const started = process.hrtime.bigint();
  const brief = build(input);
  return { brief, ms: Number(process.hrtime.bigint() - started) / 1e6 };
};

function main(): void {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (files.length === 0) {
    process.stderr.write('usage: npm run eval:briefs -- <file.jsonl> [more.jsonl ...] [--json] [--misses]\n');
    process.exit(2);
  }
  const conversations: LabelledConversation[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const c = parseConversation(line, `${file}:${i + 1}`);
        if (c) conversations.push(c);
      });
  }
  const inputs = conversations.map(inputOf);
  for (const input of inputs) build(input); // warm up: the first run compiles the patterns
  const results: Scored[] = conversations.map((conversation, i) => ({
    conversation,
    input: inputs[i]!,
    ...timed(inputs[i]!),
  }));
  const report = score(results);
  // 30-message conversations, stitched from the set's turns, for the latency target
  const long: number[] = [];
  const turns = inputs.flatMap((input) => input.turns);
  for (let i = 0; i + 30 <= turns.length && long.length < 200; i += 7) {
    const input = {
      ...inputs[0]!,
      conversationId: `long-${i}`,
      turns: turns.slice(i, i + 30).map((t, k) => ({ ...t, id: `long#${k}` })),
    };
    long.push(timed(input).ms);
  }
  const sorted = long.sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length
      ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 100) / 100
      : 0;
  if (process.argv.includes('--json')) {
    const { factRecall, perField, evidencePrecision, summaryWords, msPerBrief } = report;
    process.stdout.write(
      `${JSON.stringify({ factRecall, perField, evidencePrecision, summaryWords, msPerBrief, conversations: report.conversations })}\n`,
    );
    return;
  }
  const verticals = [...new Set(conversations.map((c) => c.vertical))].sort();
  const lines = [
    `engine: extractive   files: ${files.join(', ')}   conversations: ${report.conversations}   verticals: ${verticals.join(', ')}`,
    '',
    `fact recall           ${report.factRecall.toFixed(3)}`,
    ...labelledFields.map(
      (f) => `  ${f.padEnd(20)}${report.perField[f].recall.toFixed(3)}  (${report.perField[f].facts} facts)`,
    ),
    `evidence precision    ${report.evidencePrecision.toFixed(3)}   (cited message is the lead's, quote verbatim, numbers in the quote)`,
    `labelled precision    ${report.labelledPrecision.toFixed(3)}   (facts in labelled sections that match a labelled fact)`,
    `summary words         p50 ${report.summaryWords.p50}, max ${report.summaryWords.max}`,
    `ms per brief          p50 ${report.msPerBrief.p50}, p99 ${report.msPerBrief.p99}`,
    `ms per 30-message brief  p50 ${at(50)}, p99 ${at(99)}   (${long.length} stitched conversations)`,
  ];
  if (process.argv.includes('--misses'))
    lines.push('', 'missed facts:', ...report.misses.map((m) => `  ${m.id} ${m.field}: ${m.evidence}`));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
