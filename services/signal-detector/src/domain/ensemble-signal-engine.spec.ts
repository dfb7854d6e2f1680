import { combine, defaultEnsembleSettings } from './ensemble-signal-engine';
import type { RuleReading } from './rule-signal-engine';
import type { ModelHead } from './signal-model';
import type { Detection, SignalKind } from './signal-engine.port';

const bars = {
  explicit_request: 0.9,
  high_intent: 0.9,
  out_of_confidence: 0.9,
  sentiment_shift: 0.9,
  identity_question: 0.9,
};
const settings = defaultEnsembleSettings(bars, {
  explicit_request: 0.85,
  high_intent: 0.6,
  out_of_confidence: 0.6,
  sentiment_shift: 0.6,
});
const quiet = {
  explicit_request: 0.01,
  high_intent: 0.01,
  out_of_confidence: 0.01,
  sentiment_shift: 0.01,
  identity_question: 0.01,
} as Record<ModelHead, number>;
const ruled = (signal: SignalKind, confidence: number): Detection => ({
  signal,
  confidence,
  evidence: { text: 'x', start: 0, end: 1 },
  detector: 'rules',
});
const reading = (...detections: Detection[]): RuleReading => ({ detections, vetoed: [], unanchored: [] });

describe('the ensemble', () => {
  it('puts a signal the rules are sure of on the scale the handoff policy reads: at their bar it triggers (0.7)', () => {
    const result = combine(
      { text: 'ugh this is so annoying', context: [] },
      reading(ruled('sentiment_shift', 0.6)),
      quiet,
      settings,
    );
    expect(result).toMatchObject({
      engine: 'rules',
      detections: [{ signal: 'sentiment_shift', detector: 'rules', confidence: 0.7 }],
    });
    const sure = combine({ text: 'x', context: [] }, reading(ruled('high_intent', 0.95)), quiet, settings);
    expect(sure.detections[0]!.confidence).toBe(0.95); // never lowered
  });

  it('leaves a request as the rules read it (any request hands off), and a weak rule hit below the trigger', () => {
    const request = combine(
      { text: 'can someone call me', context: [] },
      reading(ruled('explicit_request', 0.9)),
      quiet,
      settings,
    );
    expect(request.detections).toMatchObject([{ signal: 'explicit_request', confidence: 0.9 }]);
    const weak = combine({ text: 'we use rocket', context: [] }, reading(ruled('high_intent', 0.45)), quiet, settings);
    expect(weak.detections).toMatchObject([{ signal: 'high_intent', confidence: 0.45 }]);
  });

  it('never lets the model revive a request the rules set aside, or find one in a question about what the AI is', () => {
    const sure = { ...quiet, explicit_request: 0.99 };
    const setAside = combine(
      { text: 'dont have anyone call me', context: [] },
      { ...reading(), vetoed: ['explicit_request'] },
      sure,
      settings,
    );
    expect(setAside.detections).toEqual([]);
    const identity = {
      confidence: 0.9,
      evidence: { text: 'are you a real person', start: 0, end: 21 },
      detector: 'rules' as const,
      language: 'en' as const,
    };
    const asks = combine(
      { text: 'be honest, are you a real person', context: [] },
      { ...reading(), identityQuestion: identity },
      sure,
      settings,
    );
    expect(asks.detections).toEqual([]);
  });

  it('leaves to the rules what a quote request alone is (browsing): the model finds no high intent or hard question there', () => {
    const browsing: RuleReading = { ...reading(), unanchored: ['high_intent', 'out_of_confidence'] };
    const result = combine(
      { text: 'Hi there, I need a quote for homeowners insurance', context: [] },
      browsing,
      { ...quiet, high_intent: 0.99, out_of_confidence: 0.99 },
      settings,
    );
    expect(result.detections).toEqual([]);
  });

  it('names the model as the deciding engine when the model found a signal or nothing at all', () => {
    expect(combine({ text: 'hi im looking to refinance', context: [] }, reading(), quiet, settings)).toMatchObject({
      engine: 'model',
      detections: [],
    });
    const found = combine(
      { text: 'whats my payment on 300k with my credit', context: [] },
      reading(),
      { ...quiet, out_of_confidence: 0.97 },
      settings,
    );
    expect(found).toMatchObject({ engine: 'model', detections: [{ signal: 'out_of_confidence', detector: 'model' }] });
  });
});
