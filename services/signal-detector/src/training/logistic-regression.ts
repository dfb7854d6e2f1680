// One-vs-rest logistic regression over hashed features, trained with AdaGrad and L2. Pure and deterministic:
// the example order comes from a seeded shuffle, so the same data and seed give the same weights, bit for bit.

export interface Example {
  features: Uint32Array;
  /** 1 when the head's signal is there, 0 when not, -1 when this example says nothing about it. */
  labels: Int8Array;
  weight: number;
  /** Dense features (word vectors), each counting its value, with weights after the buckets. */
  dense?: Float32Array;
}

export interface TrainingOptions {
  buckets: number;
  heads: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Positive examples count this much more per head (rare signals would otherwise be drowned). */
  positiveWeightCap: number;
  /** The heads that read the dense features (all when absent); the others keep their dense weights at 0. */
  denseHeads?: number[];
}

export interface TrainedWeights {
  weights: Float32Array;
  bias: Float64Array;
}

/** mulberry32: a small seeded PRNG, the same sequence on every machine (training order, the sales set). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What one feature counts in a message of n features (the same in training and in scoring). */
export const featureValue = (n: number) => (n > 0 ? 1 / Math.sqrt(n) : 0);

export function train(examples: Example[], options: TrainingOptions): TrainedWeights {
  const { buckets, heads } = options;
  const denseCount = examples[0]?.dense?.length ?? 0;
  const weights = new Float32Array((buckets + denseCount) * heads);
  const squared = new Float32Array((buckets + denseCount) * heads);
  const denseBase = buckets * heads;
  const readsDense = Array.from({ length: heads }, (_, h) => !options.denseHeads || options.denseHeads.includes(h));
  const bias = new Float64Array(heads);
  const biasSquared = new Float64Array(heads);
  // Positive weight per head: the square root of the negative-to-positive ratio, capped.
  const positiveWeight = Array.from({ length: heads }, (_, h) => {
    let pos = 0,
      neg = 0;
    for (const e of examples) {
      if (e.labels[h] === 1) pos += e.weight;
      else if (e.labels[h] === 0) neg += e.weight;
    }
    return pos > 0 ? Math.min(options.positiveWeightCap, Math.max(1, Math.sqrt(neg / pos))) : 1;
  });
  const order = examples.map((_, i) => i);
  const random = seededRandom(options.seed);
  const sums = new Float64Array(heads);
  const gradients = new Float64Array(heads);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const example = examples[index]!;
      // each feature counts 1/sqrt(n): a long message does not add up to a signal by its length alone
      const x = featureValue(example.features.length);
      for (let h = 0; h < heads; h++) sums[h] = 0;
      for (const f of example.features) for (let h = 0; h < heads; h++) sums[h]! += weights[f * heads + h]!;
      for (let h = 0; h < heads; h++) sums[h] = bias[h]! + x * sums[h]!;
      const dense = example.dense;
      if (dense)
        for (let i = 0; i < dense.length; i++)
          if (dense[i] !== 0)
            for (let h = 0; h < heads; h++) sums[h]! += dense[i]! * weights[denseBase + i * heads + h]!;
      for (let h = 0; h < heads; h++) {
        const y = example.labels[h]!;
        if (y < 0) {
          gradients[h] = 0;
          continue;
        }
        const p = 1 / (1 + Math.exp(-sums[h]!));
        gradients[h] = (p - y) * (y === 1 ? positiveWeight[h]! : 1);
        biasSquared[h]! += gradients[h]! * gradients[h]!;
        bias[h]! -= (options.learningRate * example.weight * gradients[h]!) / Math.sqrt(biasSquared[h]! + 1e-8);
      }
      // The example's weight scales the step, not the gradient AdaGrad normalises by: otherwise a feature seen only
      // in rows weighted 0.05 moves as fast as one seen in sales rows, and a public set's weight means nothing.
      const w = example.weight;
      for (const f of example.features) {
        for (let h = 0; h < heads; h++) {
          const g0 = gradients[h]!;
          if (g0 === 0) continue;
          const at = f * heads + h;
          const g = g0 * x + options.l2 * weights[at]!;
          squared[at]! += g * g;
          weights[at]! -= (options.learningRate * w * g) / Math.sqrt(squared[at]! + 1e-8);
        }
      }
      if (dense) {
        for (let i = 0; i < dense.length; i++) {
          const v = dense[i]!;
          if (v === 0) continue;
          for (let h = 0; h < heads; h++) {
            const g0 = gradients[h]!;
            if (g0 === 0 || !readsDense[h]) continue;
            const at = denseBase + i * heads + h;
            const g = g0 * v + options.l2 * weights[at]!;
            squared[at]! += g * g;
            weights[at]! -= (options.learningRate * w * g) / Math.sqrt(squared[at]! + 1e-8);
          }
        }
      }
    }
  }
  return { weights, bias };
}

/** int16 per weight with one scale per head: a quarter of the float64 size, and lossless enough for a linear model. */
export function quantize(weights: Float32Array, heads: number): { values: Int16Array; scale: number[] } {
  const scale = Array.from({ length: heads }, () => 0);
  for (let i = 0; i < weights.length; i++) scale[i % heads] = Math.max(scale[i % heads]!, Math.abs(weights[i]!));
  for (let h = 0; h < heads; h++) scale[h] = scale[h]! > 0 ? scale[h]! / 32767 : 1;
  const values = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) values[i] = Math.round(weights[i]! / scale[i % heads]!);
  return { values, scale };
}
