import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidModel, LinearSignalModel, type ModelCard } from '../domain/signal-model';
import { WordVectors } from '../domain/word-vectors';

/** The committed model: services/signal-detector/model/signals-model.{json,bin}. */
export const defaultModelPath = resolve(__dirname, '..', '..', 'model', 'signals-model.json');

/** The distilled word vectors beside a model card (word-vectors.{json,bin}); `sha256`, when given, must match. */
export function loadWordVectors(dir: string, sha256?: string): WordVectors {
  const cardPath = join(dir, 'word-vectors.json');
  const binPath = join(dir, 'word-vectors.bin');
  let card: { dims: number; words: string[]; sha256: string };
  let bytes: Buffer;
  try {
    card = JSON.parse(readFileSync(cardPath, 'utf8')) as typeof card;
    bytes = readFileSync(binPath);
  } catch (error) {
    throw new InvalidModel(`cannot read the word vectors in ${dir}: ${(error as Error).message}`);
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== card.sha256 || (sha256 !== undefined && sha !== sha256))
    throw new InvalidModel(`${binPath} is not the word vectors the model names (sha256 ${sha})`);
  return WordVectors.fromBytes(card.dims, card.words, bytes);
}

/** Reads the model card and its int16 weights, checking the weights are the ones the card names. */
export function loadSignalModel(cardPath: string = defaultModelPath): LinearSignalModel {
  let card: ModelCard;
  try {
    card = JSON.parse(readFileSync(cardPath, 'utf8')) as ModelCard;
  } catch (error) {
    throw new InvalidModel(`cannot read the signal model card ${cardPath}: ${(error as Error).message}`);
  }
  const binPath = join(
    cardPath,
    '..',
    cardPath
      .split(/[\\/]/)
      .pop()!
      .replace(/\.json$/, '.bin'),
  );
  let bytes: Buffer;
  try {
    bytes = readFileSync(binPath);
  } catch (error) {
    throw new InvalidModel(`cannot read the signal model weights ${binPath}: ${(error as Error).message}`);
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== card.weightsSha256)
    throw new InvalidModel(
      `${binPath} is not the weights ${cardPath} names (sha256 ${sha}, expected ${card.weightsSha256})`,
    );
  if (bytes.byteLength % 2 !== 0) throw new InvalidModel(`${binPath} is not int16 weights`);
  const aligned = new Int16Array(bytes.byteLength / 2);
  Buffer.from(aligned.buffer).set(bytes);
  const vectors = (card.dense ?? 0) > 0 ? loadWordVectors(join(cardPath, '..'), card.vectorsSha256) : undefined;
  return LinearSignalModel.fromQuantized(card, aligned, vectors);
}
