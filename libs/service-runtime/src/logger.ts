import pino, { type Logger } from 'pino';

/**
 * JSON logs; every line names its process (`baton` embedded, the service's name distributed), code that runs
 * in a service adds `service`, and handlers add conversationId, tenantId and correlationId. The process is not
 * called `service`: pino does not merge a child's keys with the base's, and a line with two `service` keys is
 * read differently by different log pipelines.
 */
export function createLogger(processName: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { process: processName },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['body', '*.body', 'leadPhone', '*.leadPhone', 'authorization', '*.authorization'],
      censor: '[redacted]',
    },
  });
}
export type { Logger };
