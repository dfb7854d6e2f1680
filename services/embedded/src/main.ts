import { startServices, writeDevToken } from '@baton/service-runtime';
import { readEmbeddedConfig } from './config';
import { lockDataDir } from './data-dir-lock';
import { allServices } from './platform';
import { consoleService } from './console/console.module';

// The whole platform in one process: in-process bus, PGlite under BATON_DATA_DIR, unless the env says otherwise.
async function main(): Promise<void> {
  const config = readEmbeddedConfig();
  // One process per data dir: a second one would open the same PGlite database.
  await lockDataDir(config.BATON_DATA_DIR, {
    onCompromised: (error) => {
      process.stderr.write(
        `baton: lost the lock on ${config.BATON_DATA_DIR} (${error.message}); stopping before writing more\n`,
      );
      process.exit(1);
    },
  });
  const running = await startServices([...allServices, consoleService], { name: 'baton', config });
  // With no auth configured, an admin token for the default tenant, so the API can be used at once.
  const devToken = running.verifier.development
    ? await writeDevToken(running.verifier, config.BATON_DATA_DIR)
    : undefined;
  const lines = [
    '',
    `Baton is running (${running.connections.bus.adapter} bus, ${running.connections.sql.driver} database, data in ${config.BATON_DATA_DIR})`,
    `  listening on ${config.BATON_HOST} (BATON_HOST; 0.0.0.0 opens it to your network)`,
    `  rep console  ${running.url}/   (lead simulator: ${running.url}/#/simulator)`,
    `  health     ${running.url}/healthz`,
    `  readiness  ${running.url}/readyz`,
    `  metrics    ${running.url}/metrics`,
    `  conversations  ${running.url}/v1/conversations`,
    ...(process.env.TWILIO_ACCOUNT_SID
      ? [`  Twilio webhooks  ${config.BATON_PUBLIC_URL ?? running.url}/webhooks/twilio/sms`]
      : [
          `  dev channel    POST ${running.url}/v1/dev/leads/{phone}/messages {"body": "..."}   GET ${running.url}/v1/dev/outbox`,
        ]),
    ...(devToken
      ? [
          '',
          `  development admin token (also in ${config.BATON_DATA_DIR}/dev-token):`,
          `  Authorization: Bearer ${devToken}`,
        ]
      : []),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error: Error) => {
  process.stderr.write(`baton failed to start: ${error.message}\n`);
  process.exit(1);
});
