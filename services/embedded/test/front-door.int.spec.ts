import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { eventually, ingressRoute, ingressRules } from '@baton/testing';

// The compose mode's front door (deploy/compose/edge.conf.template) run in a real nginx, with a stand-in for each
// service that says who it is: every path the Kubernetes ingress routes reaches the same service through it.

const template = join(__dirname, '..', '..', '..', 'deploy', 'compose', 'edge.conf.template');
const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const upstreams = {
  BATON_GATEWAY: 'channel-gateway',
  BATON_BRIEFING: 'briefing',
  BATON_CONVERSATION_STATE: 'conversation-state',
  BATON_AUDIT: 'audit',
  BATON_SCHEDULING: 'scheduling',
} as const;

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

/** A service stand-in: answers every request with its name and what it was asked; the gateway takes WebSockets. */
function standIn(name: string): Server {
  const server = createServer((req, res) => {
    if (req.url === '/v1/events/stream') {
      // the first event at once, then the stream stays open, as the real one does
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      return;
    }
    let size = 0;
    req.on('data', (chunk: Buffer) => (size += chunk.length));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ service: name, url: req.url, host: req.headers.host, size }));
    });
  });
  if (name === 'channel-gateway') {
    const sockets = new WebSocketServer({ server, path: '/relay' });
    sockets.on('connection', (socket) => socket.on('message', (data) => socket.send(`${name}: ${String(data)}`)));
  }
  return server;
}

describe('the compose front door routes as the Kubernetes ingress does', () => {
  const servers: Server[] = [];
  let nginx: ChildProcess | undefined;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    if (!nginxBinary) throw new Error('nginx is not installed: bash scripts/setup-test-env.sh installs it');
    dir = mkdtempSync(join(tmpdir(), 'baton-edge-'));
    const console = join(dir, 'console');
    spawnSync('mkdir', ['-p', console]);
    writeFileSync(join(console, 'index.html'), '<!doctype html><title>Baton console</title>');
    writeFileSync(join(console, 'app.js'), 'console.log("console")');
    const values: Record<string, string> = { BATON_CONSOLE_ROOT: console };
    for (const [variable, name] of Object.entries(upstreams)) {
      const server = standIn(name);
      servers.push(server);
      values[variable] = `127.0.0.1:${await listen(server)}`;
    }
    const probe = createServer();
    values.BATON_EDGE_PORT = String(await listen(probe));
    await new Promise((r) => probe.close(r));
    // What the nginx image's entrypoint does: envsubst of the environment's variables only.
    const rendered = readFileSync(template, 'utf8').replace(/\$\{(BATON_[A-Z_]+)\}/g, (_, name: string) => {
      if (!(name in values)) throw new Error(`the template uses ${name}, which the test does not set`);
      return values[name]!;
    });
    writeFileSync(join(dir, 'edge.conf'), rendered);
    const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon off; master_process off; pid ${join(dir, 'nginx.pid')}; error_log ${join(dir, 'error.log')} warn;
events {}
http {
  access_log off;
  types { text/html html; application/javascript js; }
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  include ${join(dir, 'edge.conf')};
}
`,
    );
    const check = spawnSync(nginxBinary, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`nginx refused the front door's configuration:\n${check.stderr}`);
    nginx = spawn(nginxBinary, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
    base = `http://127.0.0.1:${values.BATON_EDGE_PORT}`;
    await eventually(
      () =>
        fetch(`${base}/index.html`).then(
          (r) => r.ok,
          () => false,
        ),
      'nginx answering',
    );
  });

  afterAll(async () => {
    nginx?.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Who answered: a service stand-in by name, or the console's static files. */
  const answerer = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${base}${path}`, init);
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('application/json')) return { who: 'console', status: response.status };
    const body = (await response.json()) as { service: string; url: string; host: string; size: number };
    return { who: body.service, status: response.status, body };
  };

  // A concrete request path for each of the ingress's rules, and the paths the clients use.
  const samples = [
    ...ingressRules()
      .filter((r) => r.path !== '/' && r.path !== '/relay' && r.path !== '/v1/events/stream')
      .map((r) => r.path.replace(/\[\^\/\]\+/g, '0b1e6c3a-5d2f-4e1b-9a7c-2f3d4e5f6a7b'))
      .flatMap((p) => [p, `${p}/x`]),
    '/v1/conversations/c-1',
    '/v1/conversations/c-1/takeover',
    '/v1/conversations/c-1/brief?format=markdown',
    '/v1/conversations/c-1/messages',
    '/v1/conversations/c-1/calls',
    '/v1/audit/conversations/c-1/timeline',
    '/v1/leads/%2B15125550100/erase',
    '/webhooks/twilio/sms',
    '/webhooks/twilio/voice/status',
    '/v1/inbox?role=rep',
    '/v1/kpis?from=2026-01-01',
    '/v1/meetings/m-1/invite.ics',
    '/v1/reps/sarah',
    '/v1/scheduling/policy',
    '/v1/numbers',
    '/v1/dev/leads/%2B15125550100/messages',
    '/v1/dev/outbox',
    '/v1/openapi.json',
    '/',
    '/conversations/c-1',
    '/app.js',
  ];

  it.each(samples)('%s reaches the service the ingress names', async (path) => {
    const expected = ingressRoute(path);
    const answer = await answerer(path);
    expect(answer.who).toBe(expected);
    if (answer.body) {
      expect(answer.body.url).toBe(path); // the path and query arrive as sent
      expect(answer.body.host).toBe(new URL(base).host); // the public host, for links the service writes
    }
  });

  it('routes by the exact letters: /V1/... reaches no service (the console answers)', async () => {
    for (const path of [
      '/V1/audit/conversations/c-1/timeline',
      '/v1/Conversations/c-1/messages',
      '/WEBHOOKS/twilio/sms',
    ])
      expect((await answerer(path)).who).toBe('console');
  });

  it("passes a webhook body up to the services' own limits, which answer for themselves", async () => {
    const answer = await answerer('/webhooks/twilio/sms', { method: 'POST', body: 'x'.repeat(1_200_000) });
    expect(answer).toMatchObject({ who: 'channel-gateway', status: 200, body: { size: 1_200_000 } });
  });

  it('passes on the live event stream while it stays open', async () => {
    const response = await fetch(`${base}/v1/events/stream`);
    const reader = response.body!.getReader();
    // The stand-in wrote one comment and holds the stream open: the console must see it before the stream ends.
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(': connected');
    await reader.cancel();
  });

  it("carries ConversationRelay's WebSocket to channel-gateway", async () => {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/relay`);
    const reply = new Promise<string>((resolve, reject) => {
      socket.on('message', (data) => resolve(String(data)));
      socket.on('error', reject);
    });
    await new Promise<void>((resolve, reject) => {
      socket.on('open', () => resolve());
      socket.on('error', reject);
    });
    socket.send('hello');
    expect(await reply).toBe('channel-gateway: hello');
    socket.close();
  });
});
