import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkedLookup, RefusedTarget, WebhookClient, type Resolve } from './webhook-client';

// Only loopback is reachable here, so these tests let 127.0.0.1 stand for a public address and 127.0.0.2 for a
// private one (the real policy, public unicast only, is held by private-address.spec.ts).
const standInPublic = (address: string) => address === '127.0.0.1';

async function receiver(host: string, port = 0): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

/** A resolver that gives its answers in turn (the last one again once they run out) and counts the questions. */
function scripted(...answers: string[][]): Resolve & { asked: number } {
  const resolve = Object.assign(
    async () => {
      const answer = answers[Math.min(resolve.asked, answers.length - 1)]!;
      resolve.asked++;
      return answer.map((address) => ({ address, family: 4 }));
    },
    { asked: 0 },
  );
  return resolve;
}

describe('webhook client: connects only to the address it checked', () => {
  let outside: Awaited<ReturnType<typeof receiver>>;
  let inside: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    outside = await receiver('127.0.0.1');
    inside = await receiver('127.0.0.2', outside.port); // the same port on an address the policy refuses
  });
  afterAll(async () => {
    await close(outside.server);
    await close(inside.server);
  });
  beforeEach(() => {
    outside.hits.length = 0;
    inside.hits.length = 0;
  });

  it('closes the DNS-rebinding window: a public answer first and a private one second never reach the private address', async () => {
    const resolve = scripted(['127.0.0.1'], ['127.0.0.2']);
    const client = new WebhookClient({ timeoutMs: 2000, allowPrivate: false, resolve, allowed: standInPublic });
    expect(
      await client.post(`http://crm.example.test:${outside.port}/first`, '{}', { 'content-type': 'application/json' }),
    ).toBe(204);
    expect(resolve.asked).toBe(1); // one resolution per delivery: the one checked is the one connected to
    await expect(client.post(`http://crm.example.test:${outside.port}/second`, '{}', {})).rejects.toThrow(
      new RefusedTarget('crm.example.test', '127.0.0.2'),
    );
    expect(outside.hits).toEqual(['/first']);
    expect(inside.hits).toEqual([]);
  });

  it('refuses a name when any of its addresses is private, and an address in the URL without a lookup', async () => {
    const resolve = scripted(['127.0.0.1', '127.0.0.2']);
    const client = new WebhookClient({ timeoutMs: 2000, allowPrivate: false, resolve, allowed: standInPublic });
    await expect(client.post(`http://crm.example.test:${outside.port}/`, '{}', {})).rejects.toBeInstanceOf(
      RefusedTarget,
    );
    await expect(client.post(`http://127.0.0.2:${outside.port}/`, '{}', {})).rejects.toBeInstanceOf(RefusedTarget);
    expect(resolve.asked).toBe(1);
    expect([...outside.hits, ...inside.hits]).toEqual([]);
  });

  it('goes anywhere when development allows private addresses, and times out a silent receiver', async () => {
    const client = new WebhookClient({ timeoutMs: 300, allowPrivate: true });
    expect(await client.post(`http://127.0.0.2:${outside.port}/dev`, '{}', {})).toBe(204);
    expect(inside.hits).toEqual(['/dev']);
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      await expect(
        client.post(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, '{}', {}),
      ).rejects.toThrow('no answer in 300 ms');
    } finally {
      silent.closeAllConnections();
      await close(silent);
    }
  });

  it('answers a lookup for every address or for one, as the socket asks', async () => {
    const lookup = checkedLookup(scripted(['127.0.0.1']), standInPublic);
    const all = await new Promise((resolve, reject) =>
      lookup('a.test', { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
    );
    expect(all).toEqual([{ address: '127.0.0.1', family: 4 }]);
    const one = await new Promise((resolve, reject) =>
      lookup('a.test', {}, (error, address, family) => (error ? reject(error) : resolve([address, family]))),
    );
    expect(one).toEqual(['127.0.0.1', 4]);
  });
});
