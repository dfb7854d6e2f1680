import 'reflect-metadata';
import { Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { isIP, type AddressInfo } from 'node:net';
import express from 'express';
import { LoggerModule, Logger as NestPinoLogger } from 'nestjs-pino';
import { definitionFor, parseCatalogued } from '@baton/contracts';
import { BatonTransport } from './baton-transport';
import { commonSettings, readConfig, type CommonConfig } from './config';
import { openConnections, type Connections } from './connections';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { Readiness, RuntimeModule } from './runtime.module';
import { ProblemFilter } from './problem.filter';
import { TokenVerifier } from './auth';
import { systemClock, type Clock } from './clock';

export interface ServiceDefinition {
  /** The service name: its logs, its consumer group, its dead-letter topic. */
  name: string;
  modules: Type[];
  /** Whether the service owns event-store streams, or reads them (the audit's replay). */
  eventStore?: boolean;
}

export interface RunningService {
  app: INestApplication;
  verifier: TokenVerifier;
  url: string;
  connections: Connections;
  logger: Logger;
  readiness: Readiness;
  /** Readiness fails first, then in-flight deliveries finish and are committed, then connections close. */
  stop(): Promise<void>;
}

/**
 * Boots one or several Baton services in this process: config checked at start-up, connections opened,
 * the Nest app with the event transport and the operations endpoints, and a clean SIGTERM.
 */
export interface StartOptions {
  name?: string;
  /** The environment services read their settings from (default process.env). */
  env?: NodeJS.ProcessEnv;
  config?: CommonConfig;
  clock?: Clock;
  handleSignals?: boolean;
}

export async function startServices(
  services: ServiceDefinition[],
  options: StartOptions = {},
): Promise<RunningService> {
  const name = options.name ?? services.map((s) => s.name).join('+');
  const env = options.env ?? process.env;
  const config = options.config ?? readConfig(commonSettings, env);
  const logger = createLogger(name, config.LOG_LEVEL);
  const connections = await openConnections(config, { clientId: name, eventStore: services.some((s) => s.eventStore) });
  const metrics = new Metrics();
  metrics.watchDatabase(connections.sql);
  const readiness = new Readiness(connections);
  const verifier = TokenVerifier.fromConfig(config);
  if (verifier.development)
    logger.warn(
      { dataDir: config.BATON_DATA_DIR },
      'no BATON_JWT_SECRET or BATON_JWKS_URL: using a development secret kept in the data dir',
    );

  @Module({
    imports: [
      LoggerModule.forRoot({
        pinoHttp: {
          logger,
          autoLogging: { ignore: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? '') },
          quietReqLogger: true,
        },
      }),
      RuntimeModule.forRoot({
        connections,
        logger,
        readiness,
        metrics,
        verifier,
        clock: options.clock ?? systemClock,
        env,
      }),
      ...services.flatMap((s) => s.modules),
    ],
  })
  class ServiceRootModule {}

  // Routes match case-sensitively: /V1/... is not /v1/... (set before any route is registered).
  const server = express();
  server.set('case sensitive routing', true);
  const app = await NestFactory.create<NestExpressApplication>(ServiceRootModule, new ExpressAdapter(server), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(NestPinoLogger));
  app.useGlobalFilters(new ProblemFilter(logger));
  // Bodies: JSON for the API, flat urlencoded forms for provider webhooks (`Body[a]=1` stays a key named
  // "Body[a]", never an object), both capped; a body over the cap is a 413 problem, a charset other than
  // UTF-8 a 415 (ProblemFilter). Which type a route takes is checked by ValidBody / ValidForm.
  app.useBodyParser('json', { limit: requestBodyLimit });
  app.useBodyParser('urlencoded', { extended: false, limit: requestBodyLimit, parameterLimit: 200 });
  const transport = new BatonTransport({
    bus: connections.bus,
    sql: connections.sql,
    logger,
    parse: parseCatalogued,
    topicOf: (type) => definitionFor(type)?.topic,
    onOutcome: (group, outcome, topic) => metrics.consumed.inc({ service: group, outcome, topic }),
  });
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  // The consumers start here, before listen() runs the modules' init hooks (a hybrid app's order): an event may
  // meet a table its service has not created yet, and waits for it (isPermanentSqlError), never dead-lettered.
  // Running app.init() first instead would start every onApplicationBootstrap worker (the gateway's sweeper)
  // before the consumers have caught up, which the crash suite showed to lose an AI reply after a restart.
  await app.startAllMicroservices();
  readiness.attach(transport);
  await app.listen(config.BATON_PORT, config.BATON_HOST);
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://${reachableHost(address.address)}:${address.port}`;
  logger.info(
    {
      url,
      host: address.address,
      pid: process.pid,
      bus: connections.bus.adapter,
      database: connections.sql.driver,
      store: connections.eventStore?.adapter,
    },
    'service started',
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      readiness.drain();
      logger.info({ delayMs: config.BATON_SHUTDOWN_DELAY_MS }, 'shutting down');
      await new Promise((r) => setTimeout(r, config.BATON_SHUTDOWN_DELAY_MS));
      await app.close(); // stops consumers gracefully: in-flight deliveries finish, offsets are committed
      await connections.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  if (options.handleSignals !== false) {
    let signals = 0;
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        // A second signal (a second Ctrl-C) means now; so does a shutdown that hangs past its deadline.
        if (++signals > 1) {
          logger.warn({ signal }, 'second signal: exiting now');
          process.exit(1);
        }
        const deadline = setTimeout(() => {
          logger.error({ deadlineMs: shutdownDeadlineMs }, 'shutdown did not finish in time: exiting');
          process.exit(1);
        }, config.BATON_SHUTDOWN_DELAY_MS + shutdownDeadlineMs);
        deadline.unref();
        void stop().then(
          () => process.exit(0),
          (error) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
  }
  return { app, url, connections, logger, readiness, verifier, stop };
}

/** The largest request body any route takes (JSON or a webhook's form): a bigger one is a 413 problem. */
export const requestBodyLimit = '100kb';
/** How long a shutdown may take after the drain delay before the process exits anyway. */
const shutdownDeadlineMs = 30_000;

/** Where a client on this machine reaches a server listening on `host` (every interface means loopback). */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return isIP(host) === 6 ? `[${host}]` : host;
}

/** main.ts of a service: start it, or print why the config is wrong and exit 1. */
export function runService(definition: ServiceDefinition): void {
  startServices([definition], { name: definition.name }).catch((error: Error) => {
    process.stderr.write(`${definition.name} failed to start: ${error.message}\n`);
    process.exit(1);
  });
}
