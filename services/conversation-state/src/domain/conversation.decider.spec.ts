import { specFor } from '@baton/decider/testing';
import { conversationDecider } from './conversation.decider';
import type { ConversationEvent } from './conversation.events';
import { HeldByAnotherRep, LeadOptedOut, NotDrivenByRep, NotPaused } from './conversation.errors';
import { defaultHandoffPolicy } from './handoff-policy';
import {
  aHandoffTriggered,
  aMeeting,
  anIdentityQuestion,
  anOffer,
  aRepTookOver,
  aSignal,
  at,
  handedBack,
  leadFacts,
  leadWrote,
  linkMeeting,
  noRepNow,
  recorded,
  repNow,
  signalRecorded,
  signalsFor,
  signalsWithIdentity,
  started,
} from './conversation.fixtures';

const given = specFor(conversationDecider);
const system = { kind: 'system', id: 'conversation-state' } as const;
const directiveOf = (events: { type: string; data: unknown }[]) =>
  events.filter((e) => e.type === 'turn.granted').map((e) => (e.data as { directive: string }).directive);

describe('a lead writes', () => {
  it('starts the conversation and records the message', () =>
    given([])
      .when(leadWrote('m1'))
      .then([started(), recorded('m1', 1)]));
  it('records a redelivered message once', () =>
    given([started(), recorded('m1', 1)])
      .when(leadWrote('m1'))
      .then([]));
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'records a message whose id is %s like any other (own keys only)',
    (id) => {
      given([started()])
        .when(leadWrote(id))
        .then([recorded(id, 1)]);
      expect(directiveOf(given([started()]).when(signalsFor(id, [])).events())).toEqual(['qualify']);
    },
  );
  it("carries the Baton number's vertical onto the conversation's start", () => {
    const lead = { ...leadFacts, vertical: 'mortgage' };
    given([])
      .when({ type: 'record-lead-message', messageId: 'm1', at, lead })
      .then([
        { type: 'conversation.started', data: lead, actor: { kind: 'lead' }, cause: 'first lead message', at },
        recorded('m1', 1),
      ]);
  });
});

