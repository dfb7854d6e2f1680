import Anthropic from '@anthropic-ai/sdk';
import type { Logger } from 'pino';
import type { BriefInput, CitedFact, ExtractedFields, ListSection, Turn } from '../domain/brief-input';
import { listSections } from '../domain/brief-input';
import type { BriefEngine, EngineDraft } from '../domain/brief-engine.port';
import { chooseNeedsMost } from '../domain/compose';
import { sentimentOf } from '../domain/sentiment';

const item = {
  type: 'object',
  properties: {
    slot: {
      type: 'string',
      description:
        'which part, e.g. credit_score, income, down_payment, current_rate, budget, loan, property, vehicle, seats, roof',
    },
    value: { type: 'string', description: 'the fact, normalised ("$350,000", "748", "by Fri Mar 13")' },
    quote: { type: 'string', description: "the lead's exact words, copied from the message" },
    messageId: { type: 'string', description: 'the id of the lead message the quote is in' },
    urgency: { type: 'string', enum: ['high', 'medium', 'low'] },
  },
  required: ['value', 'quote', 'messageId'],
};
const list = (description: string) => ({ type: 'array', items: item, description });
const tool = {
  name: 'write_brief',
  description:
    'Write the rep brief: every fact the lead stated, each with the exact quote and the message id it came from.',
  input_schema: {
    type: 'object' as const,
    properties: {
      need: list('what the lead wants'),
      timeline: list('intent and timeline with urgency: deadlines, dates, how soon'),
      specifics: list('the property, loan, quote, product, seats, vehicle, roof...'),
      financialProfile: list('self-reported budget, income, credit, down payment, current rate'),
      decisionMakers: list('who else decides or signs off'),
      objections: list('what the lead pushed back on or worries about'),
      competitors: list('other companies, offers or quotes the lead named'),
      contactPreference: list('call or text, and when'),
      needsMost: item,
      name: item,
      email: item,
      referral: item,
      summary: { type: 'string', description: 'at most 120 words, the most useful first, no invented facts' },
      openingLine: { type: 'string', description: "the rep's first line to the lead, showing they read the brief" },
      spokenSummary: {
        type: 'string',
        description: 'at most 60 words, to be read aloud to the rep before a warm transfer',
      },
    },
    required: [
      'need',
      'timeline',
      'specifics',
      'financialProfile',
      'decisionMakers',
      'objections',
      'competitors',
      'contactPreference',
      'summary',
      'openingLine',
    ],
  },
};

const system = `You write briefs for sales reps who take over a conversation from an AI agent. Read the SMS thread.
Report only what the LEAD wrote; never invent or infer facts. Each fact quotes the lead's exact words and names the id of the message they are in.
When the lead corrected themselves ("actually its 748", "closer to 350k"), report only the corrected value.
Relative dates ("in 9 days", "by Friday") are relative to the message's time; give the day in the value.
Call write_brief exactly once.`;

export interface AnthropicBriefEngineOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** The language-model engine: the same structured output through a forced tool call; any failure is the caller's cue to fall back. */
export class AnthropicBriefEngine implements BriefEngine {
  readonly name = 'anthropic' as const;
  private readonly client: Anthropic;

  constructor(private readonly options: AnthropicBriefEngineOptions) {
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: 0,
    });
  }

  async draft(input: BriefInput): Promise<EngineDraft> {
    const started = Date.now();
    const thread = input.turns.map((t) => `[${t.id}] ${t.at} ${t.author.toUpperCase()}: ${t.text}`).join('\n');
    const response = await this.client.messages.create({
      model: this.options.model,
      max_tokens: 2000,
      system,
      tools: [tool],
      tool_choice: { type: 'tool', name: tool.name },
      messages: [
        {
          role: 'user',
          content: `Lead phone ${input.lead.phone}${input.lead.timezone ? `, time zone ${input.lead.timezone}` : ''}.\n\nThread:\n${thread}`,
        },
      ],
    });
    const call = response.content.find((block) => block.type === 'tool_use' && block.name === tool.name);
    if (!call || call.type !== 'tool_use') throw new Error('the model did not write the brief');
    const draft = parseDraft(call.input, input.turns);
    this.options.logger.info(
      {
        engine: 'anthropic',
        model: this.options.model,
        latencyMs: Date.now() - started,
        inputTokens: response.usage.input_tokens,
        outputTokens: response.usage.output_tokens,
      },
      'brief written by model',
    );
    return draft;
  }
}

/**
 * Checks the model's tool input against the thread: a fact whose quote is not in the lead message it names is
 * dropped (the brief cites only what was said), and a draft with no usable shape is refused.
 */
export function parseDraft(raw: unknown, turns: Turn[]): EngineDraft {
  const input = raw as Record<string, unknown>;
  if (!input || typeof input !== 'object' || typeof input.summary !== 'string' || typeof input.openingLine !== 'string')
    throw new Error('write_brief input has no summary or opening line');
  const leads = new Map(turns.filter((t) => t.author === 'lead').map((t) => [t.id, t]));
  const cite = (value: unknown): CitedFact | undefined => {
    const v = value as
      { slot?: unknown; value?: unknown; quote?: unknown; messageId?: unknown; urgency?: unknown } | undefined;
    if (!v || typeof v.value !== 'string' || typeof v.quote !== 'string' || typeof v.messageId !== 'string')
      return undefined;
    const message = leads.get(v.messageId);
    const at = message ? message.text.toLowerCase().indexOf(v.quote.toLowerCase().trim()) : -1;
    if (!message || at < 0 || !v.quote.trim()) return undefined;
    return {
      ...(typeof v.slot === 'string' && v.slot ? { slot: v.slot } : {}),
      value: v.value.slice(0, 300),
      quote: message.text.slice(at, at + v.quote.trim().length),
      messageId: message.id,
      at: message.at,
      ...(v.urgency === 'high' || v.urgency === 'medium' || v.urgency === 'low' ? { urgency: v.urgency } : {}),
    };
  };
  const lists = {} as Record<ListSection, CitedFact[]>;
  for (const section of listSections) {
    const values = input[section];
    if (!Array.isArray(values)) throw new Error(`write_brief input has no ${section} list`);
    lists[section] = values
      .map(cite)
      .filter((f): f is CitedFact => Boolean(f))
      .slice(0, 12);
  }
  const ranks = { high: 3, medium: 2, low: 1 } as const;
  const urgencies = lists.timeline.map((t) => t.urgency).filter((u): u is 'high' | 'medium' | 'low' => Boolean(u));
  const base = {
    ...lists,
    sentiment: sentimentOf(turns),
    urgency: urgencies.length
      ? urgencies.reduce((a, b) => (ranks[b] > ranks[a] ? b : a))
      : lists.timeline.length
        ? ('medium' as const)
        : ('unknown' as const),
  };
  const needsMost = cite(input.needsMost) ?? chooseNeedsMost(base, []);
  const fields: ExtractedFields = {
    ...base,
    ...(needsMost ? { needsMost } : {}),
    ...(cite(input.name) ? { name: cite(input.name)! } : {}),
    ...(cite(input.email) ? { email: cite(input.email)! } : {}),
    ...(cite(input.referral) ? { referral: cite(input.referral)! } : {}),
  };
  return {
    fields,
    summary: input.summary,
    openingLine: input.openingLine,
    ...(typeof input.spokenSummary === 'string' ? { spokenSummary: input.spokenSummary } : {}),
  };
}
