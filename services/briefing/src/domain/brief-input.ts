import type {
  Author,
  Brief,
  BriefFields,
  Channel,
  CitedFact,
  Detection,
  HandoffMode,
  RequestionedField,
} from '@baton/contracts';

export type { Brief, BriefFields, CitedFact, RequestionedField };

/** One message of the thread, as the brief reads it. */
export interface Turn {
  id: string;
  author: Author;
  text: string;
  /** when it was sent or received (RFC 3339): relative dates ("in 9 days") count from here */
  at: string;
  repId?: string;
}

/** Why the brief exists: a handoff's signals, or a rep who took over without one. */
export interface HandoffFacts {
  cause: 'signals' | 'rep_took_over';
  mode?: HandoffMode;
  triggeredAt?: string;
  messageId?: string;
  signals: Detection[];
}

export interface RepFacts {
  repId: string;
  name?: string;
  email?: string;
  phone?: string;
  timezone?: string;
}
export interface MeetingFacts {
  meetingId: string;
  start: string;
  end?: string;
}

/** Everything a brief is built from: the conversation's messages and facts. Nothing else (no clock, no I/O). */
export interface BriefInput {
  conversationId: string;
  lead: { phone: string; name?: string; timezone?: string; state?: string };
  source: { channel?: Channel; batonNumber?: string };
  turns: Turn[];
  handoff?: HandoffFacts;
  rep?: RepFacts;
  meeting?: MeetingFacts;
  reQuestions: RequestionedField[];
}

/** The facts an engine extracts from the turns; the rest of the brief comes from the conversation's events. */
export type ExtractedFields = Pick<
  BriefFields,
  | 'need'
  | 'timeline'
  | 'urgency'
  | 'specifics'
  | 'financialProfile'
  | 'decisionMakers'
  | 'objections'
  | 'competitors'
  | 'contactPreference'
  | 'sentiment'
  | 'needsMost'
> & { name?: CitedFact; email?: CitedFact; referral?: CitedFact };

export type ListSection =
  | 'need'
  | 'timeline'
  | 'specifics'
  | 'financialProfile'
  | 'decisionMakers'
  | 'objections'
  | 'competitors'
  | 'contactPreference';
export const listSections: ListSection[] = [
  'need',
  'timeline',
  'specifics',
  'financialProfile',
  'decisionMakers',
  'objections',
  'competitors',
  'contactPreference',
];

/** The lead's zone: given, or the conversation's default. */
export const zoneOf = (input: Pick<BriefInput, 'lead'>) => input.lead.timezone ?? 'America/New_York';
