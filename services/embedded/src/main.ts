import { commonSettings, readConfig, startServices } from '@baton/service-runtime';
import { allServices } from './platform';

// The whole platform in one process: in-process bus, PGlite under BATON_DATA_DIR, unless the env says otherwise.
async function main(): Promise<void> {
  const config = readConfig(commonSettings);
  const running = await startServices(allServices, { name: 'baton', config });
  const lines = [
    '',
    `Baton is running (${running.connections.bus.adapter} bus, ${running.connections.sql.driver} database, data in ${config.BATON_DATA_DIR})`,
    `  health     ${running.url}/healthz`,
    `  readiness  ${running.url}/readyz`,
    `  metrics    ${running.url}/metrics`,
    `  conversations  ${running.url}/v1/conversations`,
    ...(process.env.TWILIO_ACCOUNT_SID ? [`  Twilio webhooks  ${config.BATON_PUBLIC_URL ?? running.url}/webhooks/twilio/sms`] : [
      `  dev channel    POST ${running.url}/v1/dev/leads/{phone}/messages {"body": "..."}   GET ${running.url}/v1/dev/outbox`,
    ]),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error: Error) => {
  process.stderr.write(`baton failed to start: ${error.message}\n`);
  process.exit(1);
});
