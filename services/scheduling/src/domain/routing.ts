// Which rep a lead's meeting goes to, per tenant: round robin, least loaded, by territory or by skill, and
// what to fall back to when nobody matches. Pure: the reps, their loads and the lead are inputs.

export type RoutingStrategy = 'round_robin' | 'least_loaded' | 'territory' | 'skill';
export interface RoutingPolicy {
  strategy: RoutingStrategy;
  /** When the strategy matches nobody: every rep in this order, or none (no offer). */
  fallback: 'round_robin' | 'least_loaded' | 'none';
}

export interface RoutableRep {
  repId: string;
  territory: string[];
  skills: { verticals: string[]; languages: string[] };
  /** When the rep was last offered to a lead (round robin turns on it); undefined: never. */
  lastOfferedAt?: string;
  /** Booked meetings ahead (least loaded turns on it). */
  load: number;
}

export interface LeadProfile {
  state?: string;
  language?: string;
  vertical?: string;
}

const byTurn = (a: RoutableRep, b: RoutableRep) =>
  (a.lastOfferedAt ? Date.parse(a.lastOfferedAt) : 0) - (b.lastOfferedAt ? Date.parse(b.lastOfferedAt) : 0) ||
  a.repId.localeCompare(b.repId);
const byLoad = (a: RoutableRep, b: RoutableRep) => a.load - b.load || byTurn(a, b);

/** Reps in the order to try them (the first with two free slots gets the lead); empty when nobody may. */
export function rankReps(reps: RoutableRep[], lead: LeadProfile, policy: RoutingPolicy): RoutableRep[] {
  const order = (list: RoutableRep[], how: 'round_robin' | 'least_loaded') =>
    [...list].sort(how === 'least_loaded' ? byLoad : byTurn);
  if (policy.strategy === 'round_robin' || policy.strategy === 'least_loaded') return order(reps, policy.strategy);
  const matched = reps.filter((r) => matches(r, lead, policy.strategy as 'territory' | 'skill'));
  const rest = reps.filter((r) => !matched.includes(r));
  const fallback = policy.fallback === 'none' ? [] : order(rest, policy.fallback);
  return [...order(matched, policy.fallback === 'least_loaded' ? 'least_loaded' : 'round_robin'), ...fallback];
}

function matches(rep: RoutableRep, lead: LeadProfile, strategy: 'territory' | 'skill'): boolean {
  if (strategy === 'territory') return Boolean(lead.state) && rep.territory.includes(lead.state!);
  const language =
    !lead.language || rep.skills.languages.length === 0
      ? !lead.language || lead.language === 'en'
      : rep.skills.languages.includes(lead.language);
  const vertical = !lead.vertical || rep.skills.verticals.includes(lead.vertical);
  return language && vertical && (Boolean(lead.language) || Boolean(lead.vertical));
}

/** A lead writing Spanish: enough of its common words in what they wrote. */
export function languageOf(texts: string[]): 'es' | 'en' | undefined {
  const words = texts
    .join(' ')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z]+/)
    .filter(Boolean);
  if (words.length < 3) return undefined;
  const spanish = new Set([
    'hola',
    'quiero',
    'necesito',
    'gracias',
    'por',
    'favor',
    'para',
    'una',
    'casa',
    'que',
    'mi',
    'es',
    'el',
    'la',
    'los',
    'las',
    'de',
    'y',
    'con',
    'pero',
    'como',
    'donde',
    'cuando',
    'si',
    'no',
    'puedo',
    'tengo',
    'estoy',
    'buenos',
    'dias',
    'tardes',
  ]);
  const share = words.filter((w) => spanish.has(w)).length / words.length;
  return share >= 0.3 ? 'es' : 'en';
}
