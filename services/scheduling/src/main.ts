import { runService } from '@baton/service-runtime';
import { schedulingService } from './service';

runService(schedulingService);
