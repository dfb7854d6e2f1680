import { signalKinds, type Detection, type SignalKind, type Turn } from '../domain/signal-engine.port';

/** One labelled message: the shared data's `{text, label}` or the repo's `{text, labels, context}`. */
export interface LabelledMessage {
  text: string;
  labels: SignalKind[];
  context: Turn[];
  mapping?: string;
}

const labelToSignal: Record<string, SignalKind | null> = {
  human_request: 'explicit_request', high_intent: 'high_intent', out_of_scope: 'out_of_confidence', negative: 'sentiment_shift', none: null,
  explicit_request: 'explicit_request', out_of_confidence: 'out_of_confidence', sentiment_shift: 'sentiment_shift',
};

export function parseLine(line: string, where: string): LabelledMessage | undefined {
  if (!line.trim()) return undefined;
  let row: { text?: unknown; label?: unknown; labels?: unknown; context?: unknown; mapping?: unknown };
  try {
    row = JSON.parse(line);
  } catch {
    throw new Error(`${where}: not JSON`);
  }
  if (typeof row.text !== 'string') throw new Error(`${where}: no text`);
  const raw = Array.isArray(row.labels) ? row.labels : row.label === undefined ? [] : [row.label];
  const labels: SignalKind[] = [];
  for (const label of raw) {
    // Own keys only: `in` would take `constructor` or `toString` for a label.
    if (typeof label !== 'string' || !Object.hasOwn(labelToSignal, label)) throw new Error(`${where}: unknown label ${String(label)}`);
    const signal = labelToSignal[label];
    if (signal) labels.push(signal);
  }
  const context: Turn[] = Array.isArray(row.context) ? row.context.map((c) => {
    const m = /^\s*(AI|LEAD|REP)\s*:\s*(.*)$/is.exec(String(c));
    return { author: m ? (m[1]!.toLowerCase() as Turn['author']) : 'lead', text: m ? m[2]! : String(c) };
  }) : [];
  return { text: row.text, labels, context, mapping: typeof row.mapping === 'string' ? row.mapping : undefined };
}

/**
 * `--mapping direct` keeps the rows whose label is the signal itself, against every `none` row:
 * proxy positives (noisier stand-ins) are left out of both sides.
 */
export function keep(message: LabelledMessage, mappings: string[] | undefined): boolean {
  if (!mappings || message.mapping === undefined) return true;
  if (message.labels.length === 0) return true;
  return mappings.includes(message.mapping);
}

export interface SignalScore { precision: number; recall: number; f1: number; support: number; predicted: number; truePositives: number }
export interface Report {
  signals: Record<SignalKind, SignalScore>;
  /** confusion[actual][predicted]: how often a message labelled `actual` was detected as `predicted` ('none' = nothing). */
  confusion: Record<string, Record<string, number>>;
  latencyMs: { p50: number; p99: number };
  messages: number;
}

export function score(results: { message: LabelledMessage; detections: Detection[]; ms: number }[], minConfidence: number): Report {
  const signals = {} as Record<SignalKind, SignalScore>;
  const confusion: Record<string, Record<string, number>> = {};
  for (const kind of signalKinds) {
    let tp = 0, predicted = 0, support = 0;
    for (const { message, detections } of results) {
      const has = detections.some((d) => d.signal === kind && d.confidence >= minConfidence);
      const is = message.labels.includes(kind);
      if (has) predicted++;
      if (is) support++;
      if (has && is) tp++;
    }
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    signals[kind] = { precision: round(precision), recall: round(recall), f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0), support, predicted, truePositives: tp };
  }
  for (const { message, detections } of results) {
    const actual = message.labels.length ? message.labels : ['none'];
    const found = [...new Set(detections.filter((d) => d.confidence >= minConfidence).map((d) => d.signal as string))];
    for (const a of actual) {
      confusion[a] ??= {};
      for (const p of found.length ? found : ['none']) confusion[a]![p] = (confusion[a]![p] ?? 0) + 1;
    }
  }
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const at = (p: number) => times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))]! : 0;
  return { signals, confusion, latencyMs: { p50: round(at(0.5), 4), p99: round(at(0.99), 4) }, messages: results.length };
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
