import { featuresOf, featureVersion } from './signal-features';
import { vectorFeatureCount, type WordVectors } from './word-vectors';
import type { DetectionInput, SignalKind } from './signal-engine.port';

/** What the model scores: the four handoff signals and the identity question. */
export type ModelHead = SignalKind | 'identity_question';
export const modelHeads: readonly ModelHead[] = [
  'explicit_request',
  'high_intent',
  'out_of_confidence',
  'sentiment_shift',
  'identity_question',
];

/** The model file's description of itself (signals-model.json); the weights sit beside it in signals-model.bin. */
export interface ModelCard {
  format: 'baton-signal-model/1';
  featureVersion: number;
  heads: ModelHead[];
  buckets: number;
  /** Weights are int16, weight = value * scale[head]. */
  scale: number[];
  bias: number[];
  /** Per head: the probability at and above which the model alone says the signal is there. */
  thresholds: Record<ModelHead, number>;
  /** Per head: the same, where the model decides after the rules (the ensemble), tuned with the rules in front. */
  ensembleThresholds: Record<ModelHead, number>;
  /** Per signal: the rule confidence at which the rules decide alone in the ensemble, chosen with the thresholds. */
  rulesSureAt?: Record<SignalKind, number>;
  /** Dense features from word vectors after the hashed buckets (0 or absent: none); their weights follow the buckets'. */
  dense?: number;
  /** SHA-256 of the word vectors (model/word-vectors.bin) the dense features were trained with, checked at load. */
  vectorsSha256?: string;
  /** SHA-256 of signals-model.bin, checked at load. */
  weightsSha256: string;
  provenance: Record<string, unknown>;
}

export class InvalidModel extends Error {}

/**
 * One-vs-rest logistic regression over hashed features: a dot product per head, so a message costs a few
 * thousand multiply-adds (well under a millisecond). Pure: weights in, probabilities out.
 */
export class LinearSignalModel {
  private constructor(
    readonly card: ModelCard,
    private readonly weights: Float32Array,
    private readonly vectors?: WordVectors,
  ) {}

  /** Weights laid out [bucket * heads + head]. */
  static fromWeights(card: ModelCard, weights: Float32Array, vectors?: WordVectors): LinearSignalModel {
    if (card.format !== 'baton-signal-model/1') throw new InvalidModel(`unknown model format ${String(card.format)}`);
    if (card.featureVersion !== featureVersion)
      throw new InvalidModel(`model features v${card.featureVersion}, this code reads v${featureVersion}: retrain`);
    if (card.heads.length !== modelHeads.length || card.heads.some((h, i) => h !== modelHeads[i]))
      throw new InvalidModel(`model heads ${card.heads.join(',')} are not ${modelHeads.join(',')}`);
    if (!Number.isInteger(card.buckets) || card.buckets <= 0)
      throw new InvalidModel('model buckets must be a positive integer');
    const dense = card.dense ?? 0;
    if (dense > 0 && (!vectors || vectorFeatureCount(vectors.dims) !== dense))
      throw new InvalidModel(
        `the model reads ${dense} word-vector features: give it the word vectors it was trained with`,
      );
    if (weights.length !== (card.buckets + dense) * card.heads.length)
      throw new InvalidModel(`expected ${(card.buckets + dense) * card.heads.length} weights, got ${weights.length}`);
    for (const head of modelHeads) {
      for (const [name, t] of [
        ['thresholds', card.thresholds?.[head]],
        ['ensembleThresholds', card.ensembleThresholds?.[head]],
      ] as const) {
        if (typeof t !== 'number' || !(t > 0 && t < 1))
          throw new InvalidModel(`${name}.${head} must be between 0 and 1`);
      }
    }
    return new LinearSignalModel(card, weights, dense > 0 ? vectors : undefined);
  }

  /** From the int16 file contents: each head's values times its scale. */
  static fromQuantized(card: ModelCard, quantized: Int16Array, vectors?: WordVectors): LinearSignalModel {
    const heads = card.heads.length;
    if (!Array.isArray(card.scale) || card.scale.length !== heads)
      throw new InvalidModel('model scale must have one entry per head');
    const weights = new Float32Array(quantized.length);
    for (let i = 0; i < quantized.length; i++) weights[i] = quantized[i]! * card.scale[i % heads]!;
    return LinearSignalModel.fromWeights(card, weights, vectors);
  }

  /** Probability per head. */
  score(input: DetectionInput): Record<ModelHead, number> {
    const heads = this.card.heads.length;
    const sums = new Array<number>(heads).fill(0);
    const features = featuresOf(input, this.card.buckets);
    for (const f of features) {
      const row = f * heads;
      for (let h = 0; h < heads; h++) sums[h]! += this.weights[row + h]!;
    }
    // each feature counts 1/sqrt(n), as in training (featureValue in training/logistic-regression.ts)
    const x = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
    for (let h = 0; h < heads; h++) sums[h] = this.card.bias[h]! + x * sums[h]!;
    // the word-vector features count their value, after the buckets (as in training)
    if (this.vectors) {
      const dense = this.vectors.featuresOf(input);
      const base = this.card.buckets * heads;
      for (let i = 0; i < dense.length; i++) {
        const v = dense[i]!;
        if (v === 0) continue;
        for (let h = 0; h < heads; h++) sums[h]! += v * this.weights[base + i * heads + h]!;
      }
    }
    return Object.fromEntries(this.card.heads.map((head, h) => [head, 1 / (1 + Math.exp(-sums[h]!))])) as Record<
      ModelHead,
      number
    >;
  }
}
