import type { RuleReading, RuleSignalEngine } from './rule-signal-engine';
import type { LinearSignalModel, ModelHead } from './signal-model';
import { aiMoves } from './ai-turn';
import { tokensOf } from './signal-features';
import { previousAiTurn } from './signal-engine.port';
import {
  signalKinds,
  type Detection,
  type DetectionInput,
  type IdentityQuestion,
  type Reading,
  type SignalEngine,
  type SignalEngineName,
  type SignalKind,
} from './signal-engine.port';

export interface EnsembleSettings {
  /** A rule detection at or above this confidence decides alone: an explicit request the rules are sure of always stands. */
  rulesSureAt: Record<SignalKind, number>;
  /** Model probability per head at and above which a signal is there (after the rules). */
  thresholds: Record<ModelHead, number>;
  /** A weaker rule hit (a bare deadline, a brand name) lowers the model's bar to this fraction of its threshold. */
  ruleHintFactor: number;
  /** Half-width of the band around each threshold where the language model, when configured, decides. */
  uncertainBand: number;
}

export const defaultEnsembleSettings = (
  thresholds: Record<ModelHead, number>,
  sureAt: Record<SignalKind, number> = rulesSureAt,
): EnsembleSettings =>
  // an explicit request the rules are sure of always stands, whatever a model card says
  ({
    rulesSureAt: { ...sureAt, explicit_request: Math.min(sureAt.explicit_request, rulesSureAt.explicit_request) },
    thresholds,
    ruleHintFactor: 0.6,
    uncertainBand: 0.15,
  });

/** Where each signal's rules are sure, unless the model card says otherwise (training chooses them out of family). */
export const rulesSureAt: Record<SignalKind, number> = {
  explicit_request: 0.85,
  high_intent: 0.75,
  out_of_confidence: 0.8,
  sentiment_shift: 0.7,
};

/** The language-model judge for the uncertain band: asked about some heads only, it answers for those. */
export interface SignalJudge {
  judge(input: DetectionInput, heads: ModelHead[]): Promise<Reading>;
}

export interface EnsembleResult extends Reading {
  /** The engine that decided: anthropic when the judge settled the uncertain band, rules when all that was found is theirs, else model. */
  engine: SignalEngineName;
  /** Heads the model was unsure of (the band), whether or not a judge was asked. */
  uncertain: ModelHead[];
  fallbackReason?: string;
}

/** Probability above the decision threshold, put on the scale the handoff policy reads: the threshold sits at 0.7, its default trigger. */
export const confidenceOf = (p: number, threshold: number) =>
  Math.round(Math.min(0.99, 0.7 + (0.29 * (p - threshold)) / Math.max(1e-6, 1 - threshold)) * 100) / 100;

const spanish =
  /(?<![\p{L}])(?:eres|usted|estoy|hablando|m[aá]quina|qu[eé]|s[ií]|por\s+favor|quiero|necesito|una?|con|el|la)(?![\p{L}])/giu;
const english = /(?<![\p{L}])(?:are|is|am|you|u|this|the|a|an|i|to|with|real|person)(?![\p{L}])/giu;
export const languageOf = (text: string): 'en' | 'es' =>
  (text.match(spanish) ?? []).length > (text.match(english) ?? []).length ? 'es' : 'en';

const whole = (text: string) => ({ text, start: 0, end: text.length });

/**
 * Rules first, then the model, then (for the uncertain band only) the judge. Pure given its parts: the rules and
 * the model are in memory; the judge, when there is one, is the only I/O and may fail without losing a decision.
 */
export function combine(
  input: DetectionInput,
  rules: RuleReading,
  scores: Record<ModelHead, number>,
  settings: EnsembleSettings,
): EnsembleResult {
  const detections: Detection[] = [];
  const uncertain: ModelHead[] = [];
  // A reply of one or two words ("financing", "both ugh") gives a bag-of-words model too little to go on: there the
  // model decides only with a rule hint or an AI turn the reply answers (an offer, a proposed next step).
  const ai = previousAiTurn(input.context);
  const answers = ai !== undefined && aiMoves(ai).some((m) => m !== 'asks' && m !== 'offers_info');
  const terse = tokensOf(input.text).filter((t) => /[\p{L}\p{N}]/u.test(t)).length <= 2 && !answers;
  for (const signal of signalKinds) {
    const ruled = rules.detections.find((d) => d.signal === signal);
    if (ruled && ruled.confidence >= settings.rulesSureAt[signal]) {
      // Where the rules are sure the signal is there, it is there: on the scale the handoff policy reads, where the
      // model's decisions sit too (the bar at 0.7, its default trigger). A request hands off at any confidence.
      detections.push(
        signal === 'explicit_request'
          ? ruled
          : {
              ...ruled,
              confidence: Math.max(ruled.confidence, confidenceOf(ruled.confidence, settings.rulesSureAt[signal])),
            },
      );
      continue;
    }
    // Where the rules set a request aside (negated, reported: "dont have anyone call me") or read the message as asking
    // what the AI is ("be honest, are you a real person?"), the model may not find a request alone: out of family it
    // scores both as requests, and a request hands off at once.
    const setAside =
      rules.vetoed.includes(signal) ||
      (signal === 'explicit_request' && !ruled && rules.identityQuestion !== undefined);
    if ((terse && !ruled) || rules.unanchored.includes(signal) || setAside) {
      if (ruled) detections.push(ruled);
      continue;
    }
    let threshold = settings.thresholds[signal];
    if (ruled && ruled.confidence >= 0.5) threshold *= settings.ruleHintFactor;
    const p = scores[signal];
    if (Math.abs(p - threshold) < settings.uncertainBand) uncertain.push(signal);
    if (p >= threshold) {
      detections.push({
        signal,
        confidence: confidenceOf(p, threshold),
        evidence: ruled?.evidence ?? whole(input.text),
        detector: 'model',
        reason: `model ${p.toFixed(2)}${ruled ? ` with rule hint: ${ruled.reason ?? ''}` : ''}`,
      });
    } else if (ruled && ruled.confidence < 0.5) {
      detections.push(ruled); // a weak hint for the rep, below any trigger
    }
  }
  let identityQuestion: IdentityQuestion | undefined =
    rules.identityQuestion && rules.identityQuestion.confidence >= 0.8 ? rules.identityQuestion : undefined;
  if (!identityQuestion) {
    const p = scores.identity_question;
    const threshold = settings.thresholds.identity_question;
    if (Math.abs(p - threshold) < settings.uncertainBand) uncertain.push('identity_question');
    if (p >= threshold)
      identityQuestion = {
        confidence: confidenceOf(p, threshold),
        evidence: whole(input.text),
        detector: 'model',
        language: languageOf(input.text),
      };
  }
  // The engine that decided: the rules when everything found is theirs (a request they are sure of), else the model,
  // which also decided that nothing else is there.
  const found = [...detections.map((d) => d.detector), ...(identityQuestion ? [identityQuestion.detector] : [])];
  const engine = found.length > 0 && found.every((d) => d === 'rules') ? 'rules' : 'model';
  return { detections, ...(identityQuestion ? { identityQuestion } : {}), engine, uncertain };
}

