import { Type, type StringOptions } from '@sinclair/typebox';

/**
 * Text a person or a system may send us, as stores accept it: the `text` format refuses NUL (PostgreSQL
 * refuses it in text and jsonb), unpaired surrogates (not valid UTF-8) and the C0 controls but tab, newline and
 * carriage return. Every string an HTTP body carries into an immutable event is one of these, with a length.
 */
export const Text = (maxLength: number, options: StringOptions = {}) =>
  Type.String({ format: 'text', maxLength, ...options });

/** A name for an id someone else assigns (a rep id from the CRM, an endpoint id): short, printable, no spaces. */
export const Identifier = (description: string) =>
  Type.String({ pattern: '^[A-Za-z0-9._:@-]{1,128}$', description: `${description} (1-128 of A-Z a-z 0-9 . _ : @ -)` });

export const textFormatDescription = 'no NUL, control characters (but tab and newlines) or unpaired surrogates';

/**
 * The longest each kind of free text may be, the same in the HTTP schema that takes it and in every event it
 * flows into (an event refuses what the API would refuse).
 */
export const textLimits = {
  /** One SMS thread message: Twilio's limit for a concatenated message. */
  smsBody: 1600,
  repName: 100,
  note: 2000,
  reason: 500,
  description: 500,
  /** A provider's message id (Twilio: SM + 32 hex digits). */
  providerMessageId: 64,
} as const;

export const RepId = Identifier('the rep acting; a rep token acts as its own subject');
