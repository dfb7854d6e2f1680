import { loadSignalModel } from '../adapters/model-file';
import { defaultEnsembleSettings, EnsembleSignalEngine, ModelSignalEngine } from '../domain/ensemble-signal-engine';
import { RuleSignalEngine } from '../domain/rule-signal-engine';
import type { DetectionInput, Reading } from '../domain/signal-engine.port';

export type OfflineEngine = 'rules' | 'model' | 'ensemble';
export const offlineEngines: OfflineEngine[] = ['rules', 'model', 'ensemble'];

/** The offline engines as the service runs them without a language model: synchronous, one message at a time. */
export function offlineEngine(name: OfflineEngine, modelPath?: string): (input: DetectionInput) => Reading {
  const rules = new RuleSignalEngine();
  if (name === 'rules') return (input) => rules.readNow(input);
  const model = loadSignalModel(modelPath);
  if (name === 'model') {
    const alone = new ModelSignalEngine(model);
    return (input) => alone.readNow(input);
  }
  const ensemble = new EnsembleSignalEngine({
    rules,
    model,
    settings: defaultEnsembleSettings(model.card.ensembleThresholds, model.card.rulesSureAt),
  });
  return (input) => ensemble.decideOffline(input);
}
