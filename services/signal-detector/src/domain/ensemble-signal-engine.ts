import type { Detection, DetectionInput, SignalEngine } from './signal-engine.port';

export interface EnsembleResult {
  detections: Detection[];
  /** The engine that decided: 'ensemble' when the model answered, 'rules' when it fell back. */
  engine: 'rules' | 'ensemble';
  fallbackReason?: string;
}

/**
 * Rules and the model together: the model may add signals or raise confidence, but never removes what the
 * rules found, so an explicit request the rules saw always stands. A model failure falls back to the rules.
 */
export class EnsembleSignalEngine implements SignalEngine {
  readonly name = 'ensemble' as const;

  constructor(private readonly rules: SignalEngine, private readonly model: SignalEngine) {}

  async detect(input: DetectionInput): Promise<Detection[]> {
    return (await this.decide(input)).detections;
  }

  async decide(input: DetectionInput): Promise<EnsembleResult> {
    const ruled = await this.rules.detect(input);
    let modelled: Detection[];
    try {
      modelled = await this.model.detect(input);
    } catch (error) {
      return { detections: ruled, engine: 'rules', fallbackReason: (error as Error).message };
    }
    const merged = new Map(ruled.map((d) => [d.signal, d]));
    for (const d of modelled) {
      const mine = merged.get(d.signal);
      if (!mine || d.confidence > mine.confidence) merged.set(d.signal, { ...(mine ?? d), confidence: Math.max(d.confidence, mine?.confidence ?? 0), detector: 'ensemble', reason: d.reason ?? mine?.reason });
    }
    return { detections: [...merged.values()], engine: 'ensemble' };
  }
}
