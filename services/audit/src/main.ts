import { runService } from '@baton/service-runtime';
import { auditService } from './service';

runService(auditService);
