// What the AI's previous turn does, read with a few patterns: offers a person or a call, asks when to call,
// proposes the next step of a purchase, or offers information. A short reply means what it answers ("yes please"
// after an offer of a person asks for one), so both the rules and the model's features read these.

import { people } from './lexicon';

/** Whole words anywhere in the turn. */
const phrase = (alternatives: string) => new RegExp(`(?<![\\p{L}\\p{N}'])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
const found = (pattern: RegExp, text: string) => {
  pattern.lastIndex = 0;
  return pattern.test(text);
};

// The offer: a verb of offering, then (before the question mark) a person of any kind the lexicon knows or a call.
const offerVerbs =
  "want|would\\s+you\\s+like|puedo|podemos|should\\s+i|shall\\s+i|can\\s+i|i\\s+can|happy\\s+to|would\\s+it\\s+help|would\\s+(?:a|an)|prefer|interested|quiere|le\\s+gustar[ií]a|prefiere|le\\s+conecto|le\\s+agendo|le\\s+ayudar[ií]a|le\\s+mando|could\\s+i|i\\s+could|let\\s+me|we\\s+can|we\\s+could|i\\s*(?:will|'ll)\\s+have|should\\s+we|how\\s+about|do\\s+you\\s+want|would\\s+you\\s+want|up\\s+for|open\\s+to|like\\s+me\\s+to|quieres|te\\s+gustar[ií]a|prefieres|le\\s+parece|le\\s+interesa|te\\s+conecto|le\\s+paso|te\\s+paso|le\\s+pido|gusta\\s+que";
// words of the lexicon that name no one an AI would offer ("want the sales brochure?", "people like you pay...")
const notOffered = new Set([
  'sales',
  'lo',
  'man',
  'woman',
  'guy',
  'lady',
  'assistant',
  'people',
  'owner',
  'staff',
  'employee',
  'expert',
]);
const offeredPeople =
  'call|ring|someone|somebody|a\\s+person|agent|officer|specialist|advisor|consultant|rep|team|manager|technician|tech|estimator|engineer|executive|realtor|person|dispatcher|lender|surveyor|installer|llame|llamar|asesor|agente|alguien|especialista|t[eé]cnico|vendedor|ejecutivo|persona|estimador|gerente|equipo|consultor|consultora|representante|' +
  people.filter((p) => !notOffered.has(p)).join('|');
export const offersPerson = phrase(`(?:${offerVerbs})\\b[^?]*?\\b(?:${offeredPeople})(?:s|es)?`);
export const callWords = phrase(
  'call|calls|phone|ring|meet|meeting|zoom|consult|consultation|walkthrough|walk\\s+through|inspection|estimate|site\\s+visit|reach|tour|visit|demo|survey|test\\s+drive|appointment|come|stop\\s+by|showing|chat|llamada|llame|llamo|llamar|visita|prueba|contacta|agendar|hablar|venir',
);
export const asksCallTime = phrase(
  '(?:what|which)\\s+(?:time|day|window)|when\\s+(?:is\\s+a\\s+good\\s+time|should|would\\s+you\\s+like|could|are\\s+you\\s+free|will\\s+someone)|best\\s+time|morning\\s+or|today\\s+or\\s+tomorrow|this\\s+week\\s+or\\s+next|what\\s+works|works\\s+(?:best|better)|good\\s+time|are\\s+you\\s+(?:free|available)|when\\s+(?:works|can|do)|a\\s+qu[eé]\\s+hora|cu[aá]ndo|hoy\\s+o\\s+ma[nñ]ana|en\\s+la\\s+ma[nñ]ana\\s+o|qu[eé]\\s+d[ií]a',
);
export const proposesNextStep = phrase(
  '(?:want|ready|shall\\s+we|should\\s+i|should\\s+we|can\\s+i|want\\s+me\\s+to|empezamos|seguimos|lo\\s+aseguramos|lo\\s+hacemos|agendamos|aplica|arrancamos|lo\\s+quiere|le\\s+aparto|listo|lista)\\b[^?]*?\\b(?:start|started|going|apply|application|lock|book|bind|sign|move\\s+forward|reserve|hold|proceed|list|begin|open|kick|put\\s+one\\s+in|set\\s+it\\s+up|include|get\\s+it|trial|pilot|order\\s+form|contract|paperwork|proposal|deposit|empezar|empezamos|seguimos|aseguramos|hacemos|agendamos|aplica|arrancamos|quiere|aparto|publicar|firmar)|[¿]?(?:empezamos|seguimos|lo\\s+aseguramos|lo\\s+hacemos|agendamos|arrancamos)\\b',
);
export const offersInfo = phrase(
  '(?:send|email|text|mail|mando|env[ií]o|mandamos)\\b[^?]*?\\b(?:sheet|brochure|link|info|information|details|updates|checklist|photos|summary|newsletter|chart|calculator|folleto|enlace|informaci[oó]n|resumen|fotos|lista|novedades)|(?:market|rate)\\s+updates|newsletter',
);

export type AiMove = 'offers_person' | 'asks_call_time' | 'proposes_next_step' | 'offers_info' | 'asks';

/** The moves an AI turn makes, for the model's features. */
export function aiMoves(turn: string): AiMove[] {
  const moves: AiMove[] = [];
  if (found(offersPerson, turn)) moves.push('offers_person');
  if (found(asksCallTime, turn) && found(callWords, turn)) moves.push('asks_call_time');
  if (found(proposesNextStep, turn)) moves.push('proposes_next_step');
  if (found(offersInfo, turn)) moves.push('offers_info');
  if (/[?¿]/.test(turn)) moves.push('asks');
  return moves;
}
