import type { ServiceDefinition } from '@baton/service-runtime';
import { aiAgentService } from '../../ai-agent/src/service';
import { auditService } from '../../audit/src/service';
import { briefingService } from '../../briefing/src/service';
import { channelGatewayService } from '../../channel-gateway/src/service';
import { conversationStateService } from '../../conversation-state/src/service';
import { schedulingService } from '../../scheduling/src/service';
import { signalDetectorService } from '../../signal-detector/src/service';

/** Every Baton service; the embedded mode runs them all in one process, each still its own consumer group. */
export const allServices: ServiceDefinition[] = [
  channelGatewayService,
  signalDetectorService,
  conversationStateService,
  briefingService,
  schedulingService,
  auditService,
  aiAgentService,
];
