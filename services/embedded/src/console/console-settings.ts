import { join } from 'node:path';
import { parse, readConfig } from '@baton/service-runtime';

/** The rep console's settings: where its built files are, and the identity provider it signs in with (OIDC). */
export const consoleSettings = {
  BATON_CONSOLE_DIR: {
    describe: 'the folder of the built console (npm run build:console writes apps/console/dist)',
    parse: parse.string,
    default: join(__dirname, '..', '..', '..', '..', 'apps', 'console', 'dist'),
  },
  BATON_CONSOLE_OIDC_AUTHORITY: {
    describe:
      "the tenant's OpenID Connect issuer the console signs reps in with (authorization code + PKCE), e.g. https://login.example.com/realms/acme",
    parse: parse.url,
  },
  BATON_CONSOLE_OIDC_CLIENT_ID: { describe: "the console's public OIDC client id at that issuer", parse: parse.string },
  BATON_CONSOLE_OIDC_SCOPE: {
    describe:
      'the scopes the console asks for (add offline_access where your provider gives refresh tokens only then: the console renews tokens with them)',
    parse: parse.string,
    default: 'openid profile',
  },
  BATON_CONSOLE_OIDC_TOKEN: {
    describe:
      'which token of the sign-in is the bearer JWT the API checks (id_token or access_token; it must carry sub, tenant and role)',
    parse: (raw: string) => {
      if (raw !== 'id_token' && raw !== 'access_token') throw new Error('must be id_token or access_token');
      return raw;
    },
    default: 'access_token' as 'id_token' | 'access_token',
  },
};
export type ConsoleConfig = ReturnType<typeof readConsoleConfig>;
export const readConsoleConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const config = readConfig(consoleSettings, env);
  if (!!config.BATON_CONSOLE_OIDC_AUTHORITY !== !!config.BATON_CONSOLE_OIDC_CLIENT_ID) {
    throw new Error('BATON_CONSOLE_OIDC_AUTHORITY and BATON_CONSOLE_OIDC_CLIENT_ID go together: set both or neither');
  }
  return config;
};
