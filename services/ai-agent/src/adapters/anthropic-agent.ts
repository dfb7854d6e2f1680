import Anthropic from '@anthropic-ai/sdk';
import type { Logger } from 'pino';
import { playbookFor } from '../domain/playbooks';
import { sayMoment } from '@baton/lead-time';
import {
  knownAnswers,
  offeredClockTimes,
  offeredTimes,
  scriptedReply,
  type TurnRequest,
} from '../domain/scripted-agent';

const handoffMoves = new Set(['handoff_transition', 'offer_slots', 'confirm_booking']);
/** A disclose_ai turn with a reason is given during a handoff: it says a person is coming and asks nothing. */
const asksNothing = (request: TurnRequest) =>
  handoffMoves.has(request.directive) || (request.directive === 'disclose_ai' && Boolean(request.reason));
// The answer must say it is an AI and must not claim to be a person.
const saysAi = /\b(?:AI|A\.I\.|IA|artificial|automated|assistant|asistente|bot|virtual)\b/i;
const claimsHuman =
  /(?<!\bno\s)\b(?:i'?m|i\s+am|soy)\s+(?:a\s+|una\s+|un\s+)?(?:real\s+)?(?:person|human|persona|humano|humana)\b(?!\s*[,.]?\s*(?:but|pero))/i;

export interface AnthropicAgentOptions {
  apiKey: string;
  baseURL?: string;
  model?: string;
  timeoutMs?: number;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/**
 * The language-model agent: it writes the reply, within the directive. A handoff move that asks a question,
 * an empty or overlong reply, or any API failure falls back to the scripted line, so the directive always holds.
 */
export class AnthropicAgent {
  private readonly client: Anthropic;
  private readonly model: string;

  constructor(private readonly options: AnthropicAgentOptions) {
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 5000,
      maxRetries: 0,
    });
    this.model = options.model ?? 'claude-haiku-4-5';
  }

  async reply(
    request: TurnRequest,
  ): Promise<{ body: string; engine: 'anthropic' | 'scripted'; fallbackReason?: string }> {
    const playbook = playbookFor(request.playbook);
    const known = knownAnswers(playbook, request.transcript);
    const missing = playbook.slots.filter((s) => !known[s.key]).map((s) => s.question);
    const now = request.now ?? new Date().toISOString();
    const identity =
      request.directive === 'disclose_ai'
        ? `The lead asked whether they are talking to a bot. Say truthfully that you are an AI assistant, never that you are a person, in the lead's language. ${
            request.reason
              ? 'A person from the team is already being brought in: say so.'
              : 'Offer to have a person from the team reach out.'
          } `
        : '';
    const rules =
      request.directive === 'offer_slots' && request.offer
        ? `Your directive is offer_slots${request.reason ? ` (the conversation is handed off because: ${request.reason})` : ''}: in one message, offer a quick ${request.offer.minutes}-minute call with ${request.offer.repName.split(' ')[0]} at exactly these times, in these words: ${offeredTimes(request.offer, now)} (the lead's own time). ` +
          'You may end with one short question asking which works; ask nothing else. One or two short sentences.'
        : request.directive === 'confirm_booking' && request.meeting
          ? `Your directive is confirm_booking: the call with ${request.meeting.repName.split(' ')[0]} is ${request.meeting.status} for ${sayMoment(request.meeting.start, request.meeting.leadTimezone, now)} (say that time as written). ` +
            `${request.meeting.leadInvited ? 'The calendar invite was just emailed. ' : ''}${request.meeting.reminderMinutes > 0 ? `A reminder text comes ${request.meeting.reminderMinutes} minutes before. ` : ''}Do not ask any question, not even "anything else?". One or two short sentences.`
          : asksNothing(request)
            ? `${identity}Your directive is ${request.directive}${request.reason ? ` (because: ${request.reason})` : ''}. Do not ask any question. One or two short sentences.`
            : request.directive === 'disclose_ai'
              ? `${identity}One or two short sentences.`
              : `Your directive is ${request.directive}. Ask at most one question, only about something not known yet: ${missing.join(' | ') || 'nothing is missing'}. Never ask again for: ${Object.keys(known).join(', ') || 'nothing'}.`;
    const started = Date.now();
    try {
      const response = await this.client.messages.create({
        model: this.model,
        max_tokens: 200,
        system: `You are a friendly, honest AI assistant texting a sales lead (${playbook.name.replace('_', ' ')}). Plain SMS text, under 300 characters. ${rules}`,
        messages: [
          {
            role: 'user',
            content:
              request.transcript.map((l) => `${l.author.toUpperCase()}: ${l.text}`).join('\n') || '(no messages yet)',
          },
        ],
      });
      const text = response.content
        .filter((b) => b.type === 'text')
        .map((b) => (b as { text: string }).text)
        .join(' ')
        .trim();
      this.options.logger.info(
        {
          engine: 'anthropic',
          latencyMs: Date.now() - started,
          inputTokens: response.usage.input_tokens,
          outputTokens: response.usage.output_tokens,
          directive: request.directive,
        },
        'reply written by model',
      );
      if (!text || text.length > 480) return this.fallback(request, 'the model gave no usable reply');
      const problem = this.outsideDirective(request, text);
      if (problem) return this.fallback(request, problem);
      return { body: text, engine: 'anthropic' };
    } catch (error) {
      return this.fallback(request, (error as Error).message);
    }
  }

  /** Why a reply breaks its directive: a question in a handoff move (but the one "which works?" of an offer), a time left out. */
  private outsideDirective(request: TurnRequest, text: string): string | undefined {
    const questions = (text.match(/\?/g) ?? []).length;
    if (request.directive === 'offer_slots' && request.offer) {
      if (questions > 1) return 'the model asked more than which time works';
      if (offeredClockTimes(request.offer).some((t) => !text.includes(t))) return 'the model left out an offered time';
      return undefined;
    }
    if (asksNothing(request) && questions > 0) return 'the model asked a question during a handoff';
    if (request.directive === 'disclose_ai' && (!saysAi.test(text) || claimsHuman.test(text)))
      return 'the model did not say it is an AI';
    if (
      request.directive === 'confirm_booking' &&
      request.meeting &&
      !text.includes(
        sayMoment(request.meeting.start, request.meeting.leadTimezone, request.now ?? request.meeting.start).split(
          ' at ',
        )[1]!,
      )
    ) {
      return 'the model left out the booked time';
    }
    return undefined;
  }

  private fallback(request: TurnRequest, reason: string) {
    this.options.logger.warn(
      { engine: 'anthropic', reason, directive: request.directive },
      'reply falls back to the script',
    );
    return { body: scriptedReply(request), engine: 'scripted' as const, fallbackReason: reason };
  }
}
