import { ConfigError } from '@baton/service-runtime';
import { readBriefingConfig } from './config';

describe('briefing settings', () => {
  it('runs offline with nothing set', () => {
    expect(readBriefingConfig({})).toMatchObject({
      engine: 'extractive',
      BATON_BRIEF_MODEL_TIMEOUT_MS: 8000,
      BATON_PUBLIC_URL: 'http://localhost:3000',
    });
    expect(readBriefingConfig({ ANTHROPIC_API_KEY: 'sk-test' }).engine).toBe('anthropic');
    expect(readBriefingConfig({ ANTHROPIC_API_KEY: 'sk-test', BATON_BRIEF_ENGINE: 'extractive' }).engine).toBe(
      'extractive',
    );
  });

  it('names the variable that is wrong', () => {
    expect(() => readBriefingConfig({ SMTP_URL: 'http://mail.example.com' })).toThrow(
      /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(() => readBriefingConfig({ BATON_BRIEF_ENGINE: 'anthropic' })).toThrow(ConfigError);
    expect(() => readBriefingConfig({ BATON_BRIEF_MODEL_TIMEOUT_MS: '5' })).toThrow(/BATON_BRIEF_MODEL_TIMEOUT_MS/);
  });
});
