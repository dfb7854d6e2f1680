import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, startServiceProcess, type ServiceProcess } from '@baton/testing';
import { daytimeLead } from './harness';

describe('the embedded platform as `npm start` runs it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-restart-'));
  let baton: ServiceProcess | undefined;
  afterAll(() => {
    baton?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () => startServiceProcess('embedded', { BATON_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  const stop = async (p: ServiceProcess) => {
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  };

  it('keeps every conversation across a restart, and the AI carries on where it was', async () => {
    baton = await start();
    const token = readFileSync(join(dataDir, 'dev-token'), 'utf8').trim(); // written for a newcomer with no auth configured
    const as = (path: string, init: RequestInit = {}) =>
      fetch(`${baton!.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
    const lead = daytimeLead(771).phone; // in their day now: no reply waits for quiet hours
    const outbox = async () =>
      ((await (await as('/v1/dev/outbox')).json()) as { messages: { to: string; body: string }[] }).messages
        .filter((m) => m.to === lead)
        .map((m) => m.body)
        .reverse(); // newest first on the wire
    const waitFor = (count: number) =>
      eventually(
        async () => {
          const sent = await outbox();
          return sent.length >= count && sent;
        },
        `${count} messages to the lead`,
        10_000,
      );

    expect(
      (
        await as(`/v1/dev/leads/${encodeURIComponent(lead)}/messages`, {
          method: 'POST',
          body: JSON.stringify({ body: "Hi, I'd like to refinance my house" }),
        })
      ).status,
    ).toBe(202);
    expect((await waitFor(1))[0]).toMatch(/When are you hoping to close\?/);
    const before = (await (await as(`/v1/conversations?leadPhone=${encodeURIComponent(lead)}`)).json()) as {
      items: { id: string; revision: string }[];
    };
    expect(before.items).toHaveLength(1);
    await stop(baton);

    baton = await start();
    const after = (await (await as(`/v1/conversations/${before.items[0]!.id}`)).json()) as {
      id: string;
      revision: string;
      driver: string;
    };
    expect(after).toMatchObject({ id: before.items[0]!.id, driver: 'ai' });
    expect(BigInt(after.revision)).toBeGreaterThanOrEqual(BigInt(before.items[0]!.revision));
    expect(
      (
        await as(`/v1/dev/leads/${encodeURIComponent(lead)}/messages`, {
          method: 'POST',
          body: JSON.stringify({ body: 'no rush, maybe in 6 months' }),
        })
      ).status,
    ).toBe(202);
    const sent = await waitFor(2);
    expect(sent[1]).toMatch(/price range or loan amount/); // the next question, not the first one again
    expect(sent[1]).not.toMatch(/You're texting with an AI/); // disclosed once, before the restart
    await stop(baton);
    baton = undefined;
  });
});
