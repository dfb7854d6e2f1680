import { createHash } from 'node:crypto';
import { clausesOf, folded, isQuestion, wordCount, type Clause } from './clauses';
import type { CitedFact, ListSection, Turn } from './brief-input';
import {
  reachWords,
  brands,
  competitorCues,
  contactChannel,
  contactCues,
  contactTime,
  correctionCues,
  creditWords,
  decisionCues,
  deciders,
  employmentWords,
  financialCues,
  needCues,
  strongNeedCues,
  noCompetitor,
  notANeed,
  notAnObjection,
  objectionCues,
  preApprovalWords,
  priorityCues,
  referralCues,
  relaxedWords,
  soloDecision,
  specificsCues,
  timelineNouns,
  topicOfQuestion,
  urgentWords,
  type Topic,
} from './lexicon';
import { countsIn, formatMoney, moneyIn, numbersIn, percentsIn, type Money } from './quantities';
import { datesIn, formatDay, urgencyOf } from './timeline';

/** A fact as found, before corrections are applied. */
export interface Found extends CitedFact {
  section: ListSection | 'name' | 'email' | 'referral' | 'priority';
  /** the order it was found in: later corrects earlier */
  order: number;
  correction: boolean;
  kind?: 'money' | 'percent' | 'score' | 'date' | 'count' | 'text';
  amount?: number;
}

// Slots that hold one value: a later statement replaces an earlier one (and the brief shows what it replaced).
const singleSlots = new Set([
  'financialProfile:credit_score',
  'financialProfile:income',
  'financialProfile:down_payment',
  'financialProfile:current_rate',
  'financialProfile:budget',
  'financialProfile:savings',
  'financialProfile:current_payment',
  'financialProfile:pre_approval',
  'specifics:loan',
  'specifics:property_value',
  'specifics:seats',
  'specifics:quote',
  'specifics:energy_bill',
  'specifics:amount',
]);

const moneySpecifics: { slot: string; pattern: RegExp }[] = [
  {
    slot: 'loan',
    pattern:
      /\b(loan|mortgage|balance|owe|owed|left on|payoff|principal|cash[- ]out|borrow|heloc|refi\w*|pull out|take out)\b/,
  },
  {
    slot: 'property_value',
    pattern:
      /\b(worth|valued|appraised|apprais\w*|value|zestimate|listed (at|for)|asking|list price|sold for|bought (it )?for|paid)\b/,
  },
  { slot: 'energy_bill', pattern: /\b(electric(ity)?|power|utility|energy|light|gas) bill|\bbill\b/ },
  {
    slot: 'quote',
    pattern: /\b(quotes?|quoted|estimates?|bids?|proposals?|offers?|offered|charg\w*|asking (price|for))\b/,
  },
  { slot: 'vehicle', pattern: /\b(trade[- ]?in|msrp|sticker|otd|out the door)\b/ },
];

const nameStop =
  /^(looking|interested|ready|not|just|so|good|fine|great|here|there|trying|thinking|wondering|calling|texting|curious|hoping|planning|currently|actually|also|still|sure|ok|okay|in|at|on|the|a|an|retired|self|married|single|new|back|home|out|about|very|really|pretty|glad|happy|sorry|busy|free|available|done|buying|selling|moving|working|paying|going|getting|renting)$/i;
const leadName =
  /\b(?:my name is|my name's|name is|name's|this is|i'm|i am|it's|its)\s+([A-Z][a-z]{1,20})(?:\s+([A-Z][a-z]{1,20}))?\b/;
