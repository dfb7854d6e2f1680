import { Module } from '@nestjs/common';
import { BRIEFING_CONFIG, readBriefingConfig } from './config';
import { BriefDispatcher } from './adapters/brief-dispatcher';
import { BriefEngines } from './adapters/brief-engines';
import { BriefingStore } from './adapters/briefing-store';
import { LeadZones } from './adapters/lead-zones';
import { SmtpMailer } from './adapters/smtp-mailer';
import { BriefController } from './handlers/brief.controller';
import { BriefingHandlers } from './handlers/briefing-handlers';
import { BriefWriter } from './write-brief/brief-writer';

/** briefing: rep briefs, built when a handoff triggers, final and delivered when a meeting is booked or a rep takes over. */
@Module({
  controllers: [BriefController, BriefingHandlers],
  providers: [
    { provide: BRIEFING_CONFIG, useFactory: () => readBriefingConfig() },
    BriefingStore,
    BriefEngines,
    LeadZones,
    SmtpMailer,
    BriefDispatcher,
    BriefWriter,
  ],
})
export class BriefingModule {}
