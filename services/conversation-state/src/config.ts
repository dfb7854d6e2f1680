import { IANAZone } from 'luxon';
import { parse, readConfig } from '@baton/service-runtime';

export interface BusinessHours {
  zone: string;
  days: number[];
  start: string;
  end: string;
}

/** Business hours as JSON: {"zone": "America/New_York", "days": [1,2,3,4,5], "start": "09:00", "end": "18:00"} (ISO weekdays, 1 is Monday). */
export function parseBusinessHours(raw: string): BusinessHours {
  const value = parse.json(raw) as Partial<BusinessHours>;
  const clock = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
  if (
    typeof value?.zone !== 'string' ||
    !Array.isArray(value.days) ||
    !value.days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7) ||
    typeof value.start !== 'string' ||
    !clock.test(value.start) ||
    typeof value.end !== 'string' ||
    !clock.test(value.end)
  ) {
    throw new Error('must be {"zone", "days": [1-7...], "start": "HH:mm", "end": "HH:mm"}');
  }
  if (!IANAZone.isValidZone(value.zone)) throw new Error(`${value.zone} is not a time zone`);
  return { zone: value.zone, days: value.days, start: value.start, end: value.end };
}

export const conversationStateSettings = {
  BATON_BUSINESS_HOURS: {
    describe:
      'when reps work, for tenants with no handoff policy of their own: live takeover and warm transfer happen only then',
    parse: parseBusinessHours,
    default: { zone: 'America/New_York', days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' } as BusinessHours,
  },
};

export const readConversationStateConfig = (env: NodeJS.ProcessEnv) => readConfig(conversationStateSettings, env);
