// Mints a bearer token with the HS256 secret the services share (BATON_JWT_SECRET): for a compose or test install
// without an identity provider. `node -r ./scripts/register.js libs/service-runtime/src/cli/mint-token.ts
// --role admin --tenant default [--subject ops-1] [--hours 12]`; prints the token.
import { parseArgs } from 'node:util';
import { commonSettings, readConfig } from '../config';
import { roles, TokenVerifier, type Role } from '../auth';

export async function mintToken(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' },
      tenant: { type: 'string', default: 'default' },
      subject: { type: 'string' },
      hours: { type: 'string', default: '12' },
    },
    strict: true,
  });
  const role = values.role as Role;
  if (!roles.includes(role)) throw new Error(`--role must be one of ${roles.join(', ')}`);
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) throw new Error('--hours must be from 0 to 720');
  const config = readConfig(commonSettings, env);
  if (config.BATON_JWKS_URL) throw new Error('BATON_JWKS_URL is set: tokens come from your identity provider');
  if (!config.BATON_JWT_SECRET)
    throw new Error('BATON_JWT_SECRET is not set: the services would not accept a token signed with anything else');
  const verifier = TokenVerifier.fromConfig(config);
  return verifier.mint(
    { subject: values.subject ?? `${role}-cli`, tenantId: values.tenant!, role },
    Math.round(hours * 3600),
  );
}

if (require.main === module) {
  mintToken(process.argv.slice(2)).then(
    (token) => process.stdout.write(`${token}\n`),
    (error: Error) => {
      process.stderr.write(`mint-token: ${error.message}\n`);
      process.exit(2);
    },
  );
}
