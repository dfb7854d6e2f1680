import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultEnsembleSettings, EnsembleSignalEngine } from '../domain/ensemble-signal-engine';
import { RuleSignalEngine } from '../domain/rule-signal-engine';
import { modelHeads, type ModelHead } from '../domain/signal-model';
import { AnthropicSignalEngine, parseSignals } from './anthropic-signal-engine';

// A local server that speaks the Messages API, with the real SDK pointed at it.
let server: Server;
let baseURL: string;
let reply: (body: { tools?: { name: string }[]; tool_choice?: unknown; messages: { content: string }[] }) => {
  status: number;
  json?: unknown;
  delayMs?: number;
};
const requests: { path?: string; apiKey?: unknown; body: { tool_choice: unknown; messages: { content: string }[] } }[] =
  [];

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
beforeEach(() => {
  requests.length = 0;
});

const toolUse = (signals: unknown[], extra: Record<string, unknown> = {}) => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5',
  stop_reason: 'tool_use',
  stop_sequence: null,
  content: [{ type: 'tool_use', id: 'toolu_1', name: 'report_signals', input: { signals, ...extra } }],
  usage: { input_tokens: 321, output_tokens: 45 },
});
const logs: { obj: unknown; msg: string }[] = [];
const logger = {
  info: (obj: unknown, msg: string) => logs.push({ obj, msg }),
  warn: (obj: unknown, msg: string) => logs.push({ obj, msg }),
};
const judge = (timeoutMs = 1000) =>
  new AnthropicSignalEngine({ apiKey: 'test-key', baseURL, timeoutMs, logger: logger as never });

describe('the Anthropic engine', () => {
  it('asks through a forced tool call and reads the signals and the identity question, with their evidence located in the message', async () => {
    reply = () => ({
      status: 200,
      json: toolUse([{ signal: 'high_intent', confidence: 0.9, evidence: 'renewal is Friday', reason: 'deadline' }], {
        asks_if_ai: true,
        asks_if_ai_evidence: 'are you a bot',
      }),
    });
    const found = await judge().read({
      text: 'Our renewal is Friday. are you a bot?',
      context: [{ author: 'ai', text: 'When does your policy renew?' }],
    });
    expect(found.detections).toEqual([
      {
        signal: 'high_intent',
        confidence: 0.9,
        evidence: { text: 'renewal is Friday', start: 4, end: 21 },
        detector: 'anthropic',
        reason: 'deadline',
      },
    ]);
    expect(found.identityQuestion).toMatchObject({
      detector: 'anthropic',
      evidence: { text: 'are you a bot', start: 23, end: 36 },
    });
    const sent = requests[requests.length - 1]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.apiKey).toMatch(/test-key/);
    expect(sent.body.tool_choice).toEqual({ type: 'tool', name: 'report_signals' });
    expect(sent.body.messages[0]!.content).toContain('AI: When does your policy renew?');
    expect(sent.body.messages[0]!.content).not.toContain('Judge only');
    expect(logs.find((l) => l.msg === 'signals detected by model')?.obj).toMatchObject({
      inputTokens: 321,
      outputTokens: 45,
    });
  });

  it('is asked about the uncertain signals only when it judges for the ensemble', async () => {
    reply = () => ({ status: 200, json: toolUse([]) });
    await judge().judge({ text: 'hmm ok', context: [] }, ['sentiment_shift']);
    expect(requests[0]!.body.messages[0]!.content).toMatch(/Judge only: sentiment_shift\.$/);
  });

  it('refuses a malformed tool input', () => {
    expect(() => parseSignals({ signals: [{ signal: 'vibes', confidence: 1, evidence: 'x' }] }, 'x')).toThrow(
      /malformed/,
    );
    expect(() => parseSignals({}, 'x')).toThrow(/no signals/);
  });
});

// The ensemble with a stand-in model whose probabilities the test sets, so precedence is what is tested.
const scores = (set: Partial<Record<ModelHead, number>> = {}) =>
  ({ ...Object.fromEntries(modelHeads.map((h) => [h, 0.01])), ...set }) as Record<ModelHead, number>;
const thresholds = Object.fromEntries(modelHeads.map((h) => [h, 0.5])) as Record<ModelHead, number>;
const ensemble = (probabilities: Record<ModelHead, number>, withJudge = true, timeoutMs = 1000) =>
  new EnsembleSignalEngine({
    rules: new RuleSignalEngine(),
    model: { score: () => probabilities },
    settings: defaultEnsembleSettings(thresholds),
    judge: withJudge ? judge(timeoutMs) : undefined,
  });

