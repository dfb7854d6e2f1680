import { startEmbedded } from './harness';
import { describeScenarios } from './scenarios';

describe('end-to-end scenarios, embedded (one process, in-process bus, PGlite)', () => {
  describeScenarios(() => startEmbedded());
});
