import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnthropicAgent } from './anthropic-agent';

let server: Server;
let baseURL: string;
let answer: { status: number; text?: string; delayMs?: number };
const bodies: { system: string; messages: { content: string }[] }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      bodies.push(JSON.parse(raw));
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            answer.status === 200
              ? {
                  id: 'msg_1',
                  type: 'message',
                  role: 'assistant',
                  model: 'm',
                  stop_reason: 'end_turn',
                  stop_sequence: null,
                  content: [{ type: 'text', text: answer.text }],
                  usage: { input_tokens: 50, output_tokens: 12 },
                }
              : { type: 'error', error: { type: 'api_error', message: 'boom' } },
          ),
        );
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const logger = { info: () => undefined, warn: () => undefined };
const agent = (timeoutMs = 1000) => new AnthropicAgent({ apiKey: 'k', baseURL, timeoutMs, logger: logger as never });
const transcript = [{ author: 'lead' as const, text: 'I want to refinance, closing in 60 days' }];

describe('the Anthropic agent', () => {
  it('writes the reply and tells the model what not to ask again', async () => {
    answer = { status: 200, text: 'Great! Roughly what loan amount are you thinking?' };
    expect(await agent().reply({ directive: 'qualify', transcript })).toEqual({
      body: 'Great! Roughly what loan amount are you thinking?',
      engine: 'anthropic',
    });
    const sent = bodies[bodies.length - 1]!;
    expect(sent.system).toMatch(/Never ask again for: purpose, timeline/);
    expect(sent.messages[0]!.content).toContain('LEAD: I want to refinance');
  });

  it('answers "are you a bot?" through the model only when it says it is an AI, never a person', async () => {
    answer = { status: 200, text: "I'm an AI assistant. Want me to have someone from the team call you?" };
    const asked = [{ author: 'lead' as const, text: 'am i talking to AI?' }];
    expect(await agent().reply({ directive: 'disclose_ai', transcript: asked })).toMatchObject({
      engine: 'anthropic',
      body: expect.stringMatching(/AI assistant/),
    });
    expect(bodies[bodies.length - 1]!.system).toMatch(/Say truthfully that you are an AI assistant/);
    answer = { status: 200, text: "Haha no, I'm a real person on the team!" };
    expect(await agent().reply({ directive: 'disclose_ai', transcript: asked })).toMatchObject({
      engine: 'scripted',
      fallbackReason: 'the model did not say it is an AI',
      body: expect.stringMatching(/^I'm an AI assistant, not a person/),
    });
    answer = { status: 200, text: "I'm an AI assistant. Should I get you a person?" };
    expect(
      await agent().reply({ directive: 'disclose_ai', reason: 'explicit_request', transcript: asked }),
    ).toMatchObject({
      engine: 'scripted',
      fallbackReason: 'the model asked a question during a handoff',
    });
  });

  it('never lets a handoff move ask a question', async () => {
    answer = { status: 200, text: 'Sure! Before I do, what is your credit score?' };
    const reply = await agent().reply({ directive: 'handoff_transition', reason: 'explicit_request', transcript });
    expect(reply).toMatchObject({
      engine: 'scripted',
      body: 'Of course, let me grab someone for you.',
      fallbackReason: /asked a question/,
    });
  });

  it('falls back to the script on an API error or a timeout', async () => {
    answer = { status: 500 };
    expect((await agent().reply({ directive: 'qualify', transcript })).engine).toBe('scripted');
    answer = { status: 200, text: 'late', delayMs: 500 };
    expect(await agent(100).reply({ directive: 'qualify', transcript })).toMatchObject({
      engine: 'scripted',
      body: expect.stringMatching(/loan amount/),
    });
  });

  describe('offering slots', () => {
    const offer = {
      offerId: 'o1',
      why: 'handoff' as const,
      repName: 'Sarah Lee',
      leadTimezone: 'America/New_York',
      minutes: 15,
      slots: [
        { start: '2026-03-04T15:30:00.000Z', end: '2026-03-04T15:45:00.000Z' },
        { start: '2026-03-04T18:15:00.000Z', end: '2026-03-04T18:30:00.000Z' },
      ],
    };
    const now = '2026-03-03T14:00:00.000Z';
    it('gives the model the times in the lead zone and keeps its wording when both times are there', async () => {
      answer = { status: 200, text: 'Happy to set that up! Sarah has tomorrow at 10:30 or 1:15, which works?' };
      expect(await agent().reply({ directive: 'offer_slots', offer, now, transcript })).toMatchObject({
        engine: 'anthropic',
      });
      expect(bodies[bodies.length - 1]!.system).toContain('tomorrow at 10:30 or 1:15');
    });
    it('falls back when the model leaves a time out or asks more', async () => {
      answer = { status: 200, text: 'Sarah can do tomorrow at 10:30. Does that work?' };
      expect(
        await agent().reply({ directive: 'offer_slots', offer, now, reason: 'high_intent', transcript }),
      ).toMatchObject({
        engine: 'scripted',
        fallbackReason: /left out an offered time/,
        body: "Sounds like you're ready to move. Want to grab a quick 15 minutes with Sarah? I've got tomorrow at 10:30 or 1:15.",
      });
      answer = { status: 200, text: 'Tomorrow at 10:30 or 1:15? And what is your budget?' };
      expect((await agent().reply({ directive: 'offer_slots', offer, now, transcript })).fallbackReason).toMatch(
        /more than which time/,
      );
    });
  });
});
