import { openApiDocument } from '@baton/contracts';
import { startForTest } from '@baton/service-runtime/testing';
import { allServices } from './platform';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe('the embedded platform', () => {
  it('runs all seven services in one process on one listener', async () => {
    expect(allServices.map((s) => s.name).sort()).toEqual([
      'ai-agent',
      'audit',
      'briefing',
      'channel-gateway',
      'conversation-state',
      'scheduling',
      'signal-detector',
    ]);
    const baton = await startForTest(allServices);
    try {
      const ready = await fetch(`${baton.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(baton.connections.eventStore?.adapter).toBe('postgres(pglite)');
    } finally {
      await baton.cleanup();
    }
  });

  it('serves an OpenAPI document that names every route the services serve, and no other', async () => {
    const baton = await startForTest(allServices);
    try {
      const response = await fetch(`${baton.url}/v1/openapi.json`); // public, no token
      expect(response.status).toBe(200);
      const served = (await response.json()) as typeof openApiDocument;
      expect(served.openapi).toBe('3.1.0');
      const documented = Object.entries(served.paths)
        .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
        .sort();
      const express = baton.app.getHttpAdapter().getInstance() as {
        router?: { stack: Layer[] };
        _router?: { stack: Layer[] };
      };
      // Nest's catch-all (every method on /{*path}) answers the unknown with 404; it is not part of the surface.
      const routes = (express.router ?? express._router)!.stack
        .filter((l) => l.route && l.route.path !== '/{*path}')
        .flatMap((l) =>
          Object.keys(l.route!.methods).map(
            (method) => `${method.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`,
          ),
        );
      expect([...new Set(routes)].sort()).toEqual(documented);
    } finally {
      await baton.cleanup();
    }
  });
});
