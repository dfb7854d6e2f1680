import { startDistributed } from './harness';
import { describeScenarios } from './scenarios';

describe('end-to-end scenarios, distributed (seven processes over the Kafka mock and PostgreSQL)', () => {
  describeScenarios(() => startDistributed());
});
