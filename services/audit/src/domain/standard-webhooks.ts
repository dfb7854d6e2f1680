import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks (standardwebhooks.com): the signature is HMAC-SHA256 over `${id}.${timestamp}.${body}`
 * with the secret's bytes (the base64 after `whsec_`), sent as `v1,<base64>`.
 */
export function signatureOf(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export function signedHeaders(secret: string, webhookId: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureOf(secret, webhookId, timestamp, body),
  };
}

/**
 * What happens after a failed attempt: the next try after the schedule's delay for this attempt (with up to
 * 10% jitter so a recovering receiver is not hit by every retry at once), or dead-lettered once it is spent.
 */
export function afterFailure(
  attempts: number,
  scheduleSeconds: number[],
  jitter: number,
): { kind: 'retry'; delayMs: number } | { kind: 'dead' } {
  const delay = scheduleSeconds[attempts - 1];
  if (delay === undefined) return { kind: 'dead' };
  return { kind: 'retry', delayMs: Math.round(delay * 1000 * (1 + 0.1 * Math.min(Math.max(jitter, 0), 1))) };
}

/** A receiver's answer: 2xx is delivered; anything else (redirects included: they are not followed) is a failure. */
export const delivered = (status: number) => status >= 200 && status < 300;
