import { parseTenantWindows, type TenantWindows } from '@baton/lead-time';
import { commonSettings, parse, readConfig } from '@baton/service-runtime';

export const gatewaySettings = {
  BATON_PUBLIC_URL: commonSettings.BATON_PUBLIC_URL,
  TWILIO_ACCOUNT_SID: { describe: 'Twilio account SID (AC...); unset means the dev channel', parse: (raw: string) => { if (!/^AC[0-9a-f]{32}$/i.test(raw)) throw new Error('must look like AC followed by 32 hex digits'); return raw; } },
  TWILIO_AUTH_TOKEN: { describe: 'Twilio auth token: signs webhooks and authenticates sends', parse: parse.string },
  TWILIO_API_BASE_URL: { describe: "Twilio's API base URL (tests point it at a local server)", parse: parse.url },
  BATON_AI_DISCLOSURE: { describe: "the line the first AI message carries, telling the lead it's an AI", parse: parse.string, default: "(You're texting with an AI assistant; reply HUMAN anytime for a person.)" },
  BATON_HELP_TEXT: { describe: 'the answer to HELP', parse: parse.string, default: 'Reply STOP to opt out, START to opt back in. Msg & data rates may apply.' },
  BATON_QUIET_HOURS: {
    describe: 'per-tenant sending windows as JSON: {"<tenant>": {"default": {"start": "08:00", "end": "21:00"}, "FL": {...}}}',
    parse: parseTenantWindows,
    default: {} as TenantWindows,
  },
  BATON_DEFAULT_TENANT: { describe: 'the tenant that owns every Baton number while none is registered (PUT /v1/numbers/{number}); empty means none', parse: (raw: string) => raw.trim(), default: 'default' },
  BATON_SWEEP_INTERVAL_MS: { describe: 'how often open sends and deferred ones are looked at', parse: parse.positiveInt, default: 5000 },
  BATON_TURN_GRACE_MS: { describe: "how long an AI reply waits for its turn's grant to reach the gate before it counts as void", parse: parse.positiveInt, default: 30_000 },
  TWILIO_TIMEOUT_MS: { describe: "how long a call to Twilio may take; a send whose call may still be in flight is not looked up before this (plus 5 s) has passed", parse: parse.positiveInt, default: 10_000 },
  BATON_OPT_OUT_CONFIRMATION: { describe: 'the one message sent after an opt-out', parse: parse.string, default: "You're opted out and won't get more messages. Reply START to opt back in." },
};

export type GatewayConfig = ReturnType<typeof readGatewayConfig>;
export function readGatewayConfig(env: NodeJS.ProcessEnv) {
  const config = readConfig(gatewaySettings, env);
  if (config.TWILIO_ACCOUNT_SID && !config.TWILIO_AUTH_TOKEN) throw new Error('TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set');
  // Twilio signs each webhook for the URL it calls, so the public URL is needed to check any of them.
  if (config.TWILIO_AUTH_TOKEN && !config.BATON_PUBLIC_URL) throw new Error('BATON_PUBLIC_URL is required when TWILIO_AUTH_TOKEN is set: webhook signatures are checked against it');
  return { ...config, twilio: Boolean(config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN) };
}
export const GATEWAY_CONFIG = Symbol('GatewayConfig');
