// Writes contracts/asyncapi.yaml from the event catalogue. Run after changing an event: npm run generate:asyncapi
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildAsyncApi } from '@baton/contracts';

export const asyncApiPath = join(__dirname, '..', 'contracts', 'asyncapi.yaml');
const header = '# Generated from contracts/src by `npm run generate:asyncapi`; do not edit by hand.\n';
writeFileSync(asyncApiPath, header + stringify(buildAsyncApi(), { aliasDuplicateObjects: false, lineWidth: 0 }));
console.log(`wrote ${asyncApiPath}`);
