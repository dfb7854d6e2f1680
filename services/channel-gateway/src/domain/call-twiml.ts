import twilio from 'twilio';

const { VoiceResponse } = twilio.twiml;

/** Where Twilio reaches Baton for one call: the public base URL (webhooks) and the relay socket's. */
export interface CallUrls {
  publicUrl: string;
  /** wss://.../relay: ConversationRelay's WebSocket. */
  relayUrl: string;
}

export const relayUrlOf = (publicUrl: string) => `${publicUrl.replace(/^http/, 'ws')}/relay`;

/**
 * The AI on the line: ConversationRelay connects the call to Baton's socket; its first words (the welcome
 * greeting) say it is an AI. A recorded call plays the notice before anything else. When the relay session
 * ends (Baton's `end`, with handoffData), Twilio asks the Connect action what comes next.
 */
export function aiOnTheLine(urls: CallUrls, callSid: string, greeting: string, recordingNotice?: string): string {
  const response = new VoiceResponse();
  if (recordingNotice) response.say(recordingNotice);
  const connect = response.connect({ action: `${urls.publicUrl}/webhooks/twilio/voice/relay-ended` });
  const relay = connect.conversationRelay({
    url: `${urls.relayUrl}?callSid=${encodeURIComponent(callSid)}`,
    welcomeGreeting: greeting,
    dtmfDetection: true,
    interruptible: 'any',
  });
  relay.parameter({ name: 'callSid', value: callSid });
  return response.toString();
}

export const conferenceName = (transferId: string) => `baton-transfer-${transferId}`;

const conferenceEvents: ('start' | 'end' | 'join' | 'leave')[] = ['start', 'end', 'join', 'leave'];
const statusUrl = (urls: Pick<CallUrls, 'publicUrl'>, transferId: string, role: 'lead' | 'rep') =>
  `${urls.publicUrl}/webhooks/twilio/voice/status?transfer=${encodeURIComponent(transferId)}&role=${role}`;

/** The lead waits in the transfer's conference with hold music; when they hang up the conference ends. */
export function leadOnHold(urls: Pick<CallUrls, 'publicUrl'>, transferId: string, holdMusicUrl: string): string {
  const response = new VoiceResponse();
  response.dial().conference(
    {
      waitUrl: holdMusicUrl,
      waitMethod: 'GET',
      startConferenceOnEnter: false,
      endConferenceOnExit: true,
      beep: 'false',
      statusCallback: statusUrl(urls, transferId, 'lead'),
      statusCallbackEvent: conferenceEvents,
      statusCallbackMethod: 'POST',
    },
    conferenceName(transferId),
  );
  return response.toString();
}

/** The rep's leg: the whisper (the lead does not hear it, they are in the conference), then a key to join. */
export function whisperToRep(
  urls: Pick<CallUrls, 'publicUrl'>,
  transferId: string,
  attempt: number,
  whisper: string,
  acceptDigit: string,
): string {
  const response = new VoiceResponse();
  const gather = response.gather({
    numDigits: 1,
    timeout: 8,
    actionOnEmptyResult: true,
    action: `${urls.publicUrl}/webhooks/twilio/voice/rep-accept?transfer=${encodeURIComponent(transferId)}&attempt=${attempt}`,
  });
  gather.say(`${whisper} Press ${acceptDigit} to join the caller.`);
  return response.toString();
}

/** The rep pressed the key: into the conference, which starts (the lead's hold music stops). */
export function repJoins(urls: Pick<CallUrls, 'publicUrl'>, transferId: string): string {
  const response = new VoiceResponse();
  response.dial().conference(
    {
      startConferenceOnEnter: true,
      endConferenceOnExit: false,
      beep: 'false',
      statusCallback: statusUrl(urls, transferId, 'rep'),
      statusCallbackEvent: conferenceEvents,
      statusCallbackMethod: 'POST',
    },
    conferenceName(transferId),
  );
  return response.toString();
}

/** The rep declined (or pressed nothing): their leg ends, and the next rep is tried. */
export function repDeclined(): string {
  const response = new VoiceResponse();
  response.say('Okay, passing it on.');
  response.hangup();
  return response.toString();
}

export function hangUp(words?: string): string {
  const response = new VoiceResponse();
  if (words) response.say(words);
  response.hangup();
  return response.toString();
}

export const emptyTwiml = () => new VoiceResponse().toString();
