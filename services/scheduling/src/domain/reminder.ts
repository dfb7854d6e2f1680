import { firstName, sayDay, sayTime } from '@baton/lead-time';

// The reminder a lead gets before their meeting. Pure: times are inputs.

export const dueAt = (startIso: string, leadMinutes: number) =>
  new Date(Date.parse(startIso) - leadMinutes * 60_000).toISOString();

/** "Quick reminder: your call with Sarah is at 10:30." (the day too, when it is not today for the lead) */
export function reminderText(
  meeting: { repName: string; start: string; leadTimezone: string; zoneUncertain?: boolean },
  nowIso: string,
): string {
  const day = sayDay(meeting.start, meeting.leadTimezone, nowIso);
  const time = sayTime(meeting.start, meeting.leadTimezone, { zoneName: meeting.zoneUncertain });
  return `Quick reminder: your call with ${firstName(meeting.repName)} is ${day === 'today' ? '' : `${day} `}at ${time}.`;
}

/** The one key a reminder of this meeting at this time is sent under: a redelivery or a second replica sends nothing more. */
export const reminderKey = (meetingId: string, startIso: string) => `reminder:${meetingId}:${Date.parse(startIso)}`;
