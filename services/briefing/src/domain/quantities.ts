// Numbers as leads text them: "$350k", "350,000", "1.2 mil", "three fifty" is not attempted, "mid 700s",
// "6.8%", "20% down", "2k a month", "300-350k". Each match keeps its span so the brief can quote it.

export type Period = 'month' | 'year' | 'hour';
export interface Money {
  kind: 'money';
  amount: number;
  /** a range's upper end */
  to?: number;
  period?: Period;
  /** "around", "up to", "at least" */
  qualifier?: 'about' | 'up to' | 'at least';
  /** the amount had a $ or a k/thousand/million word: it is money whatever the context */
  explicit: boolean;
  start: number;
  end: number;
}
export interface Percent {
  kind: 'percent';
  value: number;
  to?: number;
  start: number;
  end: number;
}
export interface Count {
  kind: 'count';
  value: number;
  unit: string;
  start: number;
  end: number;
}
export interface BareNumber {
  kind: 'number';
  value: number;
  start: number;
  end: number;
}

const wordValues: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  half: 0.5,
  couple: 2,
  few: 3,
};
const numberWord = `\\b(?:half(?: a| an)?|${Object.keys(wordValues).join('|')})\\b`;
/** A digit string ("1,250", "6.8") or a small number word ("two"), as a number. */
export function numberOf(raw: string): number {
  if (/^half/i.test(raw)) return 0.5;
  const word = wordValues[raw.toLowerCase()];
  return word ?? Number(raw.replace(/,/g, ''));
}
export const numberPattern = `(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|${numberWord})`;

const multipliers: Record<string, number> = {
  k: 1e3,
  K: 1e3,
  grand: 1e3,
  thousand: 1e3,
  m: 1e6,
  M: 1e6,
  mm: 1e6,
  mil: 1e6,
  mill: 1e6,
  million: 1e6,
};
const suffix = '(?:k|grand|thousand|mm|mil|mill|million|m)\\b';
const periodPattern =
  '(?:\\s*(?:/|a|an|per|each|every)\\s*(mo|month|yr|year|hr|hour)\\b|\\s+(monthly|annually|yearly))';
const money = new RegExp(
  `(around|about|roughly|approx(?:imately)?\\.?|~|maybe|like|under|below|up to|max(?:imum)?|at most|no more than|less than|over|at least|more than|min(?:imum)?)?\\s*` +
    `(\\$\\s?)?(${numberPattern})(?:\\s?(${suffix}))?` +
    `(?:\\s*(?:-|–|to|and)\\s*(\\$\\s?)?(${numberPattern})(?:\\s?(${suffix}))?)?` +
    `(${periodPattern})?(\\s?(?:ish|dollars|bucks|usd))?`,
  'gi',
);

const qualifierOf = (word: string | undefined): Money['qualifier'] => {
  if (!word) return undefined;
  const w = word.toLowerCase();
  if (/^(under|below|up to|max|maximum|at most|no more than|less than)$/.test(w)) return 'up to';
  if (/^(over|at least|more than|min|minimum)$/.test(w)) return 'at least';
  return 'about';
};
const periodOf = (raw: string | undefined): Period | undefined => {
  if (!raw) return undefined;
  if (/mo|month/i.test(raw)) return 'month';
  if (/yr|year|annual/i.test(raw)) return 'year';
  return 'hour';
};

/**
 * Amounts in a text, with their spans. `explicit` says it is money whatever the context (a $, a k/million word, a
 * period or "dollars"); a bare number is money only where the context says so (the extractor decides).
 */
export function moneyIn(text: string): Money[] {
  const out: Money[] = [];
  for (const m of text.matchAll(money)) {
    const [whole, qualifier, dollar, first, firstSuffix, dollar2, second, secondSuffix, period, , , currency] = m;
    if (!first || (/^[a-z]+$/i.test(first) && !firstSuffix)) continue;
    const start = m.index! + whole.indexOf(qualifier ?? dollar ?? first);
    const trimmed = whole.trimEnd();
    // part of a word ("q2", "2x", "4x4", "8kw"): not an amount
    const numberAt = m.index! + whole.indexOf(first, (qualifier?.length ?? 0) + (dollar?.length ?? 0));
    if (/[A-Za-z]/.test(text[numberAt - 1] ?? '') || /^[A-Za-z\d]/.test(text.slice(m.index! + trimmed.length)))
      continue;
    // a year ("2019 honda"), an hour ("after 5"), a percent or a count with its unit are not money
    const after = text.slice(m.index! + trimmed.length);
    if (
      /^\s*(%|percent|pct|years?|yrs?|months?|days?|weeks?|hours?|am|pm|o'?clock|seats?|users?|people|drivers?|cars?|bed|bath|sq|square|miles?|kwh|x\b)/i.test(
        after,
      )
    )
      continue;
    const explicit = Boolean(dollar || dollar2 || firstSuffix || secondSuffix || currency || period);
    const mult = (s?: string) => (s ? (multipliers[s] ?? multipliers[s.toLowerCase()] ?? 1) : 1);
    const upperMult = mult(secondSuffix);
    // "300-350k": the suffix of the upper end applies to the lower one too
    let amount =
      numberOf(first) * (firstSuffix ? mult(firstSuffix) : secondSuffix && numberOf(first) < 1000 ? upperMult : 1);
    if (/^half$/i.test(first) && firstSuffix) amount = 0.5 * mult(firstSuffix);
    const to = second ? numberOf(second) * upperMult : undefined;
    if (!Number.isFinite(amount) || amount <= 0) continue;
    if (to !== undefined && (!Number.isFinite(to) || to < amount)) {
      // "2 to 3" that is not a range of money: keep the first amount only when explicit
      if (!explicit) continue;
    }
    out.push({
      kind: 'money',
      amount,
      ...(to !== undefined && to > amount ? { to } : {}),
      ...(periodOf(period) ? { period: periodOf(period) } : {}),
      ...(qualifierOf(qualifier) ? { qualifier: qualifierOf(qualifier) } : {}),
      explicit,
      start,
      end: m.index! + trimmed.length,
    });
  }
  return out;
}