describe('signals come in for a lead message', () => {
  it('grants one qualify turn when nothing calls for a person', () =>
    given([started(), recorded('m1', 1)])
      .when(signalsFor('m1', []))
      .then([
        signalRecorded('m1'),
        {
          type: 'turn.granted',
          data: { turnId: 'turn-m1', inReplyTo: 'm1', directive: 'qualify' },
          actor: system,
          cause: 'lead message answered',
          at,
        },
      ]));

  it('hands off at once on an explicit request; with a rep there now, the turn is the transition line', () => {
    const request = aSignal('explicit_request');
    given([started(), recorded('m1', 1)])
      .when(signalsFor('m1', [request], repNow))
      .then([
        signalRecorded('m1', [request]),
        {
          type: 'handoff.triggered',
          data: { mode: 'live_takeover', signals: [request], messageId: 'm1' },
          actor: system,
          cause: 'explicit_request detected',
          at,
        },
        {
          type: 'turn.granted',
          data: { turnId: 'turn-m1', inReplyTo: 'm1', directive: 'handoff_transition', reason: 'explicit_request' },
          actor: system,
          cause: 'handoff triggered',
          at,
        },
      ]);
  });

  it('with nobody there now, hands off to async booking and waits for the slots: no line of its own', () => {
    const request = aSignal('explicit_request');
    given([started(), recorded('m1', 1)])
      .when(signalsFor('m1', [request]))
      .then([
        signalRecorded('m1', [request]),
        {
          type: 'handoff.triggered',
          data: { mode: 'async_booking', signals: [request], messageId: 'm1' },
          actor: system,
          cause: 'explicit_request detected',
          at,
        },
      ]);
  });

  it('picks live takeover when a rep is available in business hours, async booking otherwise', () => {
    const events = given([started(), recorded('m1', 1)])
      .when(signalsFor('m1', [aSignal('high_intent', 0.8)], repNow))
      .events();
    expect(events.find((e) => e.type === 'handoff.triggered')?.data).toMatchObject({ mode: 'live_takeover' });
    const later = given([started(), recorded('m1', 1)])
      .when(signalsFor('m1', [aSignal('high_intent', 0.8)], noRepNow))
      .events();
    expect(later.find((e) => e.type === 'handoff.triggered')?.data).toMatchObject({ mode: 'async_booking' });
  });

  it('does not hand off on a weak signal below the policy threshold', () =>
    expect(
      directiveOf(
        given([started(), recorded('m1', 1)])
          .when(signalsFor('m1', [aSignal('high_intent', 0.4)]))
          .events(),
      ),
    ).toEqual(['qualify']));

  it('records signals that overtook their message, with the message', () => {
    const events = given([started()]).when(signalsFor('m1', [])).events();
    expect(events.map((e) => e.type)).toEqual(['lead-message.recorded', 'signal.recorded', 'turn.granted']);
  });

  it('grants no qualify turn for an older message once a newer one is in', () =>
    given([started(), recorded('m1', 1), recorded('m2', 2)])
      .when(signalsFor('m1', []))
      .then([signalRecorded('m1', [])]));

  it('still hands off on an explicit request in an older message, answering the latest', () =>
    expect(
      given([started(), recorded('m1', 1), recorded('m2', 2)])
        .when(signalsFor('m1', [aSignal('explicit_request')], repNow))
        .events()
        .map((e) => (e.type === 'turn.granted' ? `${e.type}:${e.data.inReplyTo}:${e.data.directive}` : e.type)),
    ).toEqual(['signal.recorded', 'handoff.triggered', 'turn.granted:m2:handoff_transition']));

  it('records the same signals once', () =>
    given([started(), recorded('m1', 1), signalRecorded('m1')])
      .when(signalsFor('m1', []))
      .then([]));

  it('only acknowledges a repeated ask while a handoff is pending, and never asks a question', () => {
    const base = [
      started(),
      recorded('m1', 1),
      signalRecorded('m1', [aSignal('high_intent')]),
      aHandoffTriggered('m1'),
      recorded('m2', 2),
    ];
    expect(
      directiveOf(
        given(base)
          .when(signalsFor('m2', [aSignal('explicit_request')]))
          .events(),
      ),
    ).toEqual(['handoff_transition']);
    expect(directiveOf(given(base).when(signalsFor('m2', [])).events())).toEqual([]);
  });

  it('grants nothing while a rep drives, and records an explicit request as a handoff while paused', () => {
    const human = [started(), recorded('m1', 1), aRepTookOver(), recorded('m2', 2)];
    expect(
      given(human)
        .when(signalsFor('m2', [aSignal('explicit_request')]))
        .events()
        .map((e) => e.type),
    ).toEqual(['signal.recorded']);
    const paused = [
      started(),
      recorded('m1', 1),
      { type: 'ai.paused', data: {}, actor: { kind: 'supervisor', id: 's1' }, cause: 'paused', at } as const,
      recorded('m2', 2),
    ];
    expect(
      given(paused)
        .when(signalsFor('m2', [aSignal('explicit_request')]))
        .events()
        .map((e) => e.type),
    ).toEqual(['signal.recorded', 'handoff.triggered']);
  });

  it('never lets signals from before a hand-back trigger a new handoff', () => {
    const base = [
      started(),
      recorded('m1', 1),
      aHandoffTriggered('m1'),
      aRepTookOver(),
      recorded('m2', 2),
      handedBack(),
    ];
    // m2 was written while the rep drove; its signals arrive after the hand-back
    expect(
      given(base)
        .when(signalsFor('m2', [aSignal('explicit_request')]))
        .events()
        .map((e) => e.type),
    ).toEqual(['signal.recorded']);
    // a new message after the hand-back is judged on its own
    expect(
      directiveOf(
        given([...base, recorded('m3', 3)])
          .when(signalsFor('m3', []))
          .events(),
      ),
    ).toEqual(['qualify']);
  });
});

