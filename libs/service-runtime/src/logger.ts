import pino, { type Logger } from 'pino';

/** JSON logs; every line names its service, and handlers add conversationId, tenantId and correlationId. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['body', '*.body', 'leadPhone', '*.leadPhone', 'authorization', '*.authorization'], censor: '[redacted]' },
  });
}
export type { Logger };
