import { execFileSync } from 'node:child_process';
import { eventStoreContract } from '../testing/event-store.contract';
import { KurrentEventStore } from './kurrent-event-store';

// Runs wherever a KurrentDB answers: KURRENTDB_CONNECTION_STRING, or a container when a Docker engine is there.
const url = process.env.KURRENTDB_CONNECTION_STRING;
const dockerAnswers = (() => {
  if (url) return false;
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 3000 });
    return true;
  } catch {
    return false;
  }
})();

if (url) {
  eventStoreContract('kurrentdb', async () => ({
    open: () => KurrentEventStore.connect(url),
    teardown: async () => undefined,
  }));
} else if (dockerAnswers) {
  eventStoreContract('kurrentdb (container)', async () => {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer('docker.kurrent.io/kurrent-latest/kurrentdb:latest')
      .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_MEM_DB: 'true', KURRENTDB_RUN_PROJECTIONS: 'None' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    const connection = `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    return {
      open: () => KurrentEventStore.connect(connection),
      teardown: async () => {
        await container.stop();
      },
    };
  });
} else {
  test.todo('KurrentDB contract: set KURRENTDB_CONNECTION_STRING (or run where a Docker engine answers) to run it');
}
