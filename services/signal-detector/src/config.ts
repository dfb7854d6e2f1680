import { parse, readConfig } from '@baton/service-runtime';
import { modelHeads, type ModelHead } from './domain/signal-model';

const fraction = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`must be a number from ${min} to ${max}`);
  return n;
};

export const signalSettings = {
  BATON_SIGNAL_ENGINE: {
    describe:
      'rules (the rules alone), model (the learned model alone) or ensemble (rules, then the model, then Anthropic for the uncertain band when ANTHROPIC_API_KEY is set)',
    parse: (raw: string) => {
      if (raw !== 'rules' && raw !== 'model' && raw !== 'ensemble') throw new Error('must be rules, model or ensemble');
      return raw;
    },
    default: 'ensemble' as 'rules' | 'model' | 'ensemble',
  },
  BATON_SIGNAL_WEIGHTS: {
    describe: 'path to the model card (signals-model.json, its weights beside it); unset means the committed model',
    parse: parse.string,
  },
  BATON_SIGNAL_THRESHOLDS: {
    describe: `JSON of model decision thresholds to override, e.g. {"high_intent": 0.6}; heads: ${modelHeads.join(', ')}`,
    parse: (raw: string) => {
      const value = parse.json(raw);
      if (!value || typeof value !== 'object' || Array.isArray(value))
        throw new Error('must be an object of head: threshold');
      for (const [head, t] of Object.entries(value)) {
        if (!modelHeads.includes(head as ModelHead)) throw new Error(`names an unknown head ${head}`);
        if (typeof t !== 'number' || !(t > 0 && t < 1))
          throw new Error(`must give ${head} a threshold between 0 and 1`);
      }
      return value as Partial<Record<ModelHead, number>>;
    },
    default: {} as Partial<Record<ModelHead, number>>,
  },
  BATON_SIGNAL_RULES_SURE_AT: {
    describe:
      'rule confidence at which a rule decides alone, for every signal; unset means 0.85 for requests, 0.75 for intent, 0.8 for hard questions, 0.7 for frustration',
    parse: fraction(0.5, 1),
  },
  BATON_SIGNAL_UNCERTAIN_BAND: {
    describe: 'half-width of the band around a model threshold in which Anthropic decides (0 never asks)',
    parse: fraction(0, 0.5),
    default: 0.15,
  },
  BATON_SIGNAL_LLM_TIMEOUT_MS: {
    describe: "Anthropic's latency budget per message; past it the model's decision stands",
    parse: parse.positiveInt,
    default: 1500,
  },
  ANTHROPIC_API_KEY: {
    describe: 'Anthropic API key; unset means no language model (the offline engines decide everything)',
    parse: parse.string,
  },
  ANTHROPIC_BASE_URL: { describe: "Anthropic's API base URL (tests point it at a local server)", parse: parse.url },
  BATON_SIGNAL_MODEL: {
    describe: 'the Anthropic model that judges the uncertain band',
    parse: parse.string,
    default: 'claude-haiku-4-5',
  },
};

export type SignalConfig = ReturnType<typeof readSignalConfig>;
export function readSignalConfig(env: NodeJS.ProcessEnv = process.env) {
  return readConfig(signalSettings, env);
}
export const SIGNAL_CONFIG = Symbol('SignalConfig');
