import { runService } from '@baton/service-runtime';
import { signalDetectorService } from './service';

runService(signalDetectorService);