const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const negativeAnswer =
  /^(no|nope|nah|not (yet|really|sure)|none|n\/a|idk|dunno|i don'?t know|no idea|not that i know of)\b/;
const filler =
  /^(yes|yeah|yep|yup|ok|okay|sure|correct|right|exactly|mhm|uh huh|k|kk|lol|haha|hi|hey|hello|thanks|thank you|thx|cool|great|perfect|awesome|sounds good|got it)[\s!.,]*$/;

interface Context {
  turn: Turn;
  zone: string;
  /** what the last AI or rep question asked, until a clause answers it */
  question?: Topic;
  /** the previous AI or rep line and the previous lead line: what "it" in "like $380 in summer" refers to */
  recent: string;
  found: Found[];
  order: { next: number };
}

function fact(
  ctx: Context,
  clause: Clause,
  section: Found['section'],
  value: string,
  extra: Partial<Found> = {},
  span?: { start: number; end: number },
): Found {
  const quote = span ? ctx.turn.text.slice(clause.start + span.start, clause.start + span.end) : clause.text;
  return {
    section,
    value: value.trim(),
    quote: quote.trim(),
    messageId: ctx.turn.id,
    at: ctx.turn.at,
    order: ctx.order.next++,
    correction: correctionCues.test(folded(clause.text)),
    ...extra,
  };
}

/** A clause, shortened to its first words when long: what a value reads as. */
const greeting =
  /^((hi|hey|hello|yo|hiya|good (morning|afternoon|evening))( there)?|so|um+|uh+|well|ok(ay)?|yeah|yes|yep|ya|hmm+|honestly|basically|lol)\b[\s,!.]*/i;
/** A clause without the greeting or filler it opens with: what a value reads as (the quote keeps every word). */
export const cleanValue = (text: string) => {
  let t = text.trim();
  for (let i = 0; i < 3 && greeting.test(t); i++) t = t.replace(greeting, '');
  return t.replace(/[.!?,\s]+$/, '') || text.trim();
};
const gist = (text: string, words = 18) => {
  const parts = cleanValue(text).split(/\s+/);
  return parts.length <= words ? parts.join(' ') : `${parts.slice(0, words).join(' ')}...`;
};

/** The cue nearest to a span, among those that match the clause. */
function nearestCue<T extends { pattern: RegExp }>(
  text: string,
  cues: T[],
  at: { start: number; end: number },
): { cue: T; distance: number } | undefined {
  let best: { cue: T; distance: number } | undefined;
  for (const cue of cues) {
    const global = new RegExp(
      cue.pattern.source,
      cue.pattern.flags.includes('g') ? cue.pattern.flags : `${cue.pattern.flags}g`,
    );
    for (const m of text.matchAll(global)) {
      const start = m.index!;
      const end = start + m[0].length;
      const distance = end <= at.start ? at.start - end : start >= at.end ? (start - at.end) * 1.5 : 0; // cues before the amount read first
      if (!best || distance < best.distance) best = { cue, distance };
    }
  }
  return best;
}

function moneyFacts(ctx: Context, clause: Clause, f: string): Found[] {
  const out: Found[] = [];
  const amounts = moneyIn(clause.text);
  const moneyCues = [
    ...moneySpecifics.map((c) => ({ section: 'specifics' as const, slot: c.slot, pattern: c.pattern })),
    ...financialCues
      .filter((c) => c.takes.includes('money'))
      .map((c) => ({ section: 'financialProfile' as const, slot: c.slot, pattern: c.pattern })),
  ];
  for (const amount of amounts) {
    const cue = nearestCue(f, moneyCues, amount);
    let target: { section: 'specifics' | 'financialProfile'; slot: string } | undefined =
      cue && cue.distance < 60 ? cue.cue : undefined;
    const q = ctx.question;
    if (!target && q && (q.section === 'financialProfile' || q.section === 'specifics')) {
      target = { section: q.section, slot: q.slot ?? (q.section === 'specifics' ? 'amount' : 'budget') };
    }
    if (!target && amount.explicit) {
      const earlier = nearestCue(
        ctx.recent,
        moneyCues.filter((c) => c.slot !== 'budget' && c.slot !== 'quote'),
        { start: ctx.recent.length, end: ctx.recent.length },
      );
      if (earlier) target = earlier.cue;
    }
    // "around 350" answering a price question: a bare number is money only when the question asked for money
    const moneyQuestion =
      q &&
      (q.section === 'financialProfile' ||
        (q.section === 'specifics' && /loan|property_value|energy_bill|quote/.test(q.slot ?? '')));
    if (!amount.explicit && !moneyQuestion) continue;
    // a bare amount in a home-price answer ("around 350") means thousands
    let value: Money = amount;
    if (
      !amount.explicit &&
      amount.amount < 5000 &&
      q &&
      /budget|loan|property_value|income|down_payment/.test(q.slot ?? '')
    ) {
      value = { ...amount, amount: amount.amount * 1000, ...(amount.to ? { to: amount.to * 1000 } : {}) };
    }
    target ??= { section: 'financialProfile', slot: 'budget' };
    if (
      target.section === 'financialProfile' &&
      target.slot === 'current_payment' &&
      /\b(want|hoping|like|need|get|keep|under|below|lower)\b/.test(f)
    )
      target = { ...target, slot: 'budget' };
    out.push(
      fact(ctx, clause, target.section, formatMoney(value), { slot: target.slot, kind: 'money', amount: value.amount }),
    );
  }
  return out;
}

function percentFacts(ctx: Context, clause: Clause, f: string): Found[] {
  const out: Found[] = [];
  for (const p of percentsIn(clause.text)) {
    const before = f.slice(Math.max(0, p.start - 40), p.end + 25);
    const slot = /\bdown\b/.test(before)
      ? 'down_payment'
      : /\b(rate|interest|apr|at)\b/.test(before)
        ? 'current_rate'
        : ctx.question?.slot === 'down_payment' || ctx.question?.slot === 'current_rate'
          ? ctx.question.slot
          : /\b(equity)\b/.test(before)
            ? 'equity'
            : undefined;
    if (!slot) continue;
    const value = `${p.value}${p.to ? `-${p.to}` : ''}%${slot === 'down_payment' ? ' down' : ''}`;
    out.push(fact(ctx, clause, 'financialProfile', value, { slot, kind: 'percent', amount: p.value }));
  }
  // "around 7" answering a rate question
  if (out.length === 0 && ctx.question?.slot === 'current_rate') {
    const n = numbersIn(clause.text).find((x) => x.value > 0 && x.value < 20);
    if (n)
      out.push(
        fact(ctx, clause, 'financialProfile', `${n.value}%`, {
          slot: 'current_rate',
          kind: 'percent',
          amount: n.value,
        }),
      );
  }
  return out;
}

function creditFacts(ctx: Context, clause: Clause, f: string, knownCredit: boolean): Found[] {
  const cue = /\b(credit|fico|score)\b/.test(f);
  const asked = ctx.question?.slot === 'credit_score';
  const words = creditWords.exec(f);
  const scores = numbersIn(clause.text).filter(
    (n) =>
      Number.isInteger(n.value) &&
      n.value >= 300 &&
      n.value <= 850 &&
      !/^\s*(k|sq|square|miles|kwh|a month|\/mo|dollars|bucks|ft)/i.test(clause.text.slice(n.end)) &&
      clause.text[n.start - 1] !== '$',
  );
  const correcting = correctionCues.test(f) && knownCredit;
  if (scores.length > 0 && (cue || asked || correcting)) {
    const s = scores[scores.length - 1]!;
    const around = /\b(around|about|like|maybe|roughly|~)\s*$/.test(f.slice(0, s.start));
    return [
      fact(ctx, clause, 'financialProfile', `${around ? 'about ' : ''}${s.value}`, {
        slot: 'credit_score',
        kind: 'score',
        amount: s.value,
      }),
    ];
  }
  if (words && (cue || asked || /\d00s/.test(words[0]))) {
    return [fact(ctx, clause, 'financialProfile', words[0], { slot: 'credit_score', kind: 'text' })];
  }
  if (
    asked &&
    /\b(excellent|great|good|fair|decent|poor|bad|terrible|not great|not good|average|solid|perfect|ok|okay)\b/.test(
      f,
    ) &&
    wordCount(clause.text) <= 8
  ) {
    return [fact(ctx, clause, 'financialProfile', gist(clause.text, 8), { slot: 'credit_score', kind: 'text' })];
  }
  return [];
}

/** The comma- or "and"-delimited part of a clause around a span: "closing in 9 days" of "closing in 9 days, need commitment by Friday". */
function partAround(text: string, span: { start: number; end: number }): { start: number; end: number } {
  let start = 0;
  let end = text.length;
  for (const m of text.matchAll(/,\s*|\s+and\s+(?=\w+\s+\w+)|\s+so\s+/g)) {
    if (m.index! + m[0].length <= span.start) start = m.index! + m[0].length;
    else if (m.index! >= span.end) {
      end = m.index!;
      break;
    }
  }
  return { start, end };
}

const timelineSlot = (f: string) =>
  /\bclos(e|ing)(?! costs?| fees?)\b/.test(f)
    ? 'closing'
    : /\b(renew\w*|expir\w*)\b/.test(f)
      ? 'renewal'
      : /\b(move|moving|move[- ]in|lease)\b/.test(f)
        ? 'move'
        : /\b(commit\w*|decide|decision|sign)\b/.test(f)
          ? 'decision'
          : /\b(start|install\w*|go[- ]live|launch|begin)\b/.test(f)
            ? 'start'
            : 'timeline';

function timelineFacts(ctx: Context, clause: Clause, f: string, isContact: boolean): Found[] {
  const dates = isContact ? [] : datesIn(clause.text, ctx.turn.at, ctx.zone);
  const urgent = urgentWords.test(f);
  const relaxed = relaxedWords.exec(f);
  const asked = ctx.question?.section === 'timeline';
  const out: Found[] = [];
  const past =
    /\b(ago|been|since|used to|last (year|month|week)|bought (it|the house|our home) in|had it for|for the (past|last))\b/.test(
      f,
    );
  for (const mention of past ? [] : dates) {
    const part = partAround(clause.text, mention);
    const words = folded(clause.text.slice(part.start, part.end));
    if (!(timelineNouns.test(words) || urgentWords.test(words) || asked || timelineNouns.test(f))) continue;
    const day = formatDay(mention.date, ctx.turn.at, ctx.zone);
    const said = cleanValue(clause.text.slice(part.start, part.end));
    const urgency = relaxedWords.test(words) ? 'low' : urgencyOf(mention.days);
    out.push(
      fact(
        ctx,
        clause,
        'timeline',
        `${gist(said, 14)} (${day})`,
        { slot: timelineSlot(words), kind: 'date', date: mention.date, urgency },
        part,
      ),
    );
  }
  if (out.length > 0) return out;
  const slot = timelineSlot(f);
  if (relaxed) {
    out.push(fact(ctx, clause, 'timeline', gist(cleanValue(clause.text), 16), { slot, kind: 'text', urgency: 'low' }));
  } else if (urgent && !isContact && !past && (timelineNouns.test(f) || asked || /\basap\b/.test(f))) {
    out.push(fact(ctx, clause, 'timeline', gist(cleanValue(clause.text), 16), { slot, kind: 'text', urgency: 'high' }));
  } else if (
    asked &&
    !isContact &&
    !negativeAnswer.test(f) &&
    !filler.test(f) &&
    !isQuestion(clause.text) &&
    wordCount(clause.text) <= 14
  ) {
    out.push(fact(ctx, clause, 'timeline', gist(cleanValue(clause.text), 16), { slot, kind: 'text' }));
  }
  return out;
}

function decisionFacts(ctx: Context, clause: Clause, f: string): Found[] {
  const who = [...f.matchAll(new RegExp(deciders.source, 'g'))].map((m) => m[0]);
  const asked = ctx.question?.section === 'decisionMakers';
  if (soloDecision.test(f) && (asked || /\b(decid|decision|call|sign|approv|only|just me)\b/.test(f))) {
    return [fact(ctx, clause, 'decisionMakers', `the lead decides alone (${gist(clause.text, 10)})`)];
  }
  if (who.length === 0) {
    if (asked && /\b(we|us|both|together|our)\b/.test(f))
      return [fact(ctx, clause, 'decisionMakers', gist(clause.text, 14))];
    return [];
  }
  // "my wife drives too" is the household, not the decision: a decision word or the question makes it one
  if (!decisionCues.test(f) && !asked) return [];
  if (
    /\b(drives?|driving|lives?|living|works?|uses?|goes|went|birthday|kids?)\b/.test(f) &&
    !/\b(decid|decision|sign|approv|agree|final say|on board|run it|check with|talk (it over )?(to|with)|co-?sign|on the (loan|title)|says|thinks|wants|skeptical|requir\w*|has to|have to)\b/.test(
      f,
    )
  )
    return [];
  const people = [...new Set(who)].join(', ');
  return [fact(ctx, clause, 'decisionMakers', `${people}: ${gist(clause.text, 14)}`)];
}

function objectionFacts(ctx: Context, clause: Clause, f: string): Found[] {
  if (!objectionCues.test(f) || notAnObjection.test(f)) {
    if (
      ctx.question?.section === 'objections' &&
      !negativeAnswer.test(f) &&
      !filler.test(f) &&
      wordCount(clause.text) >= 2
    ) {
      return [fact(ctx, clause, 'objections', gist(clause.text, 18))];
    }
    return [];
  }
  // a plain question about costs is a question; pushback asks with an edge ("is there a catch?", "hidden fees?")
  if (
    isQuestion(clause.text) &&
    !/\b(catch|hidden|scam|too|worried|concern|penalt|locked|credit (check|pull|hit)|hard pull|hurt my credit|commitment|cancel|contract|harder|is that true|heard)\b/.test(
      f,
    )
  )
    return [];
  return [fact(ctx, clause, 'objections', gist(clause.text, 18))];
}

function competitorFacts(ctx: Context, clause: Clause, f: string): Found[] {
  if (noCompetitor.test(f)) return [];
  const out: Found[] = [];
  const seen = new Set<string>();
  for (const m of clause.text.matchAll(new RegExp(brands.source, 'gi'))) {
    const name = m[0];
    // what the lead's tools must work with is a requirement, not a rival; a listings site is a source unless it offers
    if (
      new RegExp(
        `\\b(integrat\\w*|sync\\w*|connect\\w*|works?|plugs?|compatible)\\s+(in)?(with|to|into)\\s+(\\w+\\s+)?${name}`,
        'i',
      ).test(clause.text)
    )
      continue;
    if (
      /^(zillow|kbb|kelley blue book|autotrader|cars\.com|yelp|angi|angie'?s list|homeadvisor|thumbtack|truecar|google)$/i.test(
        name,
      ) &&
      !/\b(agent|offer\w*|quot\w*|bid|estimate|working with|through|with)\b/.test(f)
    )
      continue;
    // a rep or agent of ours, or "home" in "home depot"-like words, are fine; a brand is a competitor mention
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(fact(ctx, clause, 'competitors', `${name}: ${gist(clause.text, 14)}`));
  }
  if (out.length === 0 && competitorCues.test(f)) {
    // a capitalised name after "quote from", "with", "using", "through": "a quote from Apex Roofing"
    const named =
      /\b(?:from|with|through|using|at|to|by|vs\.?|versus|over)\s+((?:[A-Z][\w&'.-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w&'.-]*|&|of))*)/.exec(
        clause.text,
      );
    const strong =
      /\b(quotes?|quoted|offers?|offered|estimates?|bids?|proposals?|pre-?approv\w*|approved|insured|currently (with|using|on)|using|switch(ing)? from|competitor|going with|other (lenders?|companies|agents?|installers?|dealers?|vendors?|providers?|options|banks?|brokers?|contractors?|carriers?|tools?|platforms?)|another (lender|company|agent|installer|dealer|vendor|provider|bank|broker|contractor|carrier|quote|tool|platform)|shopping around|comparing|cheaper|beat|match)\b/.test(
        f,
      );
    const lower =
      /\b(?:quotes?|quoted|offers?|estimates?|bids?|proposals?|approved|financ\w+)\s+(?:\w+\s+){0,2}(?:from|with|through|by)\s+(?!(?:you|your|ya|u|my|our|the|a|an|them|him|her|us|me|this|that|it)\b)([a-z][\w&'.-]{2,})/.exec(
        f,
      );
    // "servpro quoted 6k", "Apex offered 14k": a name before the verb of an offer
    const quoter =
      /(?:^|[,.;]\s*|\b(?:and|but|so)\s+)([A-Za-z][\w&'.-]{2,}(?:\s+[A-Z][\w&'.-]+)?)\s+(?:quoted|offered|wants|charges|is charging|gave (?:me|us)|came in at|is offering|bid)\b/.exec(
        clause.text,
      );
    const notAName =
      /^(i|we|they|he|she|it|you|someone|somebody|guy|company|contractor|dealer|dealership|agent|lender|bank|installer|everyone|nobody|another|other|the|one|who|that|which|he'?s|she'?s)$/i;
    if (quoter && !notAName.test(quoter[1]!)) {
      out.push(fact(ctx, clause, 'competitors', `${quoter[1]}: ${gist(clause.text, 14)}`));
    } else if (
      named &&
      strong &&
      !/^(I|We|My|Our|The|A|An|It|This|That|Friday|Monday|Tuesday|Wednesday|Thursday|Saturday|Sunday|Zillow)$/.test(
        named[1]!,
      )
    ) {
      out.push(fact(ctx, clause, 'competitors', `${named[1]}: ${gist(clause.text, 14)}`));
    } else if (lower) {
      out.push(fact(ctx, clause, 'competitors', `${lower[1]}: ${gist(clause.text, 14)}`));
    } else if (
      (strong && /\b(other|another|shopping around|comparing|cheaper|beat|match|competitor|quotes)\b/.test(f)) ||
      /\b(got|have|received|had|getting|gotten)\s+(a|an|one|two|three|\d+|another|other|a few|some|several)\s+(other\s+)?(\w+\s+)?(quotes?|estimates?|bids?|offers?|proposals?)\b/.test(
        f,
      )
    ) {
      out.push(fact(ctx, clause, 'competitors', gist(clause.text, 16)));
    }
  }
  if (
    out.length === 0 &&
    ctx.question?.section === 'competitors' &&
    !negativeAnswer.test(f) &&
    !filler.test(f) &&
    !isQuestion(clause.text)
  ) {
    out.push(fact(ctx, clause, 'competitors', gist(clause.text, 14)));
  }
  return out;
}

