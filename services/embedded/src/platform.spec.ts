import { startForTest } from '@baton/service-runtime/testing';
import { allServices } from './platform';

describe('the embedded platform', () => {
  it('runs all seven services in one process on one listener', async () => {
    expect(allServices.map((s) => s.name).sort()).toEqual(
      ['ai-agent', 'audit', 'briefing', 'channel-gateway', 'conversation-state', 'scheduling', 'signal-detector']);
    const baton = await startForTest(allServices);
    try {
      const ready = await fetch(`${baton.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(baton.connections.eventStore?.adapter).toBe('postgres(pglite)');
    } finally {
      await baton.cleanup();
    }
  });
});