describe('the ensemble: rules, then the model, then Anthropic for the uncertain band', () => {
  it('lets an explicit request the rules are sure of stand, whatever the model and the judge say, and asks the judge nothing', async () => {
    reply = () => ({ status: 200, json: toolUse([]) });
    const result = await ensemble(scores({ explicit_request: 0.0 })).decide({
      text: 'get me a human now',
      context: [],
    });
    expect(result.detections).toEqual([expect.objectContaining({ signal: 'explicit_request', detector: 'rules' })]);
    expect(requests).toHaveLength(0);
  });

  it('keeps an explicit request the rules are sure of standing whatever sure-levels a model card carries', () => {
    const settings = defaultEnsembleSettings(thresholds, {
      explicit_request: 0.99,
      high_intent: 0.6,
      out_of_confidence: 0.6,
      sentiment_shift: 0.6,
    });
    expect(settings.rulesSureAt).toEqual({
      explicit_request: 0.85,
      high_intent: 0.6,
      out_of_confidence: 0.6,
      sentiment_shift: 0.6,
    });
  });

  it("lets the model decide what the rules are not sure of, on the policy's scale", async () => {
    const result = await ensemble(scores({ high_intent: 0.95, out_of_confidence: 0.2 }), false).decide({
      text: 'so about the house thing',
      context: [],
    });
    expect(result).toMatchObject({ engine: 'model', detections: [{ signal: 'high_intent', detector: 'model' }] });
    expect(result.detections[0]!.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it('asks the judge about the uncertain band only, and records that it decided', async () => {
    reply = () => ({
      status: 200,
      json: toolUse([
        { signal: 'sentiment_shift', confidence: 0.8, evidence: 'wow' },
        { signal: 'high_intent', confidence: 0.9, evidence: 'wow' },
      ]),
    });
    const result = await ensemble(scores({ sentiment_shift: 0.45, high_intent: 0.02 })).decide({
      text: 'wow this is going just great',
      context: [],
    });
    expect(requests[0]!.body.messages[0]!.content).toMatch(/Judge only: sentiment_shift\.$/);
    expect(result.engine).toBe('anthropic');
    // high_intent was not uncertain: the judge's word on it is not taken
    expect(result.detections.map((d) => `${d.signal}:${d.detector}`)).toEqual(['sentiment_shift:anthropic']);
  });

  it("drops the model's tentative signal when the judge says no", async () => {
    reply = () => ({ status: 200, json: toolUse([]) });
    const result = await ensemble(scores({ high_intent: 0.6 })).decide({
      text: 'maybe we look at it soon',
      context: [],
    });
    expect(result).toMatchObject({ engine: 'anthropic', detections: [] });
  });

  it("keeps the model's decision when the judge is over its latency budget or broken", async () => {
    reply = () => ({ status: 200, json: toolUse([]), delayMs: 600 });
    const late = await ensemble(scores({ high_intent: 0.6 }), true, 150).decide({
      text: 'maybe we look at it soon',
      context: [],
    });
    expect(late).toMatchObject({
      engine: 'model',
      fallbackReason: expect.stringMatching(/time/i),
      detections: [{ signal: 'high_intent', detector: 'model' }],
    });
    reply = () => ({
      status: 529,
      json: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    });
    expect(
      await ensemble(scores({ high_intent: 0.6 })).decide({ text: 'maybe we look at it soon', context: [] }),
    ).toMatchObject({ engine: 'model', fallbackReason: expect.any(String) });
    reply = () => ({ status: 200, json: { ...toolUse([]), content: [{ type: 'text', text: 'no tool' }] } });
    expect(
      await ensemble(scores({ high_intent: 0.6 })).decide({ text: 'maybe we look at it soon', context: [] }),
    ).toMatchObject({ fallbackReason: 'the model did not report signals' });
  });

  it('never brings back a request the rules set aside (negated), however sure the model is', async () => {
    const text = "i don't need to talk to a person yet";
    expect((await ensemble(scores({ explicit_request: 0.8 }), false).decide({ text, context: [] })).detections).toEqual(
      [],
    );
    // out of family the model scores "dont have anyone call me" as a request at 0.97: a request hands off at once
    expect(
      (await ensemble(scores({ explicit_request: 0.99 }), false).decide({ text, context: [] })).detections,
    ).toEqual([]);
  });

  it('never lets the model alone hand off on a one-word reply, or on a request with no word for a person in it', async () => {
    const sure = scores({ explicit_request: 0.99, high_intent: 0.99 });
    expect(
      (
        await ensemble(sure, false).decide({
          text: 'financing',
          context: [{ author: 'ai', text: 'Cash or financing?' }],
        })
      ).detections,
    ).toEqual([]);
    // the same reply to an offer of a person is what a request looks like
    expect(
      (
        await ensemble(sure, false).decide({
          text: 'sure',
          context: [{ author: 'ai', text: 'Want me to have an agent call you?' }],
        })
      ).detections.map((d) => d.signal),
    ).toContain('explicit_request');
    expect(
      (await ensemble(sure, false).decide({ text: 'the water heater is leaking again', context: [] })).detections.map(
        (d) => d.signal,
      ),
    ).toEqual(['high_intent']);
  });

  it('reports the identity question from the rules, or from the model above its threshold', async () => {
    expect((await ensemble(scores(), false).decide({ text: 'r u a bot', context: [] })).identityQuestion).toMatchObject(
      { detector: 'rules' },
    );
    expect(
      (await ensemble(scores({ identity_question: 0.9 }), false).decide({ text: 'u real or nah', context: [] }))
        .identityQuestion,
    ).toMatchObject({ detector: 'model', language: 'en' });
    expect(
      (await ensemble(scores({ identity_question: 0.1 }), false).decide({ text: 'u real or nah', context: [] }))
        .identityQuestion,
    ).toBeUndefined();
  });
});
