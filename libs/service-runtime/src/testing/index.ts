import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commonSettings, readConfig, type CommonConfig } from '../config';
import { startServices, type RunningService, type ServiceDefinition } from '../start-service';
import type { Role } from '../auth';
import type { Clock } from '../clock';

/** Embedded defaults for a test: a fresh data dir, a free port, quiet logs. */
export function testConfig(overrides: Record<string, string> = {}): {
  config: CommonConfig;
  dataDir: string;
  cleanup(): void;
} {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-test-'));
  const config = readConfig(commonSettings, {
    BATON_PORT: '0',
    BATON_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
  return { config, dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

export interface TestService extends RunningService {
  /** A bearer token for this service (admin of the default tenant unless said otherwise). */
  token(role?: Role, tenantId?: string, subject?: string): Promise<string>;
  /** fetch against the service with a bearer token. */
  fetchAs(path: string, init?: RequestInit & { role?: Role; tenant?: string; subject?: string }): Promise<Response>;
  cleanup(): Promise<void>;
}

/**
 * Starts services in this process on embedded defaults. `overrides` are the environment the services read
 * (over process.env), so a test configures them as a deployment would, without touching process.env.
 */
export async function startForTest(
  services: ServiceDefinition[],
  overrides: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestService> {
  const { config, dataDir, cleanup } = testConfig(overrides);
  const env = { ...process.env, BATON_PORT: '0', BATON_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...overrides };
  const running = await startServices(services, { config, env, clock: options.clock, handleSignals: false });
  const token = (role: Role = 'admin', tenantId = 'default', subject = role === 'rep' ? 'rep-7' : `test-${role}`) =>
    running.verifier.mint({ subject, tenantId, role });
  return {
    ...running,
    token,
    fetchAs: async (path, init = {}) => {
      const { role, tenant, subject, ...rest } = init;
      const headers = new Headers(rest.headers);
      headers.set('authorization', `Bearer ${await token(role, tenant, subject)}`);
      if (rest.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${running.url}${path}`, { ...rest, headers });
    },
    cleanup: async () => {
      await running.stop();
      cleanup();
    },
  };
}

/** The foundation's promise for every service: it boots, is live, ready and measured, and stops cleanly. */
export async function expectServiceToRun(definition: ServiceDefinition): Promise<void> {
  const service = await startForTest([definition]);
  try {
    const health = await fetch(`${service.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { database: true, bus: true, consumers: true, accepting: true },
    });
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toContain('process_cpu_user_seconds_total');
    service.readiness.drain();
    expect((await fetch(`${service.url}/readyz`)).status).toBe(503);
  } finally {
    await service.cleanup();
  }
  await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
}
