import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { featuresOf } from '../domain/signal-features';
import { InvalidModel, LinearSignalModel, modelHeads, type ModelCard } from '../domain/signal-model';
import { quantize, train, type Example } from '../training/logistic-regression';
import { defaultModelPath, loadSignalModel } from './model-file';

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
    const card = JSON.parse(readFileSync(defaultModelPath, 'utf8')) as ModelCard;
    const weights = new Float32Array(card.buckets * card.heads.length);
    expect(() => LinearSignalModel.fromWeights({ ...card, heads: ['explicit_request'] }, weights)).toThrow(/heads/);
    expect(() => LinearSignalModel.fromWeights({ ...card, featureVersion: 99 }, weights)).toThrow(/retrain/);
    expect(() =>
      LinearSignalModel.fromWeights({ ...card, thresholds: { ...card.thresholds, high_intent: 1.5 } }, weights),
    ).toThrow(/thresholds.high_intent/);
    expect(() => LinearSignalModel.fromWeights(card, new Float32Array(3))).toThrow(/weights/);
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

  it('learns the examples, and leaves a head with no labels (-1) at zero', () => {
    const { weights, bias } = train(data, options);
    const { values, scale } = quantize(weights, 5);
    const card = JSON.parse(readFileSync(defaultModelPath, 'utf8')) as ModelCard;
    const model = LinearSignalModel.fromQuantized({ ...card, buckets, scale, bias: Array.from(bias) }, values);
    expect(model.score({ text: 'can a person call me', context: [] }).explicit_request).toBeGreaterThan(0.5);
    expect(model.score({ text: 'we have two cars', context: [] }).explicit_request).toBeLessThan(0.5);
    expect(model.score({ text: 'anything', context: [] }).identity_question).toBeCloseTo(0.5, 5);
  });
});
