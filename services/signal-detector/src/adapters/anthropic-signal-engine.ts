import Anthropic from '@anthropic-ai/sdk';
import type { Logger } from 'pino';
import { signalKinds, type Detection, type DetectionInput, type SignalEngine, type SignalKind } from '../domain/signal-engine.port';

const tool = {
  name: 'report_signals',
  description: 'Report every handoff signal in the lead\'s latest message, with the exact words that show it.',
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
    },
    required: ['signals'],
  },
};

const system = `You watch an SMS conversation between a sales AI and a lead (mortgage, insurance, real estate or B2B).
For the lead's LATEST message only, report these handoff signals:
- explicit_request: the lead asks for a human (a person, agent, rep, someone real). Not when negated ("I don't need a person yet"), reported ("my wife said talk to a real person") or a mere mention ("my agent is handling the inspection").
- high_intent: a timeline or deadline, a commitment, urgency, or a competitor's offer.
- out_of_confidence: pricing that depends on the lead's specifics, legal, compliance or tax questions, or ground a sales AI was not given.
- sentiment_shift: frustration, confusion or anger rising across the lead's turns (not one mild word).
Report nothing when none applies. Call report_signals exactly once.`;

export interface AnthropicEngineOptions {
  apiKey: string;
  baseURL?: string;
  model?: string;
  timeoutMs?: number;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** The language-model engine: tool-use structured output; any failure is the caller's cue to fall back. */
export class AnthropicSignalEngine implements SignalEngine {
  readonly name = 'anthropic' as const;
  private readonly client: Anthropic;
  private readonly model: string;

  constructor(private readonly options: AnthropicEngineOptions) {
    this.client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs ?? 2500, maxRetries: 0 });
    this.model = options.model ?? 'claude-haiku-4-5';
  }

  async detect({ text, context }: DetectionInput): Promise<Detection[]> {
    const started = Date.now();
    const transcript = context.slice(-8).map((t) => `${t.author.toUpperCase()}: ${t.text}`).join('\n');
    const response = await this.client.messages.create({
      model: this.model,
      max_tokens: 400,
      system,
      tools: [tool],
      tool_choice: { type: 'tool', name: tool.name },
      messages: [{ role: 'user', content: `${transcript ? `Earlier turns:\n${transcript}\n\n` : ''}Latest lead message:\n${text}` }],
    });
    const call = response.content.find((block) => block.type === 'tool_use' && block.name === tool.name);
    if (!call || call.type !== 'tool_use') throw new Error('the model did not report signals');
    const detections = parseSignals(call.input, text);
    this.options.logger.info({ engine: 'anthropic', model: this.model, latencyMs: Date.now() - started, inputTokens: response.usage.input_tokens, outputTokens: response.usage.output_tokens, signals: detections.map((d) => d.signal) }, 'signals detected by model');
    return detections;
  }
}

/** Checks the model's tool input; the evidence must be words of the message, located by their offset. */
export function parseSignals(input: unknown, text: string): Detection[] {
  const signals = (input as { signals?: unknown })?.signals;
  if (!Array.isArray(signals)) throw new Error('report_signals input has no signals array');
  const out: Detection[] = [];
  for (const raw of signals) {
    const s = raw as { signal?: unknown; confidence?: unknown; evidence?: unknown; reason?: unknown };
    if (!signalKinds.includes(s.signal as SignalKind) || typeof s.confidence !== 'number' || typeof s.evidence !== 'string') throw new Error('report_signals item is malformed');
    const start = text.toLowerCase().indexOf(s.evidence.toLowerCase());
    out.push({
      signal: s.signal as SignalKind,
      confidence: Math.max(0, Math.min(1, s.confidence)),
      evidence: start >= 0 ? { text: text.slice(start, start + s.evidence.length), start, end: start + s.evidence.length } : { text, start: 0, end: text.length },
      detector: 'anthropic',
      ...(typeof s.reason === 'string' ? { reason: s.reason } : {}),
    });
  }
  return out;
}
