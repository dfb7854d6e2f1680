import type { BriefInput, CitedFact, ExtractedFields, ListSection } from './brief-input';
import type { BriefEngine, EngineDraft } from './brief-engine.port';
import { listSections, zoneOf } from './brief-input';
import { chooseNeedsMost } from './compose';
import { findFacts, settle, type Found } from './extract';
import { sentimentOf } from './sentiment';

const urgencyRank = { high: 3, medium: 2, low: 1 } as const;

/** A found fact as the brief shows it: no working fields. */
const cited = ({
  section: _section,
  order: _order,
  correction: _correction,
  kind: _kind,
  amount: _amount,
  ...fact
}: Found): CitedFact => fact;

/**
 * The offline engine: patterns, number and date parsing, the lead's own words. Pure and deterministic; it
 * never states a fact the lead did not write, and every fact quotes the message it came from.
 */
export function extractFields(input: BriefInput): ExtractedFields {
  const settled = settle(findFacts(input.turns, zoneOf(input)));
  const of = (section: Found['section']) => settled.filter((f) => f.section === section).map(cited);
  const lists = Object.fromEntries(listSections.map((s) => [s, of(s)])) as Record<ListSection, CitedFact[]>;
  lists.need = lists.need.slice(0, 3);
  const urgencies = lists.timeline.map((t) => t.urgency).filter((u): u is 'high' | 'medium' | 'low' => Boolean(u));
  const urgency =
    urgencies.length === 0
      ? lists.timeline.length > 0
        ? 'medium'
        : 'unknown'
      : urgencies.reduce((a, b) => (urgencyRank[b] > urgencyRank[a] ? b : a));
  const name = of('name').pop();
  const email = of('email').pop();
  const referral = of('referral')[0];
  const base = { ...lists, urgency, sentiment: sentimentOf(input.turns) } as Omit<ExtractedFields, 'needsMost'>;
  const needsMost = chooseNeedsMost(base, of('priority'));
  return {
    ...base,
    ...(needsMost ? { needsMost } : {}),
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    ...(referral ? { referral } : {}),
  };
}

/** The offline engine behind the port (the default). */
export class ExtractiveBriefEngine implements BriefEngine {
  readonly name = 'extractive' as const;
  async draft(input: BriefInput): Promise<EngineDraft> {
    return { fields: extractFields(input) };
  }
}
