import { knownAnswers, scriptedReply, speaksSpanish, type Line } from './scripted-agent';
import { playbooks } from './playbooks';

const lead = (text: string): Line => ({ author: 'lead', text });
const ai = (text: string): Line => ({ author: 'ai', text });
const rep = (text: string): Line => ({ author: 'rep', text });

describe('the scripted agent', () => {
  it('greets, then asks the first thing it does not know', () => {
    expect(scriptedReply({ directive: 'qualify', transcript: [lead('hi')] })).toBe(
      'Thanks for reaching out! Are you looking to buy a home or refinance one you own?',
    );
    expect(scriptedReply({ directive: 'qualify', transcript: [lead("hi, I'm looking to refinance")] })).toMatch(
      /When are you hoping to close\?$/,
    );
  });

  it('never asks again what the lead or a rep already answered', () => {
    const transcript = [
      lead('want to buy, budget around $450k'),
      ai('When are you hoping to close?'),
      rep('Dana here: they said closing in 60 days, credit is good'),
    ];
    const known = knownAnswers(playbooks.mortgage!, transcript);
    expect(known).toMatchObject({ purpose: 'buy', amount: '$450k', timeline: '60 days', credit: 'good' });
    const reply = scriptedReply({ directive: 'follow_up', transcript });
    expect(reply).toMatch(/Which city or area is the property in\?$/);
    for (const asked of ['buy a home', 'close', 'price range', 'credit']) expect(reply).not.toContain(asked);
  });

  it('varies the transition line by the reason for the handoff', () => {
    expect(scriptedReply({ directive: 'handoff_transition', reason: 'explicit_request', transcript: [] })).toBe(
      'Of course, let me grab someone for you.',
    );
    expect(scriptedReply({ directive: 'handoff_transition', reason: 'sentiment_shift', transcript: [] })).toBe(
      'Let me get someone real on this with you.',
    );
    expect(scriptedReply({ directive: 'handoff_transition', transcript: [] })).toBe(
      'Let me bring in someone from our team.',
    );
    expect(
      scriptedReply({
        directive: 'handoff_transition',
        reason: 'explicit_request',
        mode: 'warm_transfer',
        transcript: [],
      }),
    ).toBe('Let me bring someone live in, give me one second.');
  });

  it('answers "are you a bot?" truthfully, offering a person, in the lead\'s language', () => {
    const en = scriptedReply({
      directive: 'disclose_ai',
      transcript: [ai('What price range are you thinking?'), lead('wait r u a bot??')],
    });
    expect(en).toMatch(/^I'm an AI assistant, not a person\./);
    expect(en).toMatch(/Would you like a person\?$/);
    const es = scriptedReply({
      directive: 'disclose_ai',
      transcript: [lead('oiga, ¿estoy hablando con una persona o con una máquina?')],
    });
    expect(es).toMatch(/^Soy un asistente de IA, no una persona\./);
    expect(es).toMatch(/persona\?$/);
  });

  it('says a person is coming, and asks nothing, when it discloses during a handoff', () => {
    const reply = scriptedReply({
      directive: 'disclose_ai',
      reason: 'explicit_request',
      transcript: [lead('is this a bot? i want a real person')],
    });
    expect(reply).toMatch(/^I'm an AI assistant, not a person\. Someone from our team is being brought in/);
    expect(reply).not.toContain('?');
    expect(speaksSpanish('is this a real person')).toBe(false);
    expect(speaksSpanish('eres un robot?')).toBe(true);
  });

  it('only makes handoff moves for handoff directives, never a question', () => {
    for (const directive of ['handoff_transition', 'offer_slots', 'confirm_booking'] as const) {
      const reply = scriptedReply({ directive, reason: 'high_intent', transcript: [lead('hi')] });
      for (const slot of playbooks.mortgage!.slots) expect(reply).not.toContain(slot.question);
    }
  });

  it('follows each playbook', () => {
    expect(scriptedReply({ directive: 'qualify', playbook: 'insurance', transcript: [lead('need a quote')] })).toMatch(
      /auto, home, life/,
    );
    expect(
      scriptedReply({ directive: 'qualify', playbook: 'b2b', transcript: [lead('we need a better CRM for 40 reps')] }),
    ).toMatch(/What are you using today\?/);
    expect(scriptedReply({ directive: 'qualify', playbook: 'real_estate', transcript: [lead('hello')] })).toMatch(
      /buy, sell, or both/,
    );
  });

  describe('scheduling moves', () => {
    const offer = {
      offerId: 'o1',
      why: 'handoff' as const,
      repName: 'Sarah Lee',
      leadTimezone: 'America/Chicago',
      minutes: 15,
      slots: [
        { start: '2026-03-04T16:30:00.000Z', end: '2026-03-04T16:45:00.000Z' },
        { start: '2026-03-04T19:15:00.000Z', end: '2026-03-04T19:30:00.000Z' },
      ],
    };
    const now = '2026-03-03T15:00:00.000Z';
    it('offers the two times in the lead zone, in one message with the transition', () => {
      expect(scriptedReply({ directive: 'offer_slots', reason: 'high_intent', offer, now, transcript: [] })).toBe(
        "Sounds like you're ready to move. Want to grab a quick 15 minutes with Sarah? I've got tomorrow at 10:30 or 1:15.",
      );
      expect(
        scriptedReply({ directive: 'offer_slots', offer: { ...offer, why: 'clarify' }, now, transcript: [] }),
      ).toBe('Sorry, just so I book the right one: tomorrow at 10:30 or 1:15?');
      expect(
        scriptedReply({
          directive: 'offer_slots',
          offer: { ...offer, leadTimezone: 'America/Los_Angeles', zoneUncertain: true },
          now,
          transcript: [],
        }),
      ).toMatch(/tomorrow at 8:30 PST or 11:15 PST/);
    });
    it('confirms without asking anything more', () => {
      const meeting = {
        meetingId: 'm1',
        start: offer.slots[1]!.start,
        end: offer.slots[1]!.end,
        leadTimezone: 'America/Chicago',
        repName: 'Sarah Lee',
        status: 'booked' as const,
        leadInvited: true,
        reminderMinutes: 30,
      };
      const booked = scriptedReply({ directive: 'confirm_booking', meeting, now, transcript: [] });
      expect(booked).toBe(
        "Great, just sent the calendar invite for tomorrow at 1:15 with Sarah. We'll send a reminder 30 minutes before.",
      );
      expect(booked).not.toContain('?');
      expect(
        scriptedReply({
          directive: 'confirm_booking',
          meeting: { ...meeting, leadInvited: false },
          now,
          transcript: [],
        }),
      ).toBe("Great, you're all set with Sarah tomorrow at 1:15. We'll send a reminder 30 minutes before.");
      expect(
        scriptedReply({
          directive: 'confirm_booking',
          meeting: { ...meeting, status: 'cancelled' },
          now,
          transcript: [],
        }),
      ).toMatch(/^No problem, your call with Sarah tomorrow at 1:15 is cancelled/);
    });
  });
});