/** Puts the judge's answers in place of the model's for the heads it was asked about. */
export function settle(result: EnsembleResult, judged: Reading, asked: ModelHead[], text: string): EnsembleResult {
  const askedSignals = asked.filter((h): h is SignalKind => h !== 'identity_question');
  const detections = result.detections.filter((d) => !askedSignals.includes(d.signal) || d.detector === 'rules');
  for (const d of judged.detections) {
    if (!askedSignals.includes(d.signal) || d.confidence < 0.5 || detections.some((x) => x.signal === d.signal))
      continue;
    detections.push({ ...d, confidence: Math.max(0.7, d.confidence), detector: 'anthropic' });
  }
  let identityQuestion = result.identityQuestion;
  if (asked.includes('identity_question') && identityQuestion?.detector !== 'rules') {
    identityQuestion = judged.identityQuestion
      ? {
          ...judged.identityQuestion,
          detector: 'anthropic',
          language: judged.identityQuestion.language ?? languageOf(text),
        }
      : undefined;
  }
  return {
    ...result,
    detections,
    ...(identityQuestion ? { identityQuestion } : { identityQuestion: undefined }),
    engine: 'anthropic',
  };
}

export interface EnsembleParts {
  rules: RuleSignalEngine;
  model: Pick<LinearSignalModel, 'score'>;
  settings: EnsembleSettings;
  /** The language model for the uncertain band; absent when not configured. */
  judge?: SignalJudge;
}

export class EnsembleSignalEngine implements SignalEngine {
  readonly name = 'ensemble' as const;

  constructor(private readonly parts: EnsembleParts) {}

  async read(input: DetectionInput): Promise<Reading> {
    return this.decide(input);
  }

  /** Rules and model only: synchronous, for the evaluation and the hot path when no judge is configured. */
  decideOffline(input: DetectionInput): EnsembleResult {
    return combine(input, this.parts.rules.readNow(input), this.parts.model.score(input), this.parts.settings);
  }

  async decide(input: DetectionInput): Promise<EnsembleResult> {
    const offline = this.decideOffline(input);
    if (!this.parts.judge || offline.uncertain.length === 0) return offline;
    try {
      const judged = await this.parts.judge.judge(input, offline.uncertain);
      return settle(offline, judged, offline.uncertain, input.text);
    } catch (error) {
      // The judge is late or broken: the model's decision stands, and the record says why the judge did not decide.
      return { ...offline, fallbackReason: (error as Error).message };
    }
  }
}

/** The learned model alone (for the evaluation's --engine model): no rules in front. */
export class ModelSignalEngine implements SignalEngine {
  readonly name = 'model' as const;

  constructor(private readonly model: LinearSignalModel) {}

  read(input: DetectionInput): Promise<Reading> {
    return Promise.resolve(this.readNow(input));
  }

  readNow(input: DetectionInput): Reading {
    const scores = this.model.score(input);
    const thresholds = this.model.card.thresholds;
    const detections: Detection[] = signalKinds
      .filter((s) => scores[s] >= thresholds[s])
      .map((signal) => ({
        signal,
        confidence: confidenceOf(scores[signal], thresholds[signal]),
        evidence: whole(input.text),
        detector: 'model' as const,
        reason: `model ${scores[signal].toFixed(2)}`,
      }));
    const p = scores.identity_question;
    const asks = p >= thresholds.identity_question;
    return {
      detections,
      ...(asks
        ? {
            identityQuestion: {
              confidence: confidenceOf(p, thresholds.identity_question),
              evidence: whole(input.text),
              detector: 'model',
              language: languageOf(input.text),
            },
          }
        : {}),
    };
  }
}
