import { runService } from '@baton/service-runtime';
import { briefingService } from './service';

runService(briefingService);