describe('the lead asks whether they are talking to an AI', () => {
  const identity = anIdentityQuestion('r u a bot??');
  const turnOf = (events: { type: string; data: unknown }[]) => events.find((e) => e.type === 'turn.granted')?.data;

  it('records the question with the signals and grants a disclose_ai turn instead of the next question', () =>
    given([started(), recorded('m1', 1)])
      .when(signalsWithIdentity('m1', [], identity))
      .then([
        {
          type: 'signal.recorded',
          data: { messageId: 'm1', signals: [], identityQuestion: identity },
          actor: system,
          cause: 'signals detected',
          at,
        },
        {
          type: 'turn.granted',
          data: { turnId: 'turn-m1', inReplyTo: 'm1', directive: 'disclose_ai' },
          actor: system,
          cause: 'lead asked if it is an AI',
          at,
        },
      ]));

  it('hands off and discloses in one line when the lead also asks for a person', () => {
    const request = aSignal('explicit_request');
    const events = given([started(), recorded('m1', 1)])
      .when(signalsWithIdentity('m1', [request], anIdentityQuestion('is this a bot? i want a real person')))
      .events();
    expect(events.map((e) => e.type)).toEqual(['signal.recorded', 'handoff.triggered', 'turn.granted']);
    expect(turnOf(events)).toEqual({
      turnId: 'turn-m1',
      inReplyTo: 'm1',
      directive: 'disclose_ai',
      reason: 'explicit_request',
    });
  });

  it('answers truthfully while a handoff is pending, with the handoff as the reason (so no question is asked)', () => {
    const base = [started(), recorded('m1', 1), aHandoffTriggered('m1', [aSignal('high_intent')]), recorded('m2', 2)];
    expect(
      turnOf(
        given(base)
          .when(signalsWithIdentity('m2', [], anIdentityQuestion('eres un robot?', 'es')))
          .events(),
      ),
    ).toEqual({ turnId: 'turn-m2', inReplyTo: 'm2', directive: 'disclose_ai', reason: 'high_intent' });
  });

  it('grants nothing while a rep drives or the conversation is paused, but keeps the question on the record', () => {
    const human = [started(), recorded('m1', 1), aRepTookOver(), recorded('m2', 2)];
    expect(given(human).when(signalsWithIdentity('m2')).events()).toEqual([
      {
        type: 'signal.recorded',
        data: { messageId: 'm2', signals: [], identityQuestion: anIdentityQuestion() },
        actor: system,
        cause: 'signals detected',
        at,
      },
    ]);
    const paused = [
      started(),
      recorded('m1', 1),
      { type: 'ai.paused', data: {}, actor: { kind: 'supervisor', id: 's1' }, cause: 'paused', at } as const,
      recorded('m2', 2),
    ];
    expect(directiveOf(given(paused).when(signalsWithIdentity('m2')).events())).toEqual([]);
  });

  it('answers only the latest message: an older question overtaken by a newer message gets no turn of its own', () =>
    expect(
      directiveOf(
        given([started(), recorded('m1', 1), recorded('m2', 2)])
          .when(signalsWithIdentity('m1'))
          .events(),
      ),
    ).toEqual([]));

  it('keeps the signal record unchanged when nobody asked', () =>
    expect(
      given([started(), recorded('m1', 1)])
        .when(signalsFor('m1', []))
        .events()[0]!.data,
    ).toEqual({ messageId: 'm1', signals: [] }));
});

describe('a rep takes over and hands back', () => {
  it('gives a pending handoff to the rep who claims it and tells the lead', () =>
    given([started(), recorded('m1', 1), aHandoffTriggered()])
      .when({ type: 'take-over', repId: 'rep-7', repName: 'Dana', via: 'claim', at, policy: defaultHandoffPolicy })
      .then([
        {
          type: 'human.took-over',
          data: {
            repId: 'rep-7',
            repName: 'Dana',
            announcement: "I'm bringing in Dana from our team, who'll take it from here.",
          },
          actor: { kind: 'rep', id: 'rep-7' },
          cause: 'rep claimed the conversation',
          at,
        },
      ]));
  it('does not announce a rep who joined the lead on the call', () =>
    given([started(), recorded('m1', 1), aHandoffTriggered()])
      .when({ type: 'take-over', repId: 'rep-7', via: 'warm-transfer', at, policy: defaultHandoffPolicy })
      .then([
        {
          type: 'human.took-over',
          data: { repId: 'rep-7' },
          actor: { kind: 'rep', id: 'rep-7' },
          cause: 'rep joined the lead on the call (warm transfer)',
          at,
        },
      ]));
  it('changes nothing when the same claim arrives twice', () =>
    given([aHandoffTriggered(), aRepTookOver('rep-7')])
      .when({ type: 'take-over', repId: 'rep-7', via: 'claim', at, policy: defaultHandoffPolicy })
      .then([]));
  it('refuses a claim on a conversation another rep holds, naming that rep', () =>
    given([aHandoffTriggered(), aRepTookOver('rep-7')])
      .when({ type: 'take-over', repId: 'rep-8', via: 'claim', at, policy: defaultHandoffPolicy })
      .thenRefuses(HeldByAnotherRep));
  it('hands the conversation to a rep who writes in it, even while another rep holds it', () =>
    expect(
      given([aHandoffTriggered(), aRepTookOver('rep-7')])
        .when({ type: 'take-over', repId: 'rep-8', via: 'human-message', at, policy: defaultHandoffPolicy })
        .events()[0],
    ).toMatchObject({ type: 'human.took-over', data: { repId: 'rep-8' } }));
  it('refuses a hand-back by a rep who does not hold the conversation', () =>
    given([started(), recorded('m1', 1), aRepTookOver('rep-7')])
      .when({ type: 'hand-back', repId: 'rep-8', at, turnId: 't' })
      .thenRefuses(HeldByAnotherRep));
  it('refuses a hand-back while the AI drives', () =>
    given([]).when({ type: 'hand-back', repId: 'rep-7', at, turnId: 't' }).thenRefuses(NotDrivenByRep));
  it('refuses a claim on an opted-out lead', () =>
    given([
      started(),
      {
        type: 'opted-out',
        data: { channel: 'all', source: 'keyword' },
        actor: { kind: 'lead' },
        cause: 'opted out by keyword',
        at,
      },
    ])
      .when({ type: 'take-over', repId: 'rep-7', via: 'claim', at, policy: defaultHandoffPolicy })
      .thenRefuses(LeadOptedOut));
  it('gives the AI a follow-up turn on the latest lead message at hand-back', () =>
    expect(
      given([started(), recorded('m1', 1), aRepTookOver()])
        .when({ type: 'hand-back', repId: 'rep-7', note: 'quoted 6.1%', at, turnId: 't9' })
        .events(),
    ).toEqual([
      {
        type: 'handed-back',
        data: { repId: 'rep-7', note: 'quoted 6.1%' },
        actor: { kind: 'rep', id: 'rep-7' },
        cause: 'rep handed back',
        at,
      },
      {
        type: 'turn.granted',
        data: { turnId: 't9', inReplyTo: 'm1', directive: 'follow_up' },
        actor: system,
        cause: 'conversation handed back',
        at,
      },
    ]));
});

