import type { ServiceDefinition } from '@baton/service-runtime';
import { AuditModule } from './audit.module';

// The event store is read (replay), never written.
export const auditService: ServiceDefinition = { name: 'audit', modules: [AuditModule], eventStore: true };
