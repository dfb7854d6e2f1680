import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@baton/service-runtime';
import { EnsembleSignalEngine, type EnsembleResult } from '../domain/ensemble-signal-engine';
import { RuleSignalEngine } from '../domain/rule-signal-engine';
import type { DetectionInput } from '../domain/signal-engine.port';
import { AnthropicSignalEngine } from './anthropic-signal-engine';

/** The offline rules by default; with ANTHROPIC_API_KEY, rules and the model together (falling back to rules). */
@Injectable()
export class SignalEngines {
  private readonly rules = new RuleSignalEngine();
  private readonly ensemble?: EnsembleSignalEngine;

  constructor(@Inject(LOGGER) logger: Logger) {
    const apiKey = process.env.ANTHROPIC_API_KEY;
    if (apiKey) {
      this.ensemble = new EnsembleSignalEngine(this.rules, new AnthropicSignalEngine({
        apiKey, baseURL: process.env.ANTHROPIC_BASE_URL, model: process.env.BATON_SIGNAL_MODEL, logger: logger.child({ service: 'signal-detector' }),
      }));
    }
  }

  async detect(input: DetectionInput): Promise<EnsembleResult> {
    if (this.ensemble) return this.ensemble.decide(input);
    return { detections: this.rules.detectNow(input), engine: 'rules' };
  }
}