function contactFacts(ctx: Context, clause: Clause, f: string): Found[] {
  const channel = contactChannel.exec(f);
  const time = contactTime.exec(f);
  const asked = ctx.question?.section === 'contactPreference';
  const talkRequest =
    /\b(talk|speak|chat)\s+(to|with)\s+(a|an|some|someone|somebody|person|human|real|rep|agent)\b/.test(f) && !channel;
  if (talkRequest) return [];
  if (
    (channel &&
      contactCues.test(f) &&
      !/\b(i'?ll|i will|i can|let me) (call|text|email)\b/.test(f) &&
      !/\b(the|my|your) (bank|lender|agent|insurance|company)\b/.test(f)) ||
    (time && (asked || reachWords.test(f))) ||
    (asked && channel)
  ) {
    if (isQuestion(clause.text) && !channel && !time) return [];
    const parts = [
      channel
        ? /(don'?t|do not|no|not|can'?t|cannot)\s+(\w+\s+)?(call|phone|ring)/.test(f)
          ? 'no calls'
          : channel[0].replace(/s$|ing$/, '')
        : undefined,
      time?.[0],
    ].filter(Boolean);
    return [fact(ctx, clause, 'contactPreference', `${parts.join(', ')}: ${gist(clause.text, 14)}`)];
  }
  return [];
}

function specificsFacts(ctx: Context, clause: Clause, f: string, taken: Found[]): Found[] {
  const out: Found[] = [];
  const hasMoney = taken.some((t) => t.section === 'specifics');
  const counts = countsIn(clause.text);
  const hasNumber = numbersIn(clause.text).length > 0 || counts.length > 0;
  const located =
    /\b(in|near|around|outside( of)?|moving to|based in|located in|live in)\s+[A-Z][a-zA-Z]+/.test(clause.text) ||
    /\b\d{5}\b/.test(clause.text);
  // weak nouns ("my house", "the team", "a plan") count only with a detail: a number, a place, a type
  const weak: Record<string, RegExp> = {
    property: /^(home|house|property|place|listing|lot|garage|yard)$/,
    seats: /^(team|teams|staff|people|person|employees|offices?|locations?|departments?)$/,
    requirements: /^(plan|tier|import|export|reporting|dashboard|crm|migration|migrate)$/,
    system: /^(unit|windows?|pipes?|drain\w*|outlets?)$/,
    coverage: /^(policy|policies|drivers?|cars|vehicles|term)$/,
  };
  const matches = specificsCues.flatMap((cue) => {
    const words = [
      ...(cue.pattern.flags.includes('i') ? clause.text : f).matchAll(
        new RegExp(cue.pattern.source, cue.pattern.flags.includes('g') ? cue.pattern.flags : `${cue.pattern.flags}g`),
      ),
    ].map((m) => m[0].toLowerCase());
    if (words.length === 0 || taken.some((t) => t.section === 'specifics' && t.slot === cue.slot)) return [];
    return [{ cue, onlyWeak: Boolean(weak[cue.slot]) && words.every((w) => weak[cue.slot]!.test(w)) }];
  });
  const ordered = [...matches.filter((m) => !m.onlyWeak), ...matches.filter((m) => m.onlyWeak)];
  for (const { cue, onlyWeak } of ordered) {
    if (onlyWeak && !hasNumber && !located && !(ctx.question?.section === 'specifics')) continue;
    if (cue.slot === 'seats') {
      const unit =
        /\b(\d+)[\s-]+(?:[a-z]+[\s-]+)?(seats?|users?|licenses?|reps|agents|employees|people|person|staff|locations?|offices?|members?|sites?|stores?|clinics?|restaurants?|branches)\b/.exec(
          f,
        ) ?? /\b(?:team|staff|company|agency|firm|group) of (\d+)()/.exec(f);
      const c = unit ? { value: Number(unit[1]), unit: unit[2] || 'people' } : undefined;
      if (!c) continue;
      out.push(
        fact(ctx, clause, 'specifics', `${c.value} ${c.unit}: ${gist(clause.text, 12)}`, {
          slot: 'seats',
          kind: 'count',
          amount: c.value,
        }),
      );
      continue;
    }
    if (cue.slot === 'location' && !located) continue;
    if (hasMoney && cue.slot === 'loan') continue;
    out.push(fact(ctx, clause, 'specifics', gist(clause.text, 18), { slot: cue.slot, kind: 'text' }));
    break; // one clause, one specifics fact: the first cue names it
  }
  if (
    out.length === 0 &&
    !hasMoney &&
    ctx.question?.section === 'specifics' &&
    !negativeAnswer.test(f) &&
    !filler.test(f) &&
    !isQuestion(clause.text)
  ) {
    out.push(fact(ctx, clause, 'specifics', gist(clause.text, 18), { slot: 'detail', kind: 'text' }));
  }
  return out;
}

function otherFinancialFacts(ctx: Context, clause: Clause, f: string): Found[] {
  const out: Found[] = [];
  const employment = employmentWords.exec(f);
  if (employment)
    out.push(fact(ctx, clause, 'financialProfile', gist(clause.text, 12), { slot: 'employment', kind: 'text' }));
  const approval = preApprovalWords.exec(f);
  if (approval)
    out.push(fact(ctx, clause, 'financialProfile', gist(clause.text, 12), { slot: 'pre_approval', kind: 'text' }));
  if (
    out.length === 0 &&
    ctx.question?.section === 'financialProfile' &&
    ctx.question.slot === 'pre_approval' &&
    /\b(yes|yeah|yep|no|not yet|cash|financ\w*|lender|bank)\b/.test(f)
  ) {
    out.push(fact(ctx, clause, 'financialProfile', gist(clause.text, 12), { slot: 'pre_approval', kind: 'text' }));
  }
  return out;
}

/** Every fact in one lead clause. */
function clauseFacts(ctx: Context, clause: Clause): Found[] {
  const f = folded(clause.text);
  const out: Found[] = [];
  const knownCredit = ctx.found.some((x) => x.slot === 'credit_score');
  out.push(...creditFacts(ctx, clause, f, knownCredit));
  const credit = out.find((x) => x.kind === 'score');
  const money = credit ? [] : moneyFacts(ctx, clause, f);
  out.push(...money, ...percentFacts(ctx, clause, f), ...otherFinancialFacts(ctx, clause, f));
  const contact = contactFacts(ctx, clause, f);
  out.push(...contact);
  out.push(...timelineFacts(ctx, clause, f, contact.length > 0));
  const decision = decisionFacts(ctx, clause, f);
  out.push(...decision);
  const objection = objectionFacts(ctx, clause, f);
  out.push(...objection);
  const competitor = competitorFacts(ctx, clause, f);
  out.push(...competitor);
  out.push(...specificsFacts(ctx, clause, f, out));
  const referral = referralCues.test(f);
  if (referral) out.push(fact(ctx, clause, 'referral', gist(clause.text, 16)));
  // a weak cue ("want to", "we need") beside a date or an amount is that date or amount, not a need
  const other = out.some(
    (x) =>
      x.section === 'timeline' || x.section === 'financialProfile' || (x.section === 'specifics' && x.kind === 'money'),
  );
  const needLike =
    strongNeedCues.test(f) ||
    (needCues.test(f) && !other) ||
    (ctx.question?.section === 'need' &&
      !negativeAnswer.test(f) &&
      !filler.test(f) &&
      !isQuestion(clause.text) &&
      !other);
  if (
    needLike &&
    !notANeed.test(f) &&
    decision.length === 0 &&
    contact.length === 0 &&
    (objection.length === 0 || strongNeedCues.test(f))
  ) {
    out.push(fact(ctx, clause, 'need', gist(clause.text, 20)));
  }
  if (priorityCues.test(f) && !isQuestion(clause.text)) out.push(fact(ctx, clause, 'priority', gist(clause.text, 20)));
  const name = leadName.exec(clause.text);
  if (name && !nameStop.test(name[1]!)) {
    const full = name[2] && !nameStop.test(name[2]) ? `${name[1]} ${name[2]}` : name[1]!;
    out.push(fact(ctx, clause, 'name', full));
  }
  const address = email.exec(clause.text);
  if (address)
    out.push(
      fact(ctx, clause, 'email', address[0], {}, { start: address.index, end: address.index + address[0].length }),
    );
  return out;
}

/** A correction with a bare value ("actually its 748", "closer to 350k") corrects the slot that value fits. */
function correctionTarget(found: Found, before: Found[]): Found | undefined {
  const previous = [...before].reverse();
  if (found.kind === 'score') return previous.find((p) => p.slot === 'credit_score');
  if (found.kind === 'money') return previous.find((p) => p.kind === 'money');
  if (found.kind === 'percent') return previous.find((p) => p.kind === 'percent');
  if (found.kind === 'date') return previous.find((p) => p.section === 'timeline');
  return undefined;
}

function bareValues(ctx: Context, clause: Clause, before: Found[]): Found[] {
  // "actually its 748" / "sorry, 2019" / "more like 40": a value with no cue of its own, in a correction
  const f = folded(clause.text);
  if (!correctionCues.test(f)) return [];
  const out: Found[] = [];
  for (const n of numbersIn(clause.text)) {
    const candidates = [...before].reverse();
    const score =
      Number.isInteger(n.value) && n.value >= 300 && n.value <= 850
        ? candidates.find((p) => p.slot === 'credit_score')
        : undefined;
    const count = candidates.find((p) => p.kind === 'count');
    const money = candidates.find((p) => p.kind === 'money');
    if (score)
      out.push(
        fact(ctx, clause, 'financialProfile', String(n.value), {
          slot: 'credit_score',
          kind: 'score',
          amount: n.value,
        }),
      );
    else if (money && n.value >= 20 && money.amount! >= 1000 && n.value < 5000) {
      out.push(
        fact(
          ctx,
          clause,
          money.section,
          formatMoney({ amount: n.value * (money.amount! >= 1000 && n.value < 1000 ? 1000 : 1) }),
          { slot: money.slot, kind: 'money', amount: n.value },
        ),
      );
    } else if (count)
      out.push(
        fact(ctx, clause, count.section, `${n.value} ${count.value.split(':')[0]!.replace(/^\d+\s*/, '')}`, {
          slot: count.slot,
          kind: 'count',
          amount: n.value,
        }),
      );
    break;
  }
  return out;
}

/** Where the reading of a conversation stands after some of its turns: all the next turn is read with. */
interface Place {
  found: readonly Found[];
  next: number;
  question: Topic | undefined;
  lastOther: string;
  lastLead: string;
}
const start: Place = { found: [], next: 0, question: undefined, lastOther: '', lastLead: '' };

/**
 * The places reached lately, by zone and turns read. A brief is rebuilt at each new message from every line before
 * it, and reading the lines was most of that work; a turn's facts depend only on the turns before it and the zone,
 * so a rebuild goes on from where the last one stopped. The facts kept are frozen: nothing may change them after.
 */
const recentPlaces = new Map<string, Place>();
const placesKept = 2_000;

/** A key for each run of turns from the first: a chain, so turns[0..k] has one key whatever follows. */
function runKeys(turns: Turn[], zone: string): string[] {
  let key = createHash('sha256').update(zone).digest('base64');
  return turns.map(
    (t) =>
      (key = createHash('sha256')
        .update(key)
        .update(JSON.stringify([t.id, t.author, t.at, t.text]))
        .digest('base64')),
  );
}

/** Reads every lead message in order, with the question each answers, and returns what was found. */
export function findFacts(turns: Turn[], zone: string): Found[] {
  const keys = runKeys(turns, zone);
  let from = turns.length;
  while (from > 0 && !recentPlaces.has(keys[from - 1]!)) from--;
  const place = from > 0 ? recentPlaces.get(keys[from - 1]!)! : start;
  const found: Found[] = [...place.found];
  const order = { next: place.next };
  let { question, lastOther, lastLead } = place;
  for (const turn of turns.slice(from)) {
    if (turn.author !== 'lead') {
      if (turn.author === 'system') continue;
      lastOther = folded(turn.text);
      const asked = clausesOf(turn.text).filter((c) => isQuestion(c.text));
      question = asked.length > 0 ? topicOfQuestion(folded(asked[asked.length - 1]!.text)) : undefined;
      continue;
    }
    const ctx: Context = { turn, zone, question, found, order, recent: `${lastLead} ${lastOther}` };
    let answered = false;
    for (const clause of clausesOf(turn.text)) {
      let facts = clauseFacts(ctx, clause);
      if (facts.filter((x) => x.section !== 'name' && x.section !== 'email').length === 0)
        facts = bareValues(ctx, clause, found);
      for (const x of facts) {
        if (x.correction && !x.previous) {
          const target = correctionTarget(x, found);
          if (target && (target.section !== x.section || target.slot !== x.slot) && x.kind !== 'text') {
            x.section = target.section;
            x.slot = target.slot;
          }
        }
      }
      if (question && facts.some((x) => x.section === question!.section)) {
        answered = true;
        ctx.question = undefined;
      }
      found.push(...facts.map((x) => Object.freeze(x)));
    }
    if (answered) question = undefined;
    lastLead = folded(turn.text);
  }
  if (turns.length > 0 && from < turns.length) {
    if (recentPlaces.size >= placesKept) recentPlaces.delete(recentPlaces.keys().next().value!);
    recentPlaces.set(keys[turns.length - 1]!, { found: [...found], next: order.next, question, lastOther, lastLead });
  }
  return found;
}

/** Applies corrections (the latest value of a one-value slot wins, showing what it replaced) and drops repeats. */
export function settle(found: Found[]): Found[] {
  const out: Found[] = [];
  for (const x of found) {
    const key = `${x.section}:${x.slot ?? ''}`;
    if (singleSlots.has(key)) {
      const i = out.findIndex((o) => `${o.section}:${o.slot ?? ''}` === key);
      if (i >= 0) {
        const old = out[i]!;
        if (old.value === x.value) continue;
        out[i] = { ...x, previous: { value: old.value, quote: old.quote, messageId: old.messageId } };
        continue;
      }
    } else if (x.section === 'timeline' && x.correction) {
      const i = [...out]
        .reverse()
        .findIndex((o) => o.section === 'timeline' && (o.slot === x.slot || x.slot === 'timeline'));
      if (i >= 0) {
        const at = out.length - 1 - i;
        const old = out[at]!;
        out[at] = { ...x, previous: { value: old.value, quote: old.quote, messageId: old.messageId } };
        continue;
      }
    }
    if (
      out.some(
        (o) => o.section === x.section && o.messageId === x.messageId && o.quote === x.quote && o.slot === x.slot,
      )
    )
      continue;
    out.push(x);
  }
  return out;
}
