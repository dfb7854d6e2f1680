import { openApiDocument } from '@baton/contracts';
import {
  Controller,
  Get,
  Global,
  Header,
  HttpCode,
  HttpException,
  Inject,
  Module,
  type DynamicModule,
} from '@nestjs/common';
import type { Logger } from 'pino';
import type { Connections } from './connections';
import type { Clock } from './clock';
import { Metrics } from './metrics';
import type { BatonTransport } from './baton-transport';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard, Public, TokenVerifier } from './auth';

export const SQL = Symbol('Sql');
export const EVENT_BUS = Symbol('EventBus');
export const EVENT_STORE = Symbol('EventStore');
export const LOGGER = Symbol('Logger');
export const CLOCK = Symbol('Clock');
/** The environment the services were started with: each service's config.ts reads its settings from it. */
export const ENV = Symbol('Env');

/** Readiness: the store and bus answer, the consumers run, and the process is not shutting down. */
export class Readiness {
  private draining = false;
  private transport?: BatonTransport;

  constructor(private readonly connections: Connections) {}

  attach(transport: BatonTransport): void {
    this.transport = transport;
  }

  drain(): void {
    this.draining = true;
  }

  async check(): Promise<Record<string, boolean>> {
    const store = await (this.connections.eventStore ?? this.connections.sql).ping().then(
      () => true,
      () => false,
    );
    const database = await this.connections.sql.ping().then(
      () => true,
      () => false,
    );
    const bus = await this.connections.bus.healthy().catch(() => false);
    return { database, store, bus, consumers: this.transport?.ready ?? false, accepting: !this.draining };
  }
}

@Controller()
@Public()
class OperationsController {
  constructor(
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  @Get('readyz')
  @HttpCode(200)
  async readyz() {
    const checks = await this.readiness.check();
    const ready = Object.values(checks).every(Boolean);
    if (!ready) throw new HttpException({ status: 'not ready', checks }, 503);
    return { status: 'ready', checks };
  }

  /** The public surface, the same document from every service (public: it describes, it does not grant). */
  @Get('v1/openapi.json')
  openapi() {
    return openApiDocument;
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metricsText() {
    return this.metrics.registry.metrics();
  }
}

/** Gives every service module its connections, logger, readiness and metrics, and serves /healthz, /readyz, /metrics. */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(options: {
    connections: Connections;
    logger: Logger;
    readiness: Readiness;
    metrics: Metrics;
    verifier: TokenVerifier;
    clock: Clock;
    env: NodeJS.ProcessEnv;
  }): DynamicModule {
    const { connections } = options;
    return {
      module: RuntimeModule,
      controllers: [OperationsController],
      providers: [
        { provide: SQL, useValue: connections.sql },
        { provide: EVENT_BUS, useValue: connections.bus },
        { provide: EVENT_STORE, useValue: connections.eventStore },
        { provide: LOGGER, useValue: options.logger },
        { provide: CLOCK, useValue: options.clock },
        { provide: ENV, useValue: options.env },
        { provide: Readiness, useValue: options.readiness },
        { provide: Metrics, useValue: options.metrics },
        { provide: TokenVerifier, useValue: options.verifier },
        { provide: APP_GUARD, useClass: BearerAuthGuard },
      ],
      exports: [SQL, EVENT_BUS, EVENT_STORE, LOGGER, CLOCK, ENV, Readiness, Metrics, TokenVerifier],
    };
  }
}
