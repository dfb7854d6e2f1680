import { keywordMeaning, type KeywordMeaning } from './keywords';
import type { Channel, Fence, FenceFact } from './send-gate';

/** A lead's text as the gateway took it: what the fence learns from it does not depend on anything else. */
export interface LeadText {
  body: string;
  channel: Channel;
  /** Twilio's own opt-out handling (Advanced Opt-Out): STOP, START or HELP. */
  optOutType?: string;
  /** The id the thread and the fence name the message by. */
  messageId: string;
}

/** What the text means: Twilio's own keyword handling first, else the words. */
export function meaningOf(text: Pick<LeadText, 'body' | 'optOutType'>): KeywordMeaning {
  if (text.optOutType === 'STOP') return 'opt_out';
  if (text.optOutType === 'START') return 'opt_in';
  if (text.optOutType === 'HELP') return 'help';
  return keywordMeaning(text.body);
}

/**
 * What the fence learns from a lead's text: they wrote (a turn answering an earlier message is void), a lead who
 * writes first consents to be answered on that channel, and STOP and START.
 */
export function leadTextFacts(fence: Fence, text: LeadText): FenceFact[] {
  const meaning = meaningOf(text);
  const facts: FenceFact[] = [{ type: 'lead.wrote', messageId: text.messageId }];
  if (meaning !== 'opt_out' && fence.consent[text.channel] === undefined)
    facts.push({ type: 'consent', channel: text.channel, granted: true });
  if (meaning === 'opt_out') facts.push({ type: 'opted-out', channel: 'all' });
  else if (meaning === 'opt_in')
    facts.push({ type: 'opted-in', channel: 'all' }, { type: 'consent', channel: 'sms', granted: true });
  return facts;
}
