import {
  BadRequestException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { DeliveriesQuery, subscribableTypes, WebhookEndpointBody } from '@baton/contracts';
import { AllowRoles, CurrentPrincipal, ValidBody, ValidQuery, type Principal } from '@baton/service-runtime';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { NotificationStore } from '../adapters/notification-store';
import { webhookUrlProblem } from '../domain/private-address';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tenants register URLs for conversation events; deliveries are signed per Standard Webhooks. */
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly store: NotificationStore,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  /** The signing secret is in the answer; GET /{id}/secret shows it again to an admin. */
  @Post()
  @AllowRoles('admin')
  async register(@CurrentPrincipal() who: Principal, @ValidBody(WebhookEndpointBody) body: WebhookEndpointBody) {
    return this.store.register(who.tenantId, this.checkedUrl(body.url), [...new Set(body.events)], body.description);
  }

  @Get()
  @AllowRoles('supervisor', 'auditor')
  async list(@CurrentPrincipal() who: Principal) {
    return { items: await this.store.list(who.tenantId), subscribable: subscribableTypes };
  }

  @Get(':id/secret')
  @AllowRoles('admin')
  async secret(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    const secret = uuid.test(id) ? await this.store.secretOf(who.tenantId, id) : undefined;
    if (!secret) throw new NotFoundException(`no webhook endpoint ${id}`);
    return { secret };
  }

  @Delete(':id')
  @HttpCode(204)
  @AllowRoles('admin')
  async remove(@CurrentPrincipal() who: Principal, @Param('id') id: string): Promise<void> {
    if (!uuid.test(id) || !(await this.store.remove(who.tenantId, id)))
      throw new NotFoundException(`no webhook endpoint ${id}`);
  }

  /** The delivery record: each with its attempts, last answer, and whether it was dead-lettered. */
  @Get(':id/deliveries')
  @AllowRoles('supervisor', 'auditor')
  async deliveries(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @ValidQuery(DeliveriesQuery) query: DeliveriesQuery,
  ) {
    if (!uuid.test(id)) throw new NotFoundException(`no webhook endpoint ${id.slice(0, 64)}`);
    return { items: await this.store.deliveries(who.tenantId, id, query.status) };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @AllowRoles('admin')
  async redeliver(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ) {
    if (!uuid.test(id) || !uuid.test(deliveryId) || !(await this.store.redeliver(who.tenantId, id, deliveryId))) {
      throw new NotFoundException(`no dead-lettered or delivered delivery ${deliveryId} for endpoint ${id}`);
    }
    return { id: deliveryId, status: 'pending' };
  }

  private checkedUrl(raw: string): string {
    const problem = webhookUrlProblem(raw, {
      http: this.config.BATON_WEBHOOK_ALLOW_HTTP,
      privateAddresses: this.config.BATON_WEBHOOK_ALLOW_PRIVATE,
    });
    if (problem) throw new BadRequestException(problem);
    return new URL(String(raw)).toString();
  }
}
