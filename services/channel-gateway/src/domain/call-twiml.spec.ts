import { aiOnTheLine, leadOnHold, relayUrlOf, repJoins, whisperToRep } from './call-twiml';

const urls = { publicUrl: 'https://baton.example.com', relayUrl: relayUrlOf('https://baton.example.com') };

describe('call TwiML (the twilio SDK)', () => {
  it('connects the call to the relay socket with the AI disclosure as its first words, the recording notice before it', () => {
    const twiml = aiOnTheLine(urls, 'CA1', "Hi, you're speaking with an AI assistant.", 'This call is recorded.');
    expect(twiml).toContain(
      '<Say>This call is recorded.</Say><Connect action="https://baton.example.com/webhooks/twilio/voice/relay-ended">',
    );
    expect(twiml).toContain(
      '<ConversationRelay url="wss://baton.example.com/relay?callSid=CA1" welcomeGreeting="Hi, you\'re speaking with an AI assistant."',
    );
    expect(aiOnTheLine(urls, 'CA1', 'Hi')).not.toContain('<Say>');
  });

  it('holds the lead in the conference (music, their leaving ends it) and joins the rep after the whisper', () => {
    expect(leadOnHold(urls, 't1', 'https://music.example/hold.mp3')).toMatch(
      /<Dial><Conference waitUrl="https:\/\/music.example\/hold.mp3" waitMethod="GET" startConferenceOnEnter="false" endConferenceOnExit="true"[^>]*>baton-transfer-t1<\/Conference>/,
    );
    expect(whisperToRep(urls, 't1', 2, 'A lead wants a rate.', '1')).toMatch(
      /<Gather numDigits="1"[^>]*action="https:\/\/baton.example.com\/webhooks\/twilio\/voice\/rep-accept\?transfer=t1&amp;attempt=2"><Say>A lead wants a rate. Press 1 to join the caller.<\/Say><\/Gather>/,
    );
    expect(repJoins(urls, 't1')).toMatch(/<Conference startConferenceOnEnter="true" endConferenceOnExit="false"/);
  });
});
