import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@baton/service-runtime';
import { Inbound } from './inbound';
import { DeliveryUpdates } from './delivery-updates';
import { SendGateStore } from './send-gate-store';
import { Sender } from './sender';

/** Every few seconds: inbound texts a crash left unprocessed, sends left unknown, deferred sends whose time came. */
@Injectable()
export class Sweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly inbound: Inbound, private readonly sender: Sender, private readonly gate: SendGateStore, private readonly deliveries: DeliveryUpdates, @Inject(LOGGER) private readonly logger: Logger) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.gate.migrate();
    await this.inbound.migrate();
    await this.deliveries.migrate(); // the transcript joins delivery statuses
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, Number(process.env.BATON_SWEEP_INTERVAL_MS ?? 5000));
    this.timer.unref();
  }

  async sweep(): Promise<void> {
    try {
      await this.inbound.sweep();
      await this.sender.releaseDeferred();
      await this.sender.recover();
    } catch (error) {
      this.logger.error({ err: error, service: 'channel-gateway' }, 'sweep failed');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