describe('a handoff on a live call with a rep there', () => {
  it('is a warm transfer, and its transition turn says so (the line is said on the call)', () => {
    const events = given([started(), recorded('m1', 1)])
      .when(signalsFor('m1', [aSignal('explicit_request')], { ...repNow, onLiveCall: true }))
      .events();
    expect(events.find((e) => e.type === 'handoff.triggered')?.data).toMatchObject({ mode: 'warm_transfer' });
    expect(events.find((e) => e.type === 'turn.granted')?.data).toMatchObject({
      directive: 'handoff_transition',
      reason: 'explicit_request',
      mode: 'warm_transfer',
    });
  });
});

describe('a warm transfer on a call finds no rep', () => {
  const warm = {
    ...aHandoffTriggered('m1'),
    data: { mode: 'warm_transfer', signals: [aSignal('explicit_request')], messageId: 'm1' },
  } as ConversationEvent;
  it('goes on as an async booking, with the same signals', () =>
    given([started(), recorded('m1', 1), warm])
      .when({ type: 'fall-back-to-booking', reason: 'no rep joined after 2 tried', at })
      .then([
        {
          type: 'handoff.triggered',
          data: { mode: 'async_booking', signals: [aSignal('explicit_request')], messageId: 'm1' },
          actor: system,
          cause: 'warm transfer failed: no rep joined after 2 tried',
          at,
        },
      ]));
  it('changes nothing once a rep took over, or when the handoff was no warm transfer', () => {
    given([started(), recorded('m1', 1), warm, aRepTookOver()])
      .when({ type: 'fall-back-to-booking', reason: 'x', at })
      .then([]);
    given([started(), recorded('m1', 1), aHandoffTriggered()])
      .when({ type: 'fall-back-to-booking', reason: 'x', at })
      .then([]);
  });
});

