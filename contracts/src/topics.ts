/** Kafka topics. Every topic is keyed by conversationId (baton.audit, whose events are per tenant, by `audit-<tenant>`). */
export const topics = {
  messages: 'baton.messages',
  signals: 'baton.signals',
  conversations: 'baton.conversations',
  outboundCommands: 'baton.commands.outbound',
  conversationCommands: 'baton.commands.conversation',
  briefs: 'baton.briefs',
  scheduling: 'baton.scheduling',
  calls: 'baton.calls',
  audit: 'baton.audit',
} as const;
export type Topic = (typeof topics)[keyof typeof topics];
export const allTopics: readonly Topic[] = Object.values(topics);

/** Where a service puts what it could not accept, with the reason. */
export const deadLetterTopic = (service: string) => `baton.dlq.${service}`;

/** Partitions per topic when Baton provisions topics itself; conversations spread by key hash. */
export const defaultPartitions = 12;
