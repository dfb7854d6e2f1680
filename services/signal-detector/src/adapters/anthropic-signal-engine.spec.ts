import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnsembleSignalEngine } from '../domain/ensemble-signal-engine';
import { RuleSignalEngine } from '../domain/rule-signal-engine';
import { AnthropicSignalEngine, parseSignals } from './anthropic-signal-engine';

// A local server that speaks the Messages API, with the real SDK pointed at it.
let server: Server;
let baseURL: string;
let reply: (body: { tools?: { name: string }[]; tool_choice?: unknown; messages: { content: string }[] }) => { status: number; json?: unknown; delayMs?: number };
const requests: unknown[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw);
      requests.push({ path: req.url, apiKey: req.headers['x-api-key'] ?? req.headers.authorization, body });
      const answer = reply(body);
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.json ?? {}));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const toolUse = (signals: unknown[]) => ({
  id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', stop_reason: 'tool_use', stop_sequence: null,
  content: [{ type: 'tool_use', id: 'toolu_1', name: 'report_signals', input: { signals } }],
  usage: { input_tokens: 321, output_tokens: 45 },
});
const logs: { obj: unknown; msg: string }[] = [];
const logger = { info: (obj: unknown, msg: string) => logs.push({ obj, msg }), warn: (obj: unknown, msg: string) => logs.push({ obj, msg }) };
const model = (timeoutMs = 1000) => new AnthropicSignalEngine({ apiKey: 'test-key', baseURL, timeoutMs, logger: logger as never });

describe('the Anthropic engine', () => {
  it('asks through a forced tool call and reads the signals, with their evidence located in the message', async () => {
    reply = () => ({ status: 200, json: toolUse([{ signal: 'high_intent', confidence: 0.9, evidence: 'renewal is Friday', reason: 'deadline' }]) });
    const found = await model().detect({ text: 'Our renewal is Friday.', context: [{ author: 'ai', text: 'When does your policy renew?' }] });
    expect(found).toEqual([{ signal: 'high_intent', confidence: 0.9, evidence: { text: 'renewal is Friday', start: 4, end: 21 }, detector: 'anthropic', reason: 'deadline' }]);
    const sent = requests[requests.length - 1] as { path: string; apiKey: string; body: { tool_choice: unknown; messages: { content: string }[] } };
    expect(sent.path).toBe('/v1/messages');
    expect(sent.apiKey).toMatch(/test-key/);
    expect(sent.body.tool_choice).toEqual({ type: 'tool', name: 'report_signals' });
    expect(sent.body.messages[0]!.content).toContain('AI: When does your policy renew?');
    expect(logs.find((l) => l.msg === 'signals detected by model')?.obj).toMatchObject({ inputTokens: 321, outputTokens: 45 });
  });

  it('refuses a malformed tool input', () => {
    expect(() => parseSignals({ signals: [{ signal: 'vibes', confidence: 1, evidence: 'x' }] }, 'x')).toThrow(/malformed/);
    expect(() => parseSignals({}, 'x')).toThrow(/no signals/);
  });
});

describe('the ensemble', () => {
  const rules = new RuleSignalEngine();

  it('adds what the model found to what the rules found', async () => {
    reply = () => ({ status: 200, json: toolUse([{ signal: 'out_of_confidence', confidence: 0.8, evidence: 'escrow' }]) });
    const result = await new EnsembleSignalEngine(rules, model()).decide({ text: 'can I talk to a person about escrow', context: [] });
    expect(result.engine).toBe('ensemble');
    expect(result.detections.map((d) => d.signal).sort()).toEqual(['explicit_request', 'out_of_confidence']);
  });

  it('never lets the model suppress an explicit request the rules found', async () => {
    reply = () => ({ status: 200, json: toolUse([]) });
    const result = await new EnsembleSignalEngine(rules, model()).decide({ text: 'get me a human now', context: [] });
    expect(result.detections.map((d) => d.signal)).toContain('explicit_request');
  });

  it('falls back to the rules when the model times out', async () => {
    reply = () => ({ status: 200, json: toolUse([]), delayMs: 600 });
    const result = await new EnsembleSignalEngine(rules, model(150)).decide({ text: 'talk to a real person please', context: [] });
    expect(result).toMatchObject({ engine: 'rules', fallbackReason: expect.stringMatching(/time/i) });
    expect(result.detections.map((d) => d.signal)).toEqual(['explicit_request']);
  });

  it('falls back to the rules when the API answers an error or garbage', async () => {
    reply = () => ({ status: 529, json: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    expect((await new EnsembleSignalEngine(rules, model()).decide({ text: 'hi', context: [] })).engine).toBe('rules');
    reply = () => ({ status: 200, json: { ...toolUse([]), content: [{ type: 'text', text: 'no tool' }] } });
    expect(await new EnsembleSignalEngine(rules, model()).decide({ text: 'hi', context: [] })).toMatchObject({ engine: 'rules', fallbackReason: 'the model did not report signals' });
  });
});
