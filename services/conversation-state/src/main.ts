import { runService } from '@baton/service-runtime';
import { conversationStateService } from './service';

runService(conversationStateService);
