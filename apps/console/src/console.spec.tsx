import { render, screen } from '@testing-library/react';
import { permissionsOf } from './console-context';
import { BriefCard, Highlighted } from './pages/ConversationView';
import { renewalDelay, sessionOf } from './session';
import { waited } from './time';

const jwt = (claims: Record<string, unknown>) =>
  `e30.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`;

describe('the evidence of a handoff, marked in the message it came from', () => {
  it('marks each signal span and keeps the rest of the text as it was', () => {
    const text = 'ok but can I talk to a real person? this is taking forever';
    const { container } = render(
      <p>
        <Highlighted
          text={text}
          signals={[
            {
              signal: 'explicit_request',
              confidence: 0.95,
              detector: 'rules',
              evidence: { text: 'talk to a real person', start: 13, end: 34 },
            },
            {
              signal: 'sentiment_shift',
              confidence: 0.7,
              detector: 'rules',
              evidence: { text: 'taking forever', start: 44, end: 58 },
            },
          ]}
        />
      </p>,
    );
    expect(Array.from(container.querySelectorAll('mark')).map((m) => m.textContent)).toEqual([
      'talk to a real person',
      'taking forever',
    ]);
    expect(container.textContent).toBe(text);
  });
  it('marks nothing for a span that does not fit the message (an older message, an edited text)', () => {
    const { container } = render(
      <p>
        <Highlighted
          text="short"
          signals={[
            { signal: 'high_intent', confidence: 0.8, detector: 'model', evidence: { text: 'x', start: 10, end: 20 } },
          ]}
        />
      </p>,
    );
    expect(container.querySelectorAll('mark')).toHaveLength(0);
    expect(screen.getByText('short')).toBeTruthy();
  });
});

describe('who the console thinks is signed in (the API decides what they may do)', () => {
  it('reads sub, role and tenant from the JWT', () => {
    expect(sessionOf(jwt({ sub: 'rep-7', role: 'rep', tenant: 'acme', exp: 2_000_000_000 }), 'oidc')).toMatchObject({
      subject: 'rep-7',
      role: 'rep',
      tenantId: 'acme',
      expiresAt: 2_000_000_000,
    });
  });
  it('refuses a token without the claims the API needs', () => {
    expect(() => sessionOf(jwt({ sub: 'x' }), 'token')).toThrow(/no sub, role or tenant/);
    expect(() => sessionOf('not-a-jwt', 'token')).toThrow();
  });
  it('offers auditors no action and reps no supervisor action', () => {
    expect(permissionsOf('auditor')).toEqual({
      actAsRep: false,
      supervise: false,
      readOnly: true,
      kpis: true,
      simulate: false,
    });
    expect(permissionsOf('rep')).toMatchObject({ actAsRep: true, supervise: false, readOnly: false, kpis: false });
    expect(permissionsOf('supervisor')).toMatchObject({ actAsRep: false, supervise: true });
  });
});

describe('how long a lead has waited', () => {
  const now = Date.parse('2026-03-02T15:00:00Z');
  it.each([
    ['2026-03-02T14:59:30Z', 'just now'],
    ['2026-03-02T14:56:00Z', '4 min'],
    ['2026-03-02T13:55:00Z', '1 h 05 min'],
    ['2026-02-27T15:00:00Z', '3 days'],
  ])('since %s: %s', (since, shown) => expect(waited(since, now)).toBe(shown));
});

describe('the brief card, the 60-second read', () => {
  it('says the fact the lead needs most once, not again under its own heading', () => {
    const byFriday = { slot: 'timeline', value: 'by Fri Mar 13', quote: 'need it by friday', messageId: 'm-2' };
    const preapproval = { slot: 'need', value: 'pre-approval', quote: 'looking to get preapproved', messageId: 'm-1' };
    const { container } = render(
      <BriefCard
        brief={{
          briefId: 'b-1',
          version: 3,
          cycle: 1,
          engine: 'extractive',
          summary: 'Wants a pre-approval by Friday.',
          openingLine: 'Hi, this is Sarah.',
          status: 'final',
          builtAt: '2026-03-03T14:00:00.000Z',
          fields: {
            lead: { phone: '+15125550100' },
            source: {},
            need: [preapproval],
            timeline: [byFriday, { value: 'closing in April', quote: 'closing in april', messageId: 'm-3' }],
            specifics: [],
            financialProfile: [],
            decisionMakers: [],
            objections: [],
            competitors: [],
            contactPreference: [],
            urgency: 'high',
            sentiment: { trajectory: 'steady', points: [] },
            reQuestions: [],
            needsMost: byFriday,
          },
        }}
        onCite={() => {}}
        onUseOpening={() => {}}
        canCompose={false}
      />,
    );
    const values = Array.from(container.querySelectorAll('.field .value')).map((v) => v.textContent);
    expect(values.filter((v) => v === 'by Fri Mar 13')).toHaveLength(1);
    expect(values).toEqual(expect.arrayContaining(['pre-approval', 'closing in April']));
    const headings = Array.from(container.querySelectorAll('dt')).map((d) => d.textContent);
    expect(headings).toEqual(expect.arrayContaining(['Needs most', 'Need', 'Timeline']));
  });
});

describe('when the console renews an OIDC token', () => {
  const now = Date.parse('2026-03-03T14:00:00Z');
  const at = (secondsFromNow: number) => now / 1000 + secondsFromNow;
  it('renews an hour-long token a minute before it expires', () => {
    expect(renewalDelay(at(3600), 3600, now)).toBe(3540_000);
  });
  it('renews a short token a quarter of its life ahead, and an expired one at once', () => {
    expect(renewalDelay(at(20), 20, now)).toBe(15_000);
    expect(renewalDelay(at(-5), 300, now)).toBe(0);
  });
});
