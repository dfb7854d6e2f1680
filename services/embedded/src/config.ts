import { commonSettings, readConfig } from '@baton/service-runtime';

/**
 * The embedded mode's settings: the common ones, but it listens on 127.0.0.1 unless BATON_HOST says
 * otherwise (a laptop's Baton, with its development token, is not for the network it sits on). Services
 * started one per container keep 0.0.0.0.
 */
export const embeddedSettings = {
  ...commonSettings,
  BATON_HOST: {
    ...commonSettings.BATON_HOST,
    describe: 'the address the HTTP server listens on (embedded: 127.0.0.1; 0.0.0.0 for every interface)',
    default: '127.0.0.1',
  },
};

export const readEmbeddedConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(embeddedSettings, env);
