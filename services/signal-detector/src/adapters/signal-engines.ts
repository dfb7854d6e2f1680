import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@baton/service-runtime';
import { SIGNAL_CONFIG, type SignalConfig } from '../config';
import {
  EnsembleSignalEngine,
  defaultEnsembleSettings,
  ModelSignalEngine,
  type EnsembleResult,
} from '../domain/ensemble-signal-engine';
import { RuleSignalEngine } from '../domain/rule-signal-engine';
import type { DetectionInput } from '../domain/signal-engine.port';
import { AnthropicSignalEngine } from './anthropic-signal-engine';
import { loadSignalModel } from './model-file';

export type EngineResult = Pick<EnsembleResult, 'detections' | 'identityQuestion' | 'engine' | 'fallbackReason'>;
type Detect = (input: DetectionInput) => Promise<EngineResult>;

/** Builds the engine the configuration names, once at start-up: a missing or broken model fails the start, by name. */
export function signalEnginesFor(config: SignalConfig, logger: Pick<Logger, 'info' | 'warn'>): Detect {
  const rules = new RuleSignalEngine();
  if (config.BATON_SIGNAL_ENGINE === 'rules') return async (input) => ({ ...rules.readNow(input), engine: 'rules' });
  const model = loadSignalModel(config.BATON_SIGNAL_WEIGHTS);
  if (config.BATON_SIGNAL_ENGINE === 'model') {
    const alone = new ModelSignalEngine(model);
    return async (input) => ({ ...alone.readNow(input), engine: 'model' });
  }
  const defaults = defaultEnsembleSettings(
    { ...model.card.ensembleThresholds, ...config.BATON_SIGNAL_THRESHOLDS },
    model.card.rulesSureAt,
  );
  const sure = config.BATON_SIGNAL_RULES_SURE_AT;
  const settings = {
    ...defaults,
    uncertainBand: config.BATON_SIGNAL_UNCERTAIN_BAND,
    rulesSureAt:
      sure === undefined
        ? defaults.rulesSureAt
        : { explicit_request: sure, high_intent: sure, out_of_confidence: sure, sentiment_shift: sure },
  };
  const judge = config.ANTHROPIC_API_KEY
    ? new AnthropicSignalEngine({
        apiKey: config.ANTHROPIC_API_KEY,
        baseURL: config.ANTHROPIC_BASE_URL,
        model: config.BATON_SIGNAL_MODEL,
        timeoutMs: config.BATON_SIGNAL_LLM_TIMEOUT_MS,
        logger,
      })
    : undefined;
  const ensemble = new EnsembleSignalEngine({ rules, model, settings, judge });
  return (input) => ensemble.decide(input);
}

/** The configured engine for the handlers. */
@Injectable()
export class SignalEngines {
  private readonly detectWith: Detect;

  constructor(@Inject(SIGNAL_CONFIG) config: SignalConfig, @Inject(LOGGER) logger: Logger) {
    this.detectWith = signalEnginesFor(config, logger.child({ service: 'signal-detector' }));
  }

  detect(input: DetectionInput): Promise<EngineResult> {
    return this.detectWith(input);
  }
}
