import 'reflect-metadata';
import { Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
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
export async function startServices(services: ServiceDefinition[], options: { name?: string; config?: CommonConfig; handleSignals?: boolean } = {}): Promise<RunningService> {
  const name = options.name ?? services.map((s) => s.name).join('+');
  const config = options.config ?? readConfig(commonSettings);
  const logger = createLogger(name, config.LOG_LEVEL);
  const connections = await openConnections(config, { clientId: name, eventStore: services.some((s) => s.eventStore) });
  const metrics = new Metrics();
  metrics.watchDatabase(connections.sql);
  const readiness = new Readiness(connections);
  const verifier = TokenVerifier.fromConfig(config);
  if (verifier.development) logger.warn({ dataDir: config.BATON_DATA_DIR }, 'no BATON_JWT_SECRET or BATON_JWKS_URL: using a development secret kept in the data dir');

  @Module({
    imports: [
      LoggerModule.forRoot({
        pinoHttp: { logger, autoLogging: { ignore: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? '') }, quietReqLogger: true },
      }),
      RuntimeModule.forRoot({ connections, logger, readiness, metrics, verifier }),
      ...services.flatMap((s) => s.modules),
    ],
  })
  class ServiceRootModule {}

  // Routes match case-sensitively: /V1/... is not /v1/... (set before any route is registered).
  const server = express();
  server.set('case sensitive routing', true);
  const app = await NestFactory.create(ServiceRootModule, new ExpressAdapter(server), { bufferLogs: true });
  app.useLogger(app.get(NestPinoLogger));
  app.useGlobalFilters(new ProblemFilter(logger));
  const transport = new BatonTransport({
    bus: connections.bus,
    inbox: connections.inbox,
    logger,
    parse: parseCatalogued,
    topicOf: (type) => definitionFor(type)?.topic,
    onOutcome: (group, outcome, topic) => metrics.consumed.inc({ service: group, outcome, topic }),
  });
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  readiness.attach(transport);
  await app.listen(config.BATON_PORT, '0.0.0.0');
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : config.BATON_PORT}`;
  logger.info({ url, bus: connections.bus.adapter, database: connections.sql.driver, store: connections.eventStore?.adapter }, 'service started');

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
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        void stop().then(() => process.exit(0), (error) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        });
      });
    }
  }
  return { app, url, connections, logger, readiness, verifier, stop };
}

/** main.ts of a service: start it, or print why the config is wrong and exit 1. */
export function runService(definition: ServiceDefinition): void {
  startServices([definition], { name: definition.name }).catch((error: Error) => {
    process.stderr.write(`${definition.name} failed to start: ${error.message}\n`);
    process.exit(1);
  });
}