describe('pause, resume, opt-out, meetings and closing', () => {
  const supervisor = { kind: 'supervisor' as const, id: 'sup-1' };
  it('pauses once and resumes only a paused conversation', () => {
    expect(
      given([])
        .when({ type: 'pause', actor: supervisor, at })
        .events()
        .map((e) => e.type),
    ).toEqual(['ai.paused']);
    given([{ type: 'ai.paused', data: {}, actor: supervisor, cause: 'paused', at }])
      .when({ type: 'pause', actor: supervisor, at })
      .then([]);
    given([]).when({ type: 'resume', actor: supervisor, at }).thenRefuses(NotPaused);
  });
  it('opts out once, and an opt-in leaves the conversation paused for a rep', () => {
    const out = {
      type: 'opted-out',
      data: { channel: 'all', source: 'keyword' },
      actor: { kind: 'lead' },
      cause: 'opted out by keyword',
      at,
    } as const;
    given([out]).when({ type: 'opt-out', channel: 'all', source: 'keyword', at }).then([]);
    const events = given([out]).when({ type: 'opt-in', channel: 'all', source: 'keyword', at }).events();
    expect(
      conversationDecider.evolve(conversationDecider.evolve(conversationDecider.initialState(), out), events[0]!)
        .driver,
    ).toBe('paused');
  });
  it('links a meeting once and lets the AI confirm it', () => {
    const base = [started(), recorded('m1', 1), aHandoffTriggered()];
    expect(directiveOf(given(base).when(linkMeeting()).events())).toEqual(['confirm_booking']);
    expect(
      given([...base, ...given(base).when(linkMeeting()).events()])
        .when(linkMeeting())
        .events(),
    ).toEqual([]);
  });
  it('closes once', () => {
    const close = { type: 'close' as const, actor: supervisor, at };
    const events = given([started()]).when(close).events();
    expect(events.map((e) => e.type)).toEqual(['conversation.closed']);
    given([started(), ...events])
      .when(close)
      .then([]);
  });
  it('remembers a bounded number of messages, so its state costs the same however long the history', () => {
    const events = [started(), ...Array.from({ length: 600 }, (_, i) => recorded(`m${i}`, i + 1))];
    const state = events.reduce(conversationDecider.evolve, conversationDecider.initialState());
    expect(Object.keys(state.leadMessages)).toHaveLength(256);
    expect(state.leadMessages.m599).toBe(600);
    expect(state.leadMessages.m0).toBeUndefined();
    expect(state.latestLeadSequence).toBe(600);
  });

  it('keeps lead facts from the first message', () => {
    const state = [started(), recorded('m1', 1)].reduce(conversationDecider.evolve, conversationDecider.initialState());
    expect(state).toMatchObject({ started: true, ...leadFacts, latestLeadMessageId: 'm1', driver: 'ai' });
  });
});

