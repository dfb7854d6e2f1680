import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { featuresOf } from '../domain/signal-features';
import { InvalidModel, LinearSignalModel, modelHeads, type ModelCard } from '../domain/signal-model';
import { quantize, train, type Example } from '../training/logistic-regression';
import { defaultModelPath, loadSignalModel, loadWordVectors } from './model-file';

const copyModel = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-model-'));
  copyFileSync(defaultModelPath, join(dir, 'signals-model.json'));
  copyFileSync(defaultModelPath.replace(/\.json$/, '.bin'), join(dir, 'signals-model.bin'));
  return join(dir, 'signals-model.json');
};

describe('the committed signal model', () => {
  const model = loadSignalModel();

  it('loads with its provenance and scores every head as a probability', () => {
    expect(model.card.provenance).toMatchObject({
      seed: expect.any(Number),
      command: expect.stringMatching(/train:signals/),
    });
    const scores = model.score({ text: 'can someone call me', context: [] });
    expect(Object.keys(scores)).toEqual([...modelHeads]);
    for (const p of Object.values(scores)) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
  });

  it('gives the same message the same scores every time (no state between messages)', () => {
    const input = {
      text: 'yes please',
      context: [{ author: 'ai' as const, text: 'Want me to have a loan officer call you?' }],
    };
    expect(model.score(input)).toEqual(model.score(input));
  });

  it('reads the AI\'s previous turn: the same "yes please" scores apart after an offer of a person and after a plain question', () => {
    const after = (ai: string) =>
      model.score({ text: 'yes please', context: [{ author: 'ai', text: ai }] }).explicit_request;
    expect(after('Want me to have one of our agents give you a call?')).toBeGreaterThan(
      after('Is the home your primary residence?') + 0.2,
    );
  });

  it('refuses weights that are not the ones the card names', () => {
    const card = copyModel();
    const bin = card.replace(/\.json$/, '.bin');
    const bytes = readFileSync(bin);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(bin, bytes);
    expect(() => loadSignalModel(card)).toThrow(InvalidModel);
    expect(() => loadSignalModel(join(tmpdir(), 'no-such-model.json'))).toThrow(/cannot read the signal model card/);
  });

  it('refuses a card with other heads, features or thresholds', () => {
    const card = { ...(JSON.parse(readFileSync(defaultModelPath, 'utf8')) as ModelCard), dense: 0 };
    const weights = new Float32Array(card.buckets * card.heads.length);
    expect(() => LinearSignalModel.fromWeights({ ...card, heads: ['explicit_request'] }, weights)).toThrow(/heads/);
    expect(() => LinearSignalModel.fromWeights({ ...card, featureVersion: 99 }, weights)).toThrow(/retrain/);
    expect(() =>
      LinearSignalModel.fromWeights({ ...card, thresholds: { ...card.thresholds, high_intent: 1.5 } }, weights),
    ).toThrow(/thresholds.high_intent/);
    expect(() => LinearSignalModel.fromWeights(card, new Float32Array(3))).toThrow(/weights/);
  });
});

describe('the word vectors', () => {
  const dir = join(defaultModelPath, '..');
  const vectors = loadWordVectors(dir);

  it('are the ones the committed model was trained with, and the model refuses to run without them', () => {
    const card = JSON.parse(readFileSync(defaultModelPath, 'utf8')) as ModelCard;
    expect(card.dense).toBeGreaterThan(0);
    expect(() => loadWordVectors(dir, card.vectorsSha256)).not.toThrow();
    expect(() => loadWordVectors(dir, '0'.repeat(64))).toThrow(InvalidModel);
    const weights = new Float32Array((card.buckets + card.dense!) * card.heads.length);
    expect(() => LinearSignalModel.fromWeights(card, weights)).toThrow(/word vectors/);
  });

  it('put a phrasing near its prototype: "have the loan guy ring me" nearer a request than "the roof faces south"', () => {
    const sims = (text: string) => vectors.featuresOf({ text, context: [] });
    const base = 3 * vectors.dims; // the whole text's similarity to each head's prototypes, request first
    expect(sims('have the loan guy ring me')[base]!).toBeGreaterThan(sims('the roof faces south')[base]! + 0.1);
  });

  it('give a text that reads as Spanish no vector features (the vectors are English)', () => {
    expect(vectors.featuresOf({ text: 'quiero que me llame alguien mañana', context: [] }).some((v) => v !== 0)).toBe(
      false,
    );
    expect(vectors.featuresOf({ text: 'i want someone to call me', context: [] }).some((v) => v !== 0)).toBe(true);
  });
});

describe('training', () => {
  const buckets = 1 << 12;
  const example = (text: string, request: boolean): Example => ({
    features: featuresOf({ text, context: [] }, buckets),
    labels: Int8Array.from([request ? 1 : 0, 0, 0, 0, -1]),
    weight: 1,
  });
  const data = [
    ...[
      'can someone call me',
      'have an agent call me',
      'i want a person',
      'talk to a human pls',
      'get me a real person',
    ].map((t) => example(t, true)),
    ...['my agent called me', 'whats the rate', 'ok thanks', 'we have two cars', 'maybe next year'].map((t) =>
      example(t, false),
    ),
  ];
  const options = { buckets, heads: 5, epochs: 20, learningRate: 0.3, l2: 1e-6, seed: 3, positiveWeightCap: 4 };

  it('is deterministic: the same data and seed give the same weights, bit for bit', () => {
    expect(Buffer.from(train(data, options).weights.buffer)).toEqual(Buffer.from(train(data, options).weights.buffer));
  });

  it('learns from dense features too, and leaves a head that does not read them at zero there', () => {
    const dense = (request: boolean) => Float32Array.from([request ? 1 : -1, 0.5]);
    const rows = data.map((e) => ({ ...e, dense: dense(e.labels[0] === 1) }));
    const { weights } = train(rows, { ...options, denseHeads: [0] });
    const at = (i: number, h: number) => weights[buckets * 5 + i * 5 + h]!;
    expect(at(0, 0)).toBeGreaterThan(0);
    expect(at(0, 1)).toBe(0);
  });

  it('learns the examples, and leaves a head with no labels (-1) at zero', () => {
    const { weights, bias } = train(data, options);
    const { values, scale } = quantize(weights, 5);
    const card = JSON.parse(readFileSync(defaultModelPath, 'utf8')) as ModelCard;
    const model = LinearSignalModel.fromQuantized(
      { ...card, dense: 0, buckets, scale, bias: Array.from(bias) },
      values,
    );
    expect(model.score({ text: 'can a person call me', context: [] }).explicit_request).toBeGreaterThan(0.5);
    expect(model.score({ text: 'we have two cars', context: [] }).explicit_request).toBeLessThan(0.5);
    expect(model.score({ text: 'anything', context: [] }).identity_question).toBeCloseTo(0.5, 5);
  });
});
