import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keep, parseLine, score, unknownLabels } from './evaluation';

const root = join(__dirname, '..', '..', '..', '..');

describe('the signal evaluation', () => {
  it('reads both formats and maps the labels', () => {
    expect(parseLine('{"text":"get me a human","label":"human_request","mapping":"direct"}', 'f:1')).toMatchObject({
      labels: ['explicit_request'],
      mapping: 'direct',
    });
    expect(parseLine('{"text":"ok","label":"none"}', 'f:2')!.labels).toEqual([]);
    expect(
      parseLine(
        '{"text":"ugh","labels":["negative","out_of_scope"],"context":["AI: what is your budget?","LEAD: I told you"]}',
        'f:3',
      ),
    ).toMatchObject({
      labels: ['sentiment_shift', 'out_of_confidence'],
      context: [
        { author: 'ai', text: 'what is your budget?' },
        { author: 'lead', text: 'I told you' },
      ],
    });
    // labels this evaluation does not know are set aside and counted, never a crash on someone else's file
    expect(parseLine('{"text":"x","label":"maybe"}', 'f:4')!.labels).toEqual([]);
    expect(unknownLabels.get('maybe')).toBe(1);
    expect(() => parseLine('{"label":"none"}', 'f:5')).toThrow('f:5: no text');
  });

  it('reads context as {from, text} turns too, the dataset\'s "also" labels, and the identity label', () => {
    expect(
      parseLine(
        JSON.stringify({
          text: 'yes please',
          labels: ['human_request'],
          extra: { any: 'thing' },
          context: [
            { from: 'ai', text: 'Want me to have someone call you?' },
            { from: 'lead', text: 'hm' },
            { role: 'assistant', content: 'ok?' },
            { nope: 1 },
          ],
        }),
        'f:6',
      ),
    ).toMatchObject({
      labels: ['explicit_request'],
      context: [
        { author: 'ai', text: 'Want me to have someone call you?' },
        { author: 'lead', text: 'hm' },
        { author: 'ai', text: 'ok?' },
      ],
    });
    expect(parseLine('{"text":"a quote pls","label":"high_intent","also":["out_of_scope"]}', 'f:7')!.labels).toEqual([
      'high_intent',
      'out_of_confidence',
    ]);
    expect(parseLine('{"text":"r u a bot","labels":["identity_question"]}', 'f:8')).toMatchObject({
      labels: [],
      identity: true,
    });
  });

  it('keeps direct positives against every none row with --mapping direct', () => {
    const direct = parseLine('{"text":"a","label":"negative","mapping":"direct"}', 'x')!;
    const proxy = parseLine('{"text":"b","label":"negative","mapping":"proxy"}', 'x')!;
    const none = parseLine('{"text":"c","label":"none","mapping":"default"}', 'x')!;
    expect([direct, proxy, none].filter((m) => keep(m, ['direct']))).toEqual([direct, none]);
  });

  it('computes precision, recall and F1 per signal', () => {
    const m = (labels: string[]) => ({ text: '', labels, context: [], raw: {} }) as never;
    const d = (signal: string, confidence = 0.9) =>
      ({ signal, confidence, evidence: { text: '', start: 0, end: 0 }, detector: 'rules' }) as never;
    const report = score(
      [
        { message: m(['explicit_request']), detections: [d('explicit_request')], ms: 1 },
        { message: m(['explicit_request']), detections: [], ms: 2 },
        { message: m([]), detections: [d('explicit_request')], ms: 3 },
        { message: m([]), detections: [d('explicit_request', 0.3)], ms: 4 },
      ],
      0.5,
    );
    expect(report.signals.explicit_request).toMatchObject({
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      support: 2,
      predicted: 2,
    });
    expect(report.confusion.none).toEqual({ explicit_request: 1, none: 1 });
    expect(report.messages).toBe(4);
    // of the two messages with no signal, one raised one at 0.5 or above
    expect(report.falseAlarms).toEqual({ messages: 2, raised: 1, rate: 0.5 });
  });

  it('counts an identity answer on a message with no signal as a false alarm, and a message asking it as none', () => {
    const m = (identity: boolean) => ({ text: '', labels: [], identity, context: [], raw: {} }) as never;
    const report = score(
      [
        { message: m(false), detections: [], asksIfAi: true, ms: 1 },
        { message: m(false), detections: [], asksIfAi: false, ms: 1 },
        { message: m(true), detections: [], asksIfAi: true, ms: 1 },
      ],
      0.5,
    );
    expect(report.falseAlarms).toEqual({ messages: 2, raised: 1, rate: 0.5 });
  });

  it('prints one JSON object with --json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-eval-'));
    const file = join(dir, 'sample.jsonl');
    writeFileSync(
      file,
      [
        { text: 'can I talk to a real person', label: 'human_request', mapping: 'direct' },
        { text: 'my lease ends friday and Redfin quoted me already', label: 'high_intent', mapping: 'direct' },
        { text: 'what is the square footage?', label: 'none', mapping: 'default' },
        {
          text: 'yes please',
          labels: ['human_request'],
          context: [{ from: 'ai', text: 'Want me to have an agent call you?' }],
          anything: 'else',
        },
        { text: 'r u a bot', labels: ['identity_question'], context: ['AI: What is your ZIP code?'] },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const run = (engine: string) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [
            '-r',
            './scripts/register.js',
            'services/signal-detector/src/eval/eval-signals.ts',
            file,
            '--json',
            '--engine',
            engine,
          ],
          { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
        ),
      );
    expect(run('rules')).toMatchObject({
      engine: 'rules',
      messages: 5,
      signals: { explicit_request: { precision: 1, recall: 1, support: 2 } },
      identity: { precision: 1, recall: 1, support: 1 },
    });
    expect(run('model')).toMatchObject({ engine: 'model', messages: 5 });
    const out = JSON.stringify(run('ensemble'));
    const report = JSON.parse(out) as {
      signals: Record<string, { precision: number; recall: number; f1: number; support: number }>;
      latencyMs: { p50: number; p99: number };
      messages: number;
    };
    expect(report.messages).toBe(5);
    expect(report.signals.explicit_request).toMatchObject({ precision: 1, recall: 1, f1: 1, support: 2 });
    expect(report.signals.high_intent!.support).toBe(1);
    expect(Object.keys(report.signals).sort()).toEqual([
      'explicit_request',
      'high_intent',
      'out_of_confidence',
      'sentiment_shift',
    ]);
    expect(report.latencyMs.p99).toBeGreaterThanOrEqual(report.latencyMs.p50);
  });
});
