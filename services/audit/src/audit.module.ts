import { Module } from '@nestjs/common';

/** audit: the tamper-evident audit log, replay and KPIs. */
@Module({})
export class AuditModule {}
