import { parseTenantWindows, type TenantWindows } from '@baton/lead-time';
import { commonSettings, parse, readConfig } from '@baton/service-runtime';

export const gatewaySettings = {
  BATON_PUBLIC_URL: commonSettings.BATON_PUBLIC_URL,
  TWILIO_ACCOUNT_SID: {
    describe: 'Twilio account SID (AC...); unset means the dev channel',
    parse: (raw: string) => {
      if (!/^AC[0-9a-f]{32}$/i.test(raw)) throw new Error('must look like AC followed by 32 hex digits');
      return raw;
    },
  },
  TWILIO_AUTH_TOKEN: { describe: 'Twilio auth token: signs webhooks and authenticates sends', parse: parse.string },
  TWILIO_API_BASE_URL: { describe: "Twilio's API base URL (tests point it at a local server)", parse: parse.url },
  BATON_AI_DISCLOSURE: {
    describe: "the line the first AI message carries, telling the lead it's an AI",
    parse: parse.string,
    default: "(You're texting with an AI assistant; reply HUMAN anytime for a person.)",
  },
  BATON_HELP_TEXT: {
    describe: 'the answer to HELP',
    parse: parse.string,
    default: 'Reply STOP to opt out, START to opt back in. Msg & data rates may apply.',
  },
  BATON_QUIET_HOURS: {
    describe:
      'per-tenant sending windows as JSON: {"<tenant>": {"default": {"start": "08:00", "end": "21:00"}, "FL": {...}}}',
    parse: parseTenantWindows,
    default: {} as TenantWindows,
  },
  BATON_DEFAULT_TENANT: {
    describe:
      'the tenant that owns every Baton number while none is registered (PUT /v1/numbers/{number}); empty means none',
    parse: (raw: string) => raw.trim(),
    default: 'default',
  },
  BATON_SWEEP_INTERVAL_MS: {
    describe:
      'the longest open sends, deferred ones, parked callbacks and unprocessed lead texts wait to be looked at; the sweep wakes sooner when one comes due',
    parse: parse.positiveInt,
    default: 30_000,
  },
  BATON_TURN_GRACE_MS: {
    describe:
      'how long an AI reply that names no stream revision for its turn waits for the grant before it counts as void (one that names it waits until the fence has applied the stream that far, or 15 minutes at most)',
    parse: parse.positiveInt,
    default: 30_000,
  },
  TWILIO_TIMEOUT_MS: {
    describe:
      'how long a call to Twilio may take; a send whose call may still be in flight is not looked up before this (plus 5 s) has passed',
    parse: parse.positiveInt,
    default: 10_000,
  },
  BATON_OPT_OUT_CONFIRMATION: {
    describe: 'the one message sent after an opt-out',
    parse: parse.string,
    default: "You're opted out and won't get more messages. Reply START to opt back in.",
  },
  // Voice: ConversationRelay calls and the warm transfer.
  BATON_CALL_GREETING: {
    describe: 'the first words of every AI call: the AI says it is an AI (FCC 24-17 treats AI voices as artificial)',
    parse: parse.string,
    default: "Hi, you're speaking with an AI assistant. I can help you here, and I can bring in a person anytime.",
  },
  BATON_CALL_RECORDING: {
    describe: 'record calls (the notice plays first); off by default',
    parse: (raw: string) => {
      if (!/^(true|false)$/.test(raw)) throw new Error('must be true or false');
      return raw === 'true';
    },
    default: false,
  },
  BATON_RECORDING_NOTICE: {
    describe: 'what a recorded call says before recording starts',
    parse: parse.string,
    default: 'This call is recorded for quality.',
  },
  BATON_TRANSFER_REPS: {
    describe:
      'reps a warm transfer dials, in order, as JSON [{"repId":"rep-1","phone":"+15125550111","tenant":"default"}] (tried before the reps scheduling says are available)',
    parse: parseTransferReps,
    default: [] as TransferRep[],
  },
  BATON_TRANSFER_RING_SECONDS: {
    describe: 'how long a rep leg rings before the next rep is tried',
    parse: parse.positiveInt,
    default: 20,
  },
  BATON_TRANSFER_ACCEPT_DIGIT: {
    describe: 'the key a rep presses after the whisper to join the lead',
    parse: (raw: string) => {
      if (!/^[0-9*#]$/.test(raw)) throw new Error('must be one key');
      return raw;
    },
    default: '1',
  },
  BATON_HOLD_MUSIC_URL: {
    describe: 'what the lead hears in the conference while the rep is dialled (a TwiML or audio URL)',
    parse: parse.url,
    default: 'http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3',
  },
  BATON_TRANSFER_FALLBACK_GREETING: {
    describe: 'what the AI says when it comes back on the line after no rep could take the call',
    parse: parse.string,
    default:
      'Sorry, nobody could pick up just now. I can book you a time with a specialist, or have someone call you back. Which would you like?',
  },
  BATON_TAKE_OVER_GOODBYE: {
    describe: 'what a call says before it ends when a rep took over and cannot be brought onto it',
    parse: parse.string,
    default: 'A member of our team is taking it from here and will follow up with you shortly. Goodbye.',
  },
};

export interface TransferRep {
  repId: string;
  phone: string;
  tenant?: string;
}
export function parseTransferReps(raw: string): TransferRep[] {
  const value = JSON.parse(raw) as unknown;
  if (!Array.isArray(value)) throw new Error('must be a JSON array of {repId, phone}');
  return value.map((r: { repId?: unknown; phone?: unknown; tenant?: unknown }, i) => {
    if (typeof r?.repId !== 'string' || !r.repId || typeof r.phone !== 'string' || !/^\+[1-9]\d{6,14}$/.test(r.phone))
      throw new Error(`entry ${i} needs a repId and an E.164 phone`);
    return { repId: r.repId, phone: r.phone, ...(typeof r.tenant === 'string' ? { tenant: r.tenant } : {}) };
  });
}

export type GatewayConfig = ReturnType<typeof readGatewayConfig>;
export function readGatewayConfig(env: NodeJS.ProcessEnv) {
  const config = readConfig(gatewaySettings, env);
  if (config.TWILIO_ACCOUNT_SID && !config.TWILIO_AUTH_TOKEN)
    throw new Error('TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set');
  // Twilio signs each webhook for the URL it calls, so the public URL is needed to check any of them.
  if (config.TWILIO_AUTH_TOKEN && !config.BATON_PUBLIC_URL)
    throw new Error(
      'BATON_PUBLIC_URL is required when TWILIO_AUTH_TOKEN is set: webhook signatures are checked against it',
    );
  return { ...config, twilio: Boolean(config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN) };
}
export const GATEWAY_CONFIG = Symbol('GatewayConfig');
