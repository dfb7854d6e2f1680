import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { allTopics, buildAsyncApi, eventCatalogue } from './index';

type Doc = {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { action: string; channel: { $ref: string } }>;
  components: { messages: Record<string, { name: string; payload: { properties: Record<string, unknown> } }> };
};
const file = join(__dirname, '..', 'asyncapi.yaml');
const doc = parse(readFileSync(file, 'utf8')) as Doc;

function resolve(ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
}

describe('the checked-in AsyncAPI document', () => {
  it('is AsyncAPI 3 and lists every event of the catalogue with its envelope', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    const listed = Object.values(doc.components.messages).map((m) => m.name);
    expect(listed.sort()).toEqual(eventCatalogue.map((d) => d.type).sort());
    for (const message of Object.values(doc.components.messages)) {
      expect(Object.keys(message.payload.properties)).toEqual(
        expect.arrayContaining(['specversion', 'id', 'type', 'subject', 'tenantid', 'data']),
      );
    }
  });

  it('has a channel for every topic, and every reference resolves', () => {
    expect(
      Object.values(doc.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual([...allTopics].sort());
    for (const channel of Object.values(doc.channels)) {
      for (const message of Object.values(channel.messages)) expect(resolve(message.$ref)).toBeDefined();
    }
    for (const operation of Object.values(doc.operations)) {
      expect(operation.action).toBe('send');
      expect(resolve(operation.channel.$ref)).toBeDefined();
    }
  });

  it('is what the catalogue generates now (run npm run generate:asyncapi after changing an event)', () => {
    expect(stringify(doc, { lineWidth: 0 })).toEqual(stringify(buildAsyncApi(), { lineWidth: 0 }));
  });
});