// The lead's path through an async booking, one message per step: the transition and two times together, then
// the pick confirmed, and nothing more. Two AI messages in a row ("let me get someone" and then "I have 10:30
// or 1:15") read as a bot talking to itself; one line that moves the lead forward reads as a person.
describe('async booking, turn by turn', () => {
  const intent = aSignal('high_intent', 0.9, 'my contract expires Friday');
  const handoff = aHandoffTriggered('m1', [intent]);
  const base = [started(), recorded('m1', 1), signalRecorded('m1', [intent]), handoff];
  const offered = (offer = anOffer(), turnId = 't-offer', inReplyTo = 'm1'): ConversationEvent => ({
    type: 'turn.granted',
    data: { turnId, inReplyTo, directive: 'offer_slots', offer },
    actor: system,
    cause: `slots offered (${offer.why})`,
    at,
  });

  it('grants one offer_slots turn carrying the slots, the lead zone, the rep and the reason of the handoff', () =>
    given(base)
      .when({ type: 'offer-slots', offer: anOffer(), inReplyTo: 'm1', at, turnId: 't-offer' })
      .then([
        {
          type: 'turn.granted',
          data: {
            turnId: 't-offer',
            inReplyTo: 'm1',
            directive: 'offer_slots',
            reason: 'high_intent',
            offer: anOffer(),
          },
          actor: system,
          cause: 'slots offered (handoff)',
          at,
        },
      ]));

  it('grants nothing for an offer heard again, or one that arrives after a rep took over', () => {
    const withOffer = [...base, offered()];
    given(withOffer).when({ type: 'offer-slots', offer: anOffer(), inReplyTo: 'm1', at, turnId: 't-again' }).then([]);
    given([...base, aRepTookOver()])
      .when({ type: 'offer-slots', offer: anOffer(), inReplyTo: 'm1', at, turnId: 't-late' })
      .then([]);
  });

  it('answers a pick that overtook its own message by recording the message first, so the turn stays open', () => {
    const events = given([...base, offered()])
      .when({ type: 'offer-slots', offer: anOffer('o2', 'clarify'), inReplyTo: 'm2', at, turnId: 't-clarify' })
      .events();
    expect(
      events.map((e) => (e.type === 'turn.granted' ? `${e.type}:${e.data.inReplyTo}:${e.data.directive}` : e.type)),
    ).toEqual(['lead-message.recorded', 'turn.granted:m2:offer_slots']);
    const state = [...base, offered(), ...events].reduce(
      conversationDecider.evolve,
      conversationDecider.initialState(),
    );
    expect(state.turn).toMatchObject({ turnId: 't-clarify', open: true });
    // the message itself arriving later records nothing and leaves the turn open
    expect(conversationDecider.decide(leadWrote('m2'), state)).toEqual([]);
  });

  it('says the handoff without times when no rep has two free slots', () =>
    expect(given(base).when({ type: 'report-no-slots', inReplyTo: 'm1', at, turnId: 't-none' }).events()).toEqual([
      {
        type: 'turn.granted',
        data: { turnId: 't-none', inReplyTo: 'm1', directive: 'handoff_transition', reason: 'high_intent' },
        actor: system,
        cause: 'no slots to offer',
        at,
      },
    ]));

  it('links the booked meeting and grants the confirmation, which ends the exchange (no further turn)', () => {
    const events = given([...base, offered(), recorded('m2', 2)])
      .when(linkMeeting(aMeeting(), 't-confirm', 'm2'))
      .events();
    expect(events).toEqual([
      {
        type: 'meeting.linked',
        data: { meetingId: 'mt1', repId: 'demo-rep', startsAt: aMeeting().start },
        actor: system,
        cause: 'meeting booked',
        at,
      },
      {
        type: 'turn.granted',
        data: { turnId: 't-confirm', inReplyTo: 'm2', directive: 'confirm_booking', meeting: aMeeting() },
        actor: system,
        cause: 'meeting booked',
        at,
      },
    ]);
    // "thanks!" after the confirmation: a pending handoff grants nothing, so there is no forced "anything else?"
    const after = [...base, offered(), recorded('m2', 2), ...events, recorded('m3', 3)];
    expect(directiveOf(given(after).when(signalsFor('m3', [])).events())).toEqual([]);
  });

  it('links a moved meeting again, and confirms the move', () => {
    const booked = [...base, ...given(base).when(linkMeeting()).events()];
    const moved = aMeeting({
      start: '2026-03-03T20:00:00.000Z',
      end: '2026-03-03T20:15:00.000Z',
      status: 'rescheduled',
    });
    expect(
      given(booked)
        .when(linkMeeting(moved, 't-move'))
        .events()
        .map((e) => (e.type === 'turn.granted' ? e.data.directive : e.cause)),
    ).toEqual(['meeting moved', 'confirm_booking']);
  });

  it('unlinks a cancelled meeting and confirms the cancellation; a missed one is rebooked as the policy says', () => {
    const booked = [...base, ...given(base).when(linkMeeting()).events()];
    const cancel = {
      type: 'unlink-meeting' as const,
      meetingId: 'mt1',
      reason: 'cancelled' as const,
      meeting: aMeeting({ status: 'cancelled' }),
      repId: 'demo-rep',
      policy: defaultHandoffPolicy,
      at,
      turnId: 't-c',
    };
    expect(
      given(booked)
        .when(cancel)
        .events()
        .map((e) => e.type),
    ).toEqual(['meeting.unlinked', 'turn.granted']);
    const noShow = given(booked)
      .when({ ...cancel, reason: 'no_show', meeting: aMeeting({ status: 'no_show' }) })
      .events();
    expect(noShow).toEqual([
      {
        type: 'meeting.unlinked',
        data: { meetingId: 'mt1', reason: 'no_show', rebook: true },
        actor: { kind: 'rep', id: 'demo-rep' },
        cause: 'the lead missed the meeting',
        at,
      },
    ]);
    given(booked)
      .when({ ...cancel, meetingId: 'other' })
      .then([]);
  });

  it('after an attended meeting, follows up only where the tenant allows it', () => {
    const booked = [...base, ...given(base).when(linkMeeting()).events()];
    const attended = {
      type: 'unlink-meeting' as const,
      meetingId: 'mt1',
      reason: 'attended' as const,
      meeting: aMeeting({ status: 'attended' }),
      repId: 'demo-rep',
      policy: defaultHandoffPolicy,
      at,
      turnId: 't-a',
    };
    expect(
      given(booked)
        .when(attended)
        .events()
        .map((e) => e.type),
    ).toEqual(['meeting.unlinked']);
    const followUp = {
      ...attended,
      policy: { ...defaultHandoffPolicy, afterMeeting: { attended: 'follow_up' as const, noShow: 'none' as const } },
    };
    expect(
      given(booked)
        .when(followUp)
        .events()
        .map((e) => (e.type === 'turn.granted' ? e.data.directive : e.type)),
    ).toEqual(['meeting.unlinked', 'handed-back', 'follow_up']);
  });
});
