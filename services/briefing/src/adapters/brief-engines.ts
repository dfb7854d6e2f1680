import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@baton/service-runtime';
import { BRIEFING_CONFIG, type BriefingConfig } from '../config';
import type { BriefInput } from '../domain/brief-input';
import type { BriefEngine, EngineDraft } from '../domain/brief-engine.port';
import { ExtractiveBriefEngine } from '../domain/extractive-engine';
import { AnthropicBriefEngine } from './anthropic-brief-engine';

export interface WrittenDraft {
  draft: EngineDraft;
  engine: 'extractive' | 'anthropic';
  fallbackReason?: string;
}

/** The offline engine by default; with the model configured, the model, falling back to offline on any failure or timeout. */
export class FallbackBriefEngine {
  constructor(
    private readonly offline: BriefEngine,
    private readonly model?: BriefEngine,
  ) {}

  async write(input: BriefInput): Promise<WrittenDraft> {
    if (this.model) {
      try {
        return { draft: await this.model.draft(input), engine: 'anthropic' };
      } catch (error) {
        const e = error as Error;
        const reason = /timed? ?out|timeout/i.test(`${e.name} ${e.message}`)
          ? `the model timed out (${e.message})`
          : e.message;
        return { draft: await this.offline.draft(input), engine: 'extractive', fallbackReason: reason.slice(0, 300) };
      }
    }
    return { draft: await this.offline.draft(input), engine: 'extractive' };
  }
}

@Injectable()
export class BriefEngines extends FallbackBriefEngine {
  constructor(@Inject(BRIEFING_CONFIG) config: BriefingConfig, @Inject(LOGGER) logger: Logger) {
    super(
      new ExtractiveBriefEngine(),
      config.engine === 'anthropic' && config.ANTHROPIC_API_KEY
        ? new AnthropicBriefEngine({
            apiKey: config.ANTHROPIC_API_KEY,
            baseURL: config.ANTHROPIC_BASE_URL,
            model: config.BATON_BRIEF_MODEL,
            timeoutMs: config.BATON_BRIEF_MODEL_TIMEOUT_MS,
            logger: logger.child({ service: 'briefing' }),
          })
        : undefined,
    );
  }
}
