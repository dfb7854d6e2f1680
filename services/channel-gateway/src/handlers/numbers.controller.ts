import {
  BadRequestException,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Put,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { RegisterNumberBody } from '@baton/contracts';
import { AllowRoles, CurrentPrincipal, ValidBody, type Principal } from '@baton/service-runtime';
import { NumberRegistry, NumberTaken } from '../adapters/number-registry';

const e164 = /^\+[1-9]\d{6,14}$/;

/** A tenant's Baton numbers: texts to them are its conversations. */
@Controller('v1/numbers')
export class NumbersController {
  constructor(private readonly numbers: NumberRegistry) {}

  @Get()
  async list(@CurrentPrincipal() who: Principal) {
    return { items: await this.numbers.list(who.tenantId) };
  }

  @Put(':number')
  @AllowRoles('admin')
  async register(
    @CurrentPrincipal() who: Principal,
    @Param('number') number: string,
    @ValidBody(RegisterNumberBody) body: RegisterNumberBody,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!e164.test(number)) throw new BadRequestException('the number must be E.164, like +15125550100');
    try {
      const { owned, created } = await this.numbers.register(who.tenantId, number, body.vertical);
      res.status(created ? 201 : 200);
      return owned;
    } catch (error) {
      if (error instanceof NumberTaken) throw new ConflictException(error.message);
      throw error;
    }
  }

  @Delete(':number')
  @HttpCode(204)
  @AllowRoles('admin')
  async release(@CurrentPrincipal() who: Principal, @Param('number') number: string): Promise<void> {
    if (!(await this.numbers.release(who.tenantId, number)))
      throw new NotFoundException(`${number} is not one of your numbers`);
  }
}
