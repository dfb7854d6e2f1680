import {
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Put,
  Res,
} from '@nestjs/common';
import { PresenceBody, RepBody, SchedulingPolicyBody } from '@baton/contracts';
import { AllowRoles, CurrentPrincipal, ValidBody, type Principal } from '@baton/service-runtime';
import type { Response } from 'express';
import { repView } from '../domain/rep';
import { RepRoster } from './rep-roster';

const idPattern = /^[A-Za-z0-9._:@-]{1,128}$/;
const checked = (repId: string) => {
  if (!idPattern.test(repId)) throw new NotFoundException(`no rep ${repId.slice(0, 128)} in your tenant`);
  return repId;
};

/** Reps: admins write; reps read (and set the presence of) themselves; supervisors and auditors read the tenant's. */
@Controller('v1/reps')
export class RepsController {
  constructor(private readonly roster: RepRoster) {}

  @Get()
  @AllowRoles('supervisor', 'auditor')
  async list(@CurrentPrincipal() who: Principal) {
    const now = this.roster.now();
    return { items: (await this.roster.list(who.tenantId)).map((r) => repView(r, now)) };
  }

  @Get(':repId')
  @AllowRoles('rep', 'supervisor', 'auditor')
  async get(@CurrentPrincipal() who: Principal, @Param('repId') repId: string) {
    this.ownOnly(who, checked(repId));
    return repView(await this.roster.get(who.tenantId, repId), this.roster.now());
  }

  @Put(':repId')
  @AllowRoles('admin')
  async put(
    @CurrentPrincipal() who: Principal,
    @Param('repId') repId: string,
    @ValidBody(RepBody) body: RepBody,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { rep, created } = await this.roster.put(who.tenantId, checked(repId), body);
    res.status(created ? 201 : 200);
    return repView(rep, this.roster.now());
  }

  @Delete(':repId')
  @AllowRoles('admin')
  @HttpCode(204)
  async remove(@CurrentPrincipal() who: Principal, @Param('repId') repId: string) {
    await this.roster.remove(who.tenantId, checked(repId));
  }

  @Put(':repId/presence')
  @AllowRoles('rep')
  async presence(
    @CurrentPrincipal() who: Principal,
    @Param('repId') repId: string,
    @ValidBody(PresenceBody) body: PresenceBody,
  ) {
    this.ownOnly(who, checked(repId));
    return repView(await this.roster.presence(who.tenantId, repId, body.presence), this.roster.now());
  }

  private ownOnly(who: Principal, repId: string): void {
    if (who.role === 'rep' && who.subject !== repId) throw new ForbiddenException('a rep acts only as themself');
  }
}

/** The tenant's scheduling policy: its zone, routing, notice and horizon. */
@Controller('v1/scheduling/policy')
export class SchedulingPolicyController {
  constructor(private readonly roster: RepRoster) {}

  @Get()
  @AllowRoles('supervisor', 'auditor')
  get(@CurrentPrincipal() who: Principal) {
    return this.roster.policy(who.tenantId);
  }

  @Put()
  @AllowRoles('admin')
  put(@CurrentPrincipal() who: Principal, @ValidBody(SchedulingPolicyBody) body: SchedulingPolicyBody) {
    return this.roster.setPolicy(who.tenantId, body);
  }
}
