import type { ServiceDefinition } from '@baton/service-runtime';
import { ConversationStateModule } from './conversation-state.module';

export const conversationStateService: ServiceDefinition = {
  name: 'conversation-state',
  modules: [ConversationStateModule],
  eventStore: true,
};