const percent = new RegExp(
  `(${numberPattern})(?:\\s*(?:-|–|to)\\s*(${numberPattern}))?\\s*(%|percent\\b|pct\\b)`,
  'gi',
);
export function percentsIn(text: string): Percent[] {
  return [...text.matchAll(percent)].map((m) => ({
    kind: 'percent' as const,
    value: numberOf(m[1]!),
    ...(m[2] ? { to: numberOf(m[2]) } : {}),
    start: m.index!,
    end: m.index! + m[0].length,
  }));
}

/** "40 seats", "two cars", "3 bed": a number with the noun it counts. */
const count = new RegExp(
  `\\b(${numberPattern})[\\s-]*(?:of\\s+(?:us|them)\\s+)?([a-z]+(?:\\s(?:ft|feet|footage))?)`,
  'gi',
);
export function countsIn(text: string): Count[] {
  return [...text.matchAll(count)]
    .filter((m) => !/^(a|an)$/i.test(m[1]!))
    .map((m) => ({
      kind: 'count' as const,
      value: numberOf(m[1]!),
      unit: m[2]!.toLowerCase(),
      start: m.index!,
      end: m.index! + m[0].length,
    }));
}

export function numbersIn(text: string): BareNumber[] {
  return [
    ...text.matchAll(
      /(?<![\d.,$])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d%])(?![kKmMxX]\b|kw|mil|grand)|(?<![\d.,$])\d+(?:\.\d+)?(?![\d%,])(?![kKmMxX]\b|kw|mil|grand)/g,
    ),
  ].map((m) => ({
    kind: 'number' as const,
    value: Number(m[0].replace(/,/g, '')),
    start: m.index!,
    end: m.index! + m[0].length,
  }));
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
/** "$350,000", "$2,100/mo", "about $300,000-$350,000". */
export function formatMoney(m: Pick<Money, 'amount' | 'to' | 'period' | 'qualifier'>): string {
  const one = (n: number) => `$${grouped.format(n)}`;
  const range = m.to ? `${one(m.amount)}-${one(m.to)}` : one(m.amount);
  const period = m.period ? `/${m.period === 'month' ? 'mo' : m.period === 'year' ? 'yr' : 'hr'}` : '';
  return `${m.qualifier ? `${m.qualifier} ` : ''}${range}${period}`;
}
/** "$350k", "$1.2M": for the summary, where space counts. */
export function compactMoney(amount: number): string {
  if (amount >= 1e6) return `$${grouped.format(Math.round(amount / 1e4) / 100)}M`;
  if (amount >= 1e4) return `$${grouped.format(Math.round(amount / 100) / 10)}k`;
  return `$${grouped.format(amount)}`;
}

/** Every number a text states, as values (money expanded: "350k" is 350000): to compare a claim with its quote. */
export function statedValues(text: string): number[] {
  const values = new Set<number>();
  const spans: { start: number; end: number }[] = [];
  for (const m of moneyIn(text).filter((x) => x.explicit)) {
    values.add(m.amount);
    if (m.to) values.add(m.to);
    spans.push(m);
  }
  for (const p of percentsIn(text)) {
    values.add(p.value);
    if (p.to) values.add(p.to);
    spans.push(p);
  }
  // the 350 of "$350k" is the money, already counted
  const inside = (x: { start: number }) => spans.some((s) => x.start >= s.start && x.start < s.end);
  for (const n of numbersIn(text)) if (!inside(n)) values.add(n.value);
  for (const c of countsIn(text)) if (!inside(c)) values.add(c.value);
  return [...values];
}
