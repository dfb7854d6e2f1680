import { signalKinds, type Detection, type SignalKind, type Turn } from '../domain/signal-engine.port';

/** One labelled message: the shared data's `{text, label}` or the repo's `{text, labels, context}`. */
export interface LabelledMessage {
  text: string;
  labels: SignalKind[];
  /** Labelled as asking whether the lead talks to an AI; undefined when the row says nothing about it. */
  identity?: boolean;
  context: Turn[];
  mapping?: string;
  /** The row as read, for --held-out and reports. */
  raw: Record<string, unknown>;
}

const labelToSignal: Record<string, SignalKind | null> = {
  human_request: 'explicit_request',
  high_intent: 'high_intent',
  out_of_scope: 'out_of_confidence',
  negative: 'sentiment_shift',
  none: null,
  explicit_request: 'explicit_request',
  out_of_confidence: 'out_of_confidence',
  sentiment_shift: 'sentiment_shift',
};
const identityLabels = new Set(['identity_question', 'identity', 'asks_if_ai', 'bot_question']);

/** Labels this evaluation does not know, counted so a report can say how many it set aside. */
export const unknownLabels = new Map<string, number>();

const authorOf = (raw: unknown): Turn['author'] => {
  const who = String(raw ?? '').toLowerCase();
  if (['ai', 'assistant', 'bot', 'agent', 'system'].includes(who)) return 'ai';
  if (['rep', 'human_agent', 'salesperson'].includes(who)) return 'rep';
  return 'lead';
};

/** Context as "AI: ..." strings or as {from|author|role, text|content} turns, oldest first. */
export function parseContext(raw: unknown): Turn[] {
  if (!Array.isArray(raw)) return typeof raw === 'string' && raw.trim() ? parseContext([raw]) : [];
  return raw.flatMap((c): Turn[] => {
    if (typeof c === 'string') {
      const m = /^\s*(AI|ASSISTANT|BOT|AGENT|LEAD|USER|CUSTOMER|REP)\s*:\s*(.*)$/is.exec(c);
      return [{ author: m ? authorOf(m[1]) : 'lead', text: m ? m[2]! : c }];
    }
    if (c && typeof c === 'object') {
      const t = c as Record<string, unknown>;
      const text = t.text ?? t.content ?? t.body ?? t.message;
      if (typeof text !== 'string') return [];
      return [{ author: authorOf(t.from ?? t.author ?? t.role ?? t.speaker), text }];
    }
    return [];
  });
}

/** One JSON object of a JSON Lines file, or undefined for a blank line; `where` names the line in errors. */
export function parseJsonLine(line: string, where: string): Record<string, unknown> | undefined {
  if (!line.trim()) return undefined;
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    throw new Error(`${where}: not JSON`);
  }
  if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error(`${where}: not a JSON object`);
  return row as Record<string, unknown>;
}

export function parseLine(line: string, where: string): LabelledMessage | undefined {
  const row = parseJsonLine(line, where);
  if (!row) return undefined;
  if (typeof row.text !== 'string') throw new Error(`${where}: no text`);
  const raw = [
    ...(Array.isArray(row.labels) ? row.labels : row.label === undefined || row.label === null ? [] : [row.label]),
    ...(Array.isArray(row.also) ? row.also : []),
  ];
  const labels: SignalKind[] = [];
  let identity: boolean | undefined = typeof row.identity === 'boolean' ? row.identity : undefined;
  for (const label of raw) {
    if (typeof label !== 'string') throw new Error(`${where}: a label must be a string`);
    if (identityLabels.has(label)) {
      identity = true;
      continue;
    }
    // Own keys only: `in` would take `constructor` or `toString` for a label.
    if (!Object.hasOwn(labelToSignal, label)) {
      unknownLabels.set(label, (unknownLabels.get(label) ?? 0) + 1);
      continue;
    }
    const signal = labelToSignal[label];
    if (signal && !labels.includes(signal)) labels.push(signal);
  }
  // The repo's sales set says for every row whether it asks if the lead talks to an AI.
  if (identity === undefined && Array.isArray(row.labels) && typeof row.family === 'string') identity = false;
  return {
    text: row.text,
    labels,
    identity,
    context: parseContext(row.context),
    mapping: typeof row.mapping === 'string' ? row.mapping : undefined,
    raw: row,
  };
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

export interface SignalScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  predicted: number;
  truePositives: number;
}
export interface Report {
  signals: Record<SignalKind, SignalScore>;
  /** "are you a bot?": scored on the rows that say whether they ask it. */
  identity: SignalScore;
  /** confusion[actual][predicted]: how often a message labelled `actual` was detected as `predicted` ('none' = nothing). */
  confusion: Record<string, Record<string, number>>;
  latencyMs: { p50: number; p99: number; max: number };
  messages: number;
  /** Messages labelled with no signal (and not asking if they talk to an AI) that raised one anyway: the false-alarm rate. */
  falseAlarms: { messages: number; raised: number; rate: number };
}

export interface Result {
  message: LabelledMessage;
  detections: Detection[];
  asksIfAi?: boolean;
  ms: number;
}

function scoreOf(pairs: { has: boolean; is: boolean }[]): SignalScore {
  let tp = 0,
    predicted = 0,
    support = 0;
  for (const { has, is } of pairs) {
    if (has) predicted++;
    if (is) support++;
    if (has && is) tp++;
  }
  const precision = predicted ? tp / predicted : 0;
  const recall = support ? tp / support : 0;
  return {
    precision: round(precision),
    recall: round(recall),
    f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0),
    support,
    predicted,
    truePositives: tp,
  };
}

export function score(results: Result[], minConfidence: number): Report {
  const signals = {} as Record<SignalKind, SignalScore>;
  const confusion: Record<string, Record<string, number>> = {};
  for (const kind of signalKinds) {
    signals[kind] = scoreOf(
      results.map(({ message, detections }) => ({
        has: detections.some((d) => d.signal === kind && d.confidence >= minConfidence),
        is: message.labels.includes(kind),
      })),
    );
  }
  const identity = scoreOf(
    results
      .filter((r) => r.message.identity !== undefined)
      .map((r) => ({ has: Boolean(r.asksIfAi), is: r.message.identity! })),
  );
  for (const { message, detections } of results) {
    const actual = message.labels.length ? message.labels : ['none'];
    const found = [...new Set(detections.filter((d) => d.confidence >= minConfidence).map((d) => d.signal as string))];
    for (const a of actual) {
      confusion[a] ??= {};
      for (const p of found.length ? found : ['none']) confusion[a]![p] = (confusion[a]![p] ?? 0) + 1;
    }
  }
  const ordinary = results.filter((r) => r.message.labels.length === 0 && r.message.identity !== true);
  const raised = ordinary.filter((r) => r.asksIfAi || r.detections.some((d) => d.confidence >= minConfidence)).length;
  const falseAlarms = {
    messages: ordinary.length,
    raised,
    rate: ordinary.length ? round(raised / ordinary.length) : 0,
  };
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const at = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))]! : 0);
  return {
    signals,
    identity,
    confusion,
    latencyMs: { p50: round(at(0.5), 4), p99: round(at(0.99), 4), max: round(times[times.length - 1] ?? 0, 4) },
    messages: results.length,
    falseAlarms,
  };
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
