import type { ServiceDefinition } from '@baton/service-runtime';
import { AuditModule } from './audit.module';

export const auditService: ServiceDefinition = { name: 'audit', modules: [AuditModule] };
