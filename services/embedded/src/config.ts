import { defaultPgliteSharedBuffers } from '@baton/sql';
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
  // PGlite's own default is 128MB, resident once touched; the embedded working set is far smaller.
  BATON_PGLITE_SHARED_BUFFERS: {
    describe: "the embedded database's buffer cache (PostgreSQL shared_buffers), e.g. 16MB",
    parse: (raw: string) => {
      if (!/^[1-9][0-9]*(kB|MB|GB)$/.test(raw)) throw new Error('must be a size such as 16MB or 128MB');
      return raw;
    },
    default: defaultPgliteSharedBuffers,
  },
};

export const readEmbeddedConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(embeddedSettings, env);
