import { Module } from '@nestjs/common';

/** briefing: rep briefs: a 60-second summary first, the full transcript on demand. */
@Module({})
export class BriefingModule {}
