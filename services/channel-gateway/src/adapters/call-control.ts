import twilio from 'twilio';

export interface PlaceCall {
  to: string;
  from: string;
  /** Where Twilio asks for the call's TwiML once it is answered. */
  url: string;
  statusCallback: string;
  /** Seconds the call rings before it counts as not answered. */
  timeoutSeconds?: number;
  /** Answering-machine detection: a voicemail is not a rep. */
  machineDetection?: boolean;
}

/** The calls Baton places and steers at the provider (Twilio's Calls, Conferences and Participants resources). */
export interface CallControl {
  place(call: PlaceCall): Promise<{ callSid: string }>;
  /** Gives a live call new TwiML (the lead out of the conference and back to the AI). */
  redirect(callSid: string, twiml: string): Promise<void>;
  hangUp(callSid: string): Promise<void>;
  /** Starts recording a live call (after its notice played); the recording's URL comes to the status callback. */
  record(callSid: string, statusCallback: string): Promise<void>;
  /** Ends a conference by its friendly name, if it is still in progress; the participants still in it, first. */
  endConference(friendlyName: string): Promise<void>;
}

export class TwilioCallControl implements CallControl {
  private readonly client: ReturnType<typeof twilio>;

  constructor(accountSid: string, authToken: string, baseUrl?: string, timeoutMs = 10_000) {
    this.client = twilio(accountSid, authToken, { autoRetry: false, timeout: timeoutMs });
    if (baseUrl) this.client.api.baseUrl = baseUrl;
  }

  async place(call: PlaceCall): Promise<{ callSid: string }> {
    const created = await this.client.calls.create({
      to: call.to,
      from: call.from,
      url: call.url,
      method: 'POST',
      statusCallback: call.statusCallback,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      ...(call.timeoutSeconds ? { timeout: call.timeoutSeconds } : {}),
      ...(call.machineDetection ? { machineDetection: 'Enable' } : {}),
    });
    return { callSid: created.sid };
  }

  async redirect(callSid: string, twiml: string): Promise<void> {
    await this.client.calls(callSid).update({ twiml });
  }

  async hangUp(callSid: string): Promise<void> {
    await this.client.calls(callSid).update({ status: 'completed' });
  }

  async record(callSid: string, statusCallback: string): Promise<void> {
    await this.client.calls(callSid).recordings.create({
      recordingStatusCallback: statusCallback,
      recordingStatusCallbackEvent: ['completed'],
      recordingChannels: 'dual',
    });
  }

  async endConference(friendlyName: string): Promise<void> {
    const conferences = await this.client.conferences.list({ friendlyName, status: 'in-progress', limit: 5 });
    for (const conference of conferences) {
      const participants = await this.client.conferences(conference.sid).participants.list({ limit: 20 });
      for (const p of participants) await this.client.conferences(conference.sid).participants(p.callSid).remove();
      await this.client.conferences(conference.sid).update({ status: 'completed' });
    }
  }
}

/** No Twilio account (the dev channel): calls cannot be placed. */
export class NoCallControl implements CallControl {
  place(): Promise<{ callSid: string }> {
    return Promise.reject(new Error('calls need Twilio: TWILIO_ACCOUNT_SID is not set'));
  }
  redirect(): Promise<void> {
    return Promise.resolve();
  }
  hangUp(): Promise<void> {
    return Promise.resolve();
  }
  record(): Promise<void> {
    return Promise.resolve();
  }
  endConference(): Promise<void> {
    return Promise.resolve();
  }
}

export const CALL_CONTROL = Symbol('CallControl');
