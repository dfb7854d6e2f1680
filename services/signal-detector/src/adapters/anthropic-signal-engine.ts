import Anthropic from '@anthropic-ai/sdk';
import type { Logger } from 'pino';
import type { SignalJudge } from '../domain/ensemble-signal-engine';
import type { ModelHead } from '../domain/signal-model';
import {
  signalKinds,
  type Detection,
  type DetectionInput,
  type IdentityQuestion,
  type Reading,
  type SignalEngine,
  type SignalKind,
} from '../domain/signal-engine.port';

const tool = {
  name: 'report_signals',
  description: "Report every handoff signal in the lead's latest message, with the exact words that show it.",
  input_schema: {
    type: 'object' as const,
    properties: {
      signals: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            signal: { type: 'string', enum: [...signalKinds] },
            confidence: { type: 'number', minimum: 0, maximum: 1 },
            evidence: { type: 'string', description: 'the exact words of the latest message that show the signal' },
            reason: { type: 'string' },
          },
          required: ['signal', 'confidence', 'evidence'],
        },
      },
      asks_if_ai: {
        type: 'boolean',
        description: 'the latest message asks whether the lead is talking to a bot, an AI or a real person',
      },
      asks_if_ai_evidence: { type: 'string', description: 'the exact words that ask it' },
    },
    required: ['signals'],
  },
};

const system = `You watch an SMS conversation between a sales AI and a lead (mortgage, real estate, insurance, solar, home services, auto or B2B software).
For the lead's LATEST message only, report these handoff signals:
- explicit_request: the lead asks for a human (a person, agent, rep, someone real, a call from one), including a short yes or a time given in answer to the AI offering a person or a call. Not when negated ("I don't need a person yet"), reported ("my wife said talk to a real person"), past ("someone called me yesterday") or a mere mention ("my agent is handling the inspection").
- high_intent: a timeline or deadline, a commitment, urgency, or a competitor's offer.
- out_of_confidence: pricing that depends on the lead's specifics, legal, compliance or tax questions, or ground a sales AI was not given.
- sentiment_shift: frustration, confusion or anger rising across the lead's turns (not one mild word).
Also say (asks_if_ai) whether the lead asks if they are talking to a bot, an AI or a real person; that is not a handoff signal.
Report nothing when none applies. Call report_signals exactly once.`;

export interface AnthropicEngineOptions {
  apiKey: string;
  baseURL?: string;
  model?: string;
  timeoutMs?: number;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/**
 * The language-model engine: tool-use structured output, a latency budget (timeout) and no retries. As the
 * ensemble's judge it is asked about the uncertain signals only; any failure is the caller's cue to keep the model's decision.
 */
export class AnthropicSignalEngine implements SignalEngine, SignalJudge {
  readonly name = 'anthropic' as const;
  private readonly client: Anthropic;
  private readonly model: string;

  constructor(private readonly options: AnthropicEngineOptions) {
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 1500,
      maxRetries: 0,
    });
    this.model = options.model ?? 'claude-haiku-4-5';
  }

  read(input: DetectionInput): Promise<Reading> {
    return this.judge(input, [...signalKinds, 'identity_question']);
  }

  async judge({ text, context }: DetectionInput, heads: ModelHead[]): Promise<Reading> {
    const started = Date.now();
    const transcript = context
      .slice(-8)
      .map((t) => `${t.author.toUpperCase()}: ${t.text}`)
      .join('\n');
    const focus = heads.length < signalKinds.length + 1 ? `\n\nJudge only: ${heads.join(', ')}.` : '';
    const response = await this.client.messages.create({
      model: this.model,
      max_tokens: 400,
      system,
      tools: [tool],
      tool_choice: { type: 'tool', name: tool.name },
      messages: [
        {
          role: 'user',
          content: `${transcript ? `Earlier turns:\n${transcript}\n\n` : ''}Latest lead message:\n${text}${focus}`,
        },
      ],
    });
    const call = response.content.find((block) => block.type === 'tool_use' && block.name === tool.name);
    if (!call || call.type !== 'tool_use') throw new Error('the model did not report signals');
    const reading = parseReading(call.input, text);
    this.options.logger.info(
      {
        engine: 'anthropic',
        model: this.model,
        heads,
        latencyMs: Date.now() - started,
        inputTokens: response.usage.input_tokens,
        outputTokens: response.usage.output_tokens,
        signals: reading.detections.map((d) => d.signal),
        asksIfAi: Boolean(reading.identityQuestion),
      },
      'signals detected by model',
    );
    return reading;
  }
}

/** The tool input as a reading: the signals, and the identity question when the model says it is asked. */
export function parseReading(input: unknown, text: string): Reading {
  const detections = parseSignals(input, text);
  const raw = input as { asks_if_ai?: unknown; asks_if_ai_evidence?: unknown };
  if (raw.asks_if_ai !== true) return { detections };
  const words = typeof raw.asks_if_ai_evidence === 'string' ? raw.asks_if_ai_evidence : '';
  const start = words ? text.toLowerCase().indexOf(words.toLowerCase()) : -1;
  const identityQuestion: IdentityQuestion = {
    confidence: 0.9,
    detector: 'anthropic',
    evidence:
      start >= 0
        ? { text: text.slice(start, start + words.length), start, end: start + words.length }
        : { text, start: 0, end: text.length },
  };
  return { detections, identityQuestion };
}

/** Checks the model's tool input; the evidence must be words of the message, located by their offset. */
export function parseSignals(input: unknown, text: string): Detection[] {
  const signals = (input as { signals?: unknown })?.signals;
  if (!Array.isArray(signals)) throw new Error('report_signals input has no signals array');
  const out: Detection[] = [];
  for (const raw of signals) {
    const s = raw as { signal?: unknown; confidence?: unknown; evidence?: unknown; reason?: unknown };
    if (
      !signalKinds.includes(s.signal as SignalKind) ||
      typeof s.confidence !== 'number' ||
      typeof s.evidence !== 'string'
    )
      throw new Error('report_signals item is malformed');
    const start = text.toLowerCase().indexOf(s.evidence.toLowerCase());
    out.push({
      signal: s.signal as SignalKind,
      confidence: Math.max(0, Math.min(1, s.confidence)),
      evidence:
        start >= 0
          ? { text: text.slice(start, start + s.evidence.length), start, end: start + s.evidence.length }
          : { text, start: 0, end: text.length },
      detector: 'anthropic',
      ...(typeof s.reason === 'string' ? { reason: s.reason } : {}),
    });
  }
  return out;
}
