import { eventCatalogue } from './catalogue';
import { allTopics, type Topic } from './topics';

const producers: Record<Topic, string> = {
  'baton.messages': 'channel-gateway',
  'baton.signals': 'signal-detector',
  'baton.conversations': 'conversation-state (relayed from the event store)',
  'baton.commands.outbound': 'ai-agent, scheduling, the HTTP API (reps), conversation-state (system lines)',
  'baton.commands.conversation': 'the HTTP API (reps, supervisors)',
  'baton.briefs': 'briefing',
  'baton.scheduling': 'scheduling',
  'baton.calls': 'channel-gateway',
  'baton.audit': 'audit',
};

const messageName = (type: string) =>
  type.replace(/^baton\./, '').replace(/[.-](\w)/g, (_, c: string) => c.toUpperCase());
const channelName = (topic: string) => topic.replace(/^baton\./, '').replace(/\./g, '-');

/** The AsyncAPI 3 document a CRM developer reads: every topic, every event, its full CloudEvents envelope. */
export function buildAsyncApi(): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  for (const definition of eventCatalogue) {
    messages[messageName(definition.type)] = {
      name: definition.type,
      title: definition.type,
      summary: definition.description,
      contentType: 'application/cloudevents+json',
      payload: JSON.parse(JSON.stringify(definition.schema)),
      bindings: {
        kafka: {
          key: {
            type: 'string',
            description: 'conversationId (the envelope subject): one conversation stays in order',
          },
          bindingVersion: '0.5.0',
        },
      },
    };
  }
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const topic of allTopics) {
    const name = channelName(topic);
    const onTopic = eventCatalogue.filter((d) => d.topic === topic).map((d) => messageName(d.type));
    channels[name] = {
      address: topic,
      description: `Produced by ${producers[topic]}. Keyed by conversationId.`,
      messages: Object.fromEntries(onTopic.map((m) => [m, { $ref: `#/components/messages/${m}` }])),
    };
    operations[`publish-${name}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${name}` },
      summary: `${producers[topic]} publishes to ${topic}`,
      messages: onTopic.map((m) => ({ $ref: `#/channels/${name}/messages/${m}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Baton events',
      version: '1.0.0',
      description:
        'Every event Baton services exchange, as CloudEvents 1.0 (structured JSON). Types carry their major version; a breaking change is a new type. Invalid events go to baton.dlq.<service> with the reason.',
    },
    defaultContentType: 'application/cloudevents+json',
    servers: { kafka: { host: 'kafka:9092', protocol: 'kafka', description: 'your Kafka cluster' } },
    channels,
    operations,
    components: { messages },
  };
}
