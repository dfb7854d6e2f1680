import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BriefInput } from '../domain/brief-input';
import { ExtractiveBriefEngine } from '../domain/extractive-engine';
import { AnthropicBriefEngine, parseDraft } from './anthropic-brief-engine';
import { FallbackBriefEngine } from './brief-engines';

// A local server that speaks the Messages API, with the real SDK pointed at it.
let server: Server;
let baseURL: string;
let reply: () => { status: number; json?: unknown; delayMs?: number };
const requests: {
  path?: string;
  apiKey?: string;
  body: { tool_choice: unknown; tools: { name: string }[]; messages: { content: string }[] };
}[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      requests.push({
        path: req.url,
        apiKey: String(req.headers['x-api-key'] ?? req.headers.authorization),
        body: JSON.parse(raw),
      });
      const answer = reply();
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.json ?? {}));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const input: BriefInput = {
  conversationId: 'c-1',
  lead: { phone: '+15125550100', timezone: 'America/Chicago' },
  source: { channel: 'sms' },
  reQuestions: [],
  turns: [
    { id: 'm1', author: 'lead', text: "Hi, I'm looking to refinance, credit is 720", at: '2026-03-02T15:00:00Z' },
    { id: 'm2', author: 'lead', text: 'actually its 748', at: '2026-03-02T15:01:00Z' },
  ],
};
const empty = {
  need: [],
  timeline: [],
  specifics: [],
  financialProfile: [],
  decisionMakers: [],
  objections: [],
  competitors: [],
  contactPreference: [],
};
const toolUse = (brief: Record<string, unknown>) => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5',
  stop_reason: 'tool_use',
  stop_sequence: null,
  content: [{ type: 'tool_use', id: 'toolu_1', name: 'write_brief', input: brief }],
  usage: { input_tokens: 500, output_tokens: 200 },
});
const logs: string[] = [];
const logger = { info: (_: unknown, msg: string) => logs.push(msg), warn: (_: unknown, msg: string) => logs.push(msg) };
const model = (timeoutMs = 1000) =>
  new AnthropicBriefEngine({
    apiKey: 'test-key',
    baseURL,
    model: 'claude-haiku-4-5',
    timeoutMs,
    logger: logger as never,
  });

describe('the Anthropic brief engine', () => {
  it('asks through a forced tool call and keeps only facts quoted from the lead message they cite', async () => {
    reply = () => ({
      status: 200,
      json: toolUse({
        ...empty,
        need: [{ value: 'refinance', quote: 'looking to refinance', messageId: 'm1' }],
        financialProfile: [
          { slot: 'credit_score', value: '748', quote: 'ACTUALLY its 748', messageId: 'm2' },
          { slot: 'income', value: '$200,000', quote: 'makes 200k', messageId: 'm2' },
        ],
        summary: 'Wants to refinance; credit 748 (corrected).',
        openingLine: 'Hey, I saw you want to refinance.',
      }),
    });
    const { fields, summary } = await model().draft(input);
    const sent = requests[requests.length - 1]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.apiKey).toMatch(/test-key/);
    expect(sent.body.tool_choice).toEqual({ type: 'tool', name: 'write_brief' });
    expect(sent.body.messages[0]!.content).toContain('[m2] 2026-03-02T15:01:00Z LEAD: actually its 748');
    expect(fields.financialProfile).toEqual([
      { slot: 'credit_score', value: '748', quote: 'actually its 748', messageId: 'm2', at: '2026-03-02T15:01:00Z' },
    ]);
    expect(fields.need[0]).toMatchObject({ quote: 'looking to refinance', messageId: 'm1' });
    expect(summary).toBe('Wants to refinance; credit 748 (corrected).');
    expect(logs).toContain('brief written by model');
  });

  it('refuses a tool input without its shape', () => {
    expect(() => parseDraft({ ...empty, openingLine: 'hi' }, input.turns)).toThrow(/summary/);
    expect(() => parseDraft({ summary: 's', openingLine: 'o' }, input.turns)).toThrow(/need list/);
  });
});

describe('the engine with its fallback', () => {
  const offline = new ExtractiveBriefEngine();

  it('falls back to the offline engine when the model times out', async () => {
    reply = () => ({ status: 200, json: toolUse({ ...empty, summary: 's', openingLine: 'o' }), delayMs: 600 });
    const written = await new FallbackBriefEngine(offline, model(150)).write(input);
    expect(written).toMatchObject({ engine: 'extractive', fallbackReason: expect.stringMatching(/time/i) });
    expect(written.draft.fields.financialProfile).toEqual([
      expect.objectContaining({ slot: 'credit_score', value: '748' }),
    ]);
  });

  it('falls back when the API answers an error or no tool call', async () => {
    reply = () => ({
      status: 529,
      json: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    });
    expect((await new FallbackBriefEngine(offline, model()).write(input)).engine).toBe('extractive');
    reply = () => ({ status: 200, json: { ...toolUse({}), content: [{ type: 'text', text: 'no tool' }] } });
    expect(await new FallbackBriefEngine(offline, model()).write(input)).toMatchObject({
      engine: 'extractive',
      fallbackReason: 'the model did not write the brief',
    });
  });

  it('uses the model when it answers', async () => {
    reply = () => ({ status: 200, json: toolUse({ ...empty, summary: 'From the model.', openingLine: 'Hey there.' }) });
    const written = await new FallbackBriefEngine(offline, model()).write(input);
    expect(written).toMatchObject({ engine: 'anthropic', draft: { summary: 'From the model.' } });
  });
});
