import { signalEnginesFor } from './adapters/signal-engines';
import { readSignalConfig } from './config';

const logger = { info: () => undefined, warn: () => undefined };

describe('signal-detector configuration', () => {
  it('defaults to the ensemble, with no language model', () => {
    expect(readSignalConfig({})).toMatchObject({
      BATON_SIGNAL_ENGINE: 'ensemble',
      BATON_SIGNAL_UNCERTAIN_BAND: 0.15,
      BATON_SIGNAL_LLM_TIMEOUT_MS: 1500,
      ANTHROPIC_API_KEY: undefined,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => readSignalConfig({ BATON_SIGNAL_ENGINE: 'magic' })).toThrow(
      /BATON_SIGNAL_ENGINE must be rules, model or ensemble/,
    );
    expect(() => readSignalConfig({ BATON_SIGNAL_THRESHOLDS: '{"vibes": 0.5}' })).toThrow(
      /BATON_SIGNAL_THRESHOLDS names an unknown head vibes/,
    );
    expect(() => readSignalConfig({ BATON_SIGNAL_THRESHOLDS: '{"high_intent": 2}' })).toThrow(
      /high_intent a threshold between 0 and 1/,
    );
    expect(() => readSignalConfig({ BATON_SIGNAL_UNCERTAIN_BAND: '0.9' })).toThrow(
      /BATON_SIGNAL_UNCERTAIN_BAND must be a number from 0 to 0.5/,
    );
  });

  it('fails at start-up on a model that cannot be read, and records which engine decided', async () => {
    expect(() =>
      signalEnginesFor(
        readSignalConfig({ BATON_SIGNAL_ENGINE: 'ensemble', BATON_SIGNAL_WEIGHTS: '/nonexistent/signals-model.json' }),
        logger,
      ),
    ).toThrow(/cannot read the signal model card/);
    const rules = signalEnginesFor(readSignalConfig({ BATON_SIGNAL_ENGINE: 'rules' }), logger);
    expect(await rules({ text: 'can I talk to a person', context: [] })).toMatchObject({
      engine: 'rules',
      detections: [{ signal: 'explicit_request' }],
    });
    const ensemble = signalEnginesFor(readSignalConfig({ BATON_SIGNAL_ENGINE: 'ensemble' }), logger);
    // a request the rules are sure of: the rules decided
    expect(await ensemble({ text: 'can I talk to a person', context: [] })).toMatchObject({
      engine: 'rules',
      detections: [{ signal: 'explicit_request', detector: 'rules' }],
    });
    // an ordinary opener: the model looked and found nothing
    for (const text of [
      "Hi, I'm looking to refinance my house",
      'hello, I want a quote for solar panels',
      "Hi, I'm looking to buy a house",
    ]) {
      expect(await ensemble({ text, context: [] })).toMatchObject({ engine: 'model', detections: [] });
    }
  });
});
