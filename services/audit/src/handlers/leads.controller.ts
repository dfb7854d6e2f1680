import { BadRequestException, Controller, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { EraseLeadBody, LeadErased, newEvent, topics } from '@baton/contracts';
import type { EventBus } from '@baton/event-bus';
import {
  AllowRoles,
  CurrentPrincipal,
  EVENT_BUS,
  LOGGER,
  ValidBody,
  type Logger,
  type Principal,
} from '@baton/service-runtime';
import { AuditStore } from '../adapters/audit-store';
import { auditSubject } from '../adapters/checkpoints';

const e164 = /^\+[1-9]\d{6,14}$/;

/** Erasure of a lead's personal data from the audit log, by crypto-shredding its keys. */
@Controller('v1/leads')
export class LeadsController {
  constructor(
    private readonly store: AuditStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post(':phone/erase')
  @HttpCode(200)
  @AllowRoles('admin')
  async erase(
    @CurrentPrincipal() who: Principal,
    @Param('phone') phone: string,
    @ValidBody(EraseLeadBody) _body: unknown,
  ) {
    if (!e164.test(phone)) throw new BadRequestException('the phone must be E.164, like +15125550100');
    const result = await this.store.keys.eraseLead(this.store.sql, who.tenantId, phone);
    if (result.conversations === 0) throw new NotFoundException('the audit log holds nothing of this lead');
    const at = new Date().toISOString();
    const erased = newEvent(LeadErased, {
      subject: auditSubject(who.tenantId),
      tenantid: who.tenantId,
      source: '/baton/audit',
      data: {
        leadRef: result.leadRef,
        conversations: result.conversations,
        keysShredded: result.keysShredded,
        actor: { kind: 'admin', id: who.subject },
        at,
      },
    });
    await this.bus.publish(topics.audit, [{ key: erased.subject, value: JSON.stringify(erased) }]);
    this.logger.info(
      {
        service: 'audit',
        tenantId: who.tenantId,
        leadRef: result.leadRef,
        keys: result.keysShredded,
        leadPhoneLast4: phone.slice(-4),
      },
      'lead erased',
    );
    return {
      leadRef: result.leadRef,
      conversations: result.conversations,
      keysShredded: result.keysShredded,
      erasedAt: at,
    };
  }
}
