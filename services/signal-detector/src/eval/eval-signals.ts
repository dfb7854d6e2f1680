// npm run eval:signals -- <file.jsonl | dir> [--json] [--mapping direct,proxy,default] [--min-confidence 0.5] [--limit N]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RuleSignalEngine } from '../domain/rule-signal-engine';
import { signalKinds } from '../domain/signal-engine.port';
import { keep, parseLine, score, type LabelledMessage } from './evaluation';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const target = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1]!.startsWith('--') && !['--json'].includes(all[i - 1]!)));
  if (!target) {
    process.stderr.write('usage: npm run eval:signals -- <file.jsonl | dir> [--json] [--mapping direct] [--min-confidence 0.5] [--limit N]\n');
    process.exit(2);
  }
  const files = statSync(target).isDirectory() ? readdirSync(target).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(target, f)) : [target];
  const mappings = option('mapping')?.split(',');
  const minConfidence = Number(option('min-confidence') ?? 0.5);
  const limit = Number(option('limit') ?? Infinity);
  const messages: LabelledMessage[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const message = parseLine(line, `${file}:${i + 1}`);
      if (message && keep(message, mappings) && messages.length < limit) messages.push(message);
    });
  }
  const engine = new RuleSignalEngine();
  for (const message of messages.slice(0, 200)) engine.detectNow(message); // warm up
  const results = messages.map((message) => {
    const started = process.hrtime.bigint();
    const detections = engine.detectNow(message);
    return { message, detections, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  });
  const report = score(results, minConfidence);
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ signals: report.signals, confusion: report.confusion, latencyMs: report.latencyMs, messages: report.messages }) + '\n');
    return;
  }
  const lines = [
    `engine: rules   files: ${files.length}   messages: ${report.messages}   mapping: ${mappings?.join(',') ?? 'all'}   min confidence: ${minConfidence}`,
    '',
    'signal              precision  recall     f1  support  predicted',
    ...signalKinds.map((k) => {
      const s = report.signals[k];
      return `${k.padEnd(19)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${s.f1.toFixed(3).padStart(6)} ${String(s.support).padStart(8)} ${String(s.predicted).padStart(10)}`;
    }),
    '',
    'confusion (rows: labelled, columns: detected)',
    ...Object.entries(report.confusion).map(([actual, row]) => `  ${actual.padEnd(18)} ${Object.entries(row).map(([p, n]) => `${p}=${n}`).join('  ')}`),
    '',
    `latency per message: p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main();
