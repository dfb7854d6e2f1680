import { normalizeTypos } from './fuzzy-words';
import { asksCallTime, callWords, offersPerson, proposesNextStep } from './ai-turn';
import { identityQuestionIn } from './identity-question';
import { matchesOf } from './matches';
import * as words from './lexicon';
import {
  previousAiTurn,
  type Detection,
  type DetectionInput,
  type IdentityQuestion,
  type Reading,
  type SignalEngine,
  type SignalKind,
  type Turn,
} from './signal-engine.port';

/** A pattern that matches whole words anywhere in a message ("loan" never inside "loans"). */
const phrase = (alternatives: string[] | string) =>
  new RegExp(
    `(?<![\\p{L}\\p{N}'])(?:${Array.isArray(alternatives) ? alternatives.join('|') : alternatives})(?![\\p{L}\\p{N}])`,
    'giu',
  );
/** Punctuation runs: no word boundary around them, so "loan??" counts. */
const punctuation = (alternatives: string[]) => new RegExp(alternatives.join('|'), 'gu');

const person = words.personNoun;
const gap = words.gap;
const strongPerson =
  '(?:(?:a|an|the|some|a\\s+real|an\\s+actual|a\\s+live)\\s+)?(?:human(?:\\s+being)?|person|real\\s+(?:person|human)|live\\s+(?:person|agent|human|rep)|actual\\s+(?:person|human)|agent|rep|representative|operator|manager|supervisor|someone\\s+real|loan\\s+officer|realtor|broker|advisor|salesperson|sales\\s+rep)';
const asker =
  '(?:someone|somebody|anyone|anybody|a\\s+person|a\\s+human|one\\s+of\\s+(?:your|ur|the)\\s+\\w+(?:\\s+\\w+)?|whoever\\s+(?:does|handles|is\\s+in\\s+charge\\s+of)\\s+(?:\\S+\\s+){1,3}?|' +
  person +
  ')';
const reachMe =
  '(?:(?:call|phone|ring|text|contact|reach\\s+out(?:\\s+to)?|email|get\\s+back\\s+to|hit)\\s+(?:me|us)(?:\\s+up)?|reach\\s+out\\s+(?:on\\s+my\\s+(?:cell|phone|mobile)|by\\s+phone))';

const requestFrame =
  "(?:i\\s+(?:want|need|wanna|would\\s+(?:like|love|prefer|rather))|(?:i'?d|id)\\s+(?:like|love|prefer|rather|appreciate)|we\\s+(?:want|need|would\\s+like)|(?:we'?d|wed)\\s+(?:like|love|prefer)|(?:can|could|may)\\s+(?:i|we|you|u|someone|somebody|one|ya)|will\\s+(?:you|u|someone|somebody)|would\\s+(?:you|u|someone|somebody)|please|pls|plz|plse|lemme|let\\s+me|is\\s+(?:it|there\\s+(?:any\\s+way|a\\s+way|a\\s+chance))\\s+possible|(?:any|is\\s+there\\s+a)\\s+chance|rather|prefer|quiero|necesito|quisiera|me\\s+gustar[ií]a|prefiero|puede|pueden|podr[ií]a|podr[ií]an|por\\s+favor|porfa)";
const clauseWords = (n: number) => `(?:[^\\s.?!;]+\\s+){0,${n}}?`;
const framePerson = `${words.people.join('|')}|alguien|persona|asesor[a]?|agente|humano|ejecutiv[oa]|vendedor[a]?|gerente|t[eé]cnico`;
const frameContact = `${words.contactVerb}|call|phone|ring|reach\\s+out|contact|connect|transfer|meet|zoom|llamar(?:me)?|llame|hablar|comunicar(?:me)?|contactar(?:me)?|marcar(?:me)?`;

const explicitPatterns: { pattern: RegExp; confidence: number }[] = [
  {
    pattern: phrase(
      `(?:${words.contactVerb}|meet(?:ing)?|sit\\s+down)\\s*${gap}(?:to|with|w|tl|w/)\\s*${gap}${person}`,
    ),
    confidence: 0.95,
  },
  {
    pattern: phrase(
      `${words.connectVerb}\\s+(?:me|us)\\s+(?:up\\s+|through\\s+|in\\s+)?${gap}(?:to|with|w/?|through(?:\\s+to)?|over(?:\\s+to)?)\\s+${person}`,
    ),
    confidence: 0.95,
  },
  // a third round, frames rather than phrases: a verb of going over something with a person ("rather hear it from a live
  // human", "go over this with an actual installer"), a call or meeting with one, someone taking over, passing one's number
  {
    pattern: phrase(
      `(?:rather|prefer(?:\\s+to)?|want\\s+to|wanna|like\\s+to|love\\s+to|need\\s+to|have\\s+to|can\\s+(?:i|we)|could\\s+(?:i|we))\\s+(?:just\\s+)?(?:hear|go\\s+over|discuss|review|walk\\s+through|talk|figure|sort|do|run)\\s+(?:\\S+\\s+){0,3}?(?:from|with|w/?|by)\\s+${person}`,
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      `(?:set\\s+up|schedule|book|arrange|get|want|need|like|love|do|jump\\s+on|hop\\s+on|have|request)\\s+(?:me\\s+|us\\s+)?(?:a|an|the|some)?\\s*(?:(?:quick|short|brief|phone|video|real)\\s+)*(?:call|meeting|zoom|appointment|conversation|convo|chat|sit[- ]down)\\s+(?:with|w/?)\\s+${person}`,
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      '(?:get|want|need|request|schedule|like|love|appreciate|set\\s+up|book|can\\s+i\\s+(?:get|have)|could\\s+i\\s+(?:get|have)|waiting\\s+(?:on|for))\\s+(?:a\\s+|an\\s+)?(?:quick\\s+)?(?:call\\s*-?\\s*back|phone\\s+call)|(?:book|schedule|set\\s+up|request|get)\\s+(?:me\\s+)?(?:a|an|my)\\s+(?:free\\s+|quick\\s+|phone\\s+|video\\s+)?(?:consultation|consult|appointment|meeting)\\s+(?:with|w/?)\\s+(?:\\S+\\s+){0,2}?(?:someone|somebody|a\\s+person|an?\\s+\\S+|the\\s+\\S+|your\\s+\\S+)|(?<![\\p{L}])(?:ll[aá]m|m[aá]rc)\\w*(?:me|nos)(?![\\p{L}])|que\\s+me\\s+(?:llam|marc|contact)\\w+',
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      `(?:can|could|will|would|let|have)\\s+${asker}\\s+(?:please\\s+|just\\s+)?(?:take\\s+over|jump\\s+in|step\\s+in|pick\\s+(?:this|it)\\s+up|handle\\s+this)`,
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      `(?:pass|forward|give|send)\\s+(?:along\\s+)?(?:my|our)\\s+(?:info|information|number|details|contact(?:\\s+info)?|cell)\\s+(?:along\\s+)?(?:to|over\\s+to)\\s+${person}`,
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      '(?:have|get|tell|ask)\\s+(?:your|ur|the|a|an|one\\s+of\\s+(?:your|ur|the))\\s+(?:\\S+\\s+){1,2}?to\\s+(?:call|phone|ring|text|contact|email)\\s+(?:me|us)',
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      '(?:easier|better|faster|quicker|simpler)\\s+if\\s+(?:\\S+\\s+){1,6}?(?:calls?|phones?|rings?|reach(?:es)?\\s+out\\s+to)\\s+(?:me|us)',
    ),
    confidence: 0.85,
  },
  { pattern: phrase(`(?:${words.reachVerb})\\s+${gap}${person}`), confidence: 0.9 },
  {
    pattern: phrase(
      `(?:want|need|get\\s+me|give\\s+me|prefer|request|like|rather\\s+have|can\\s+i\\s+(?:get|have)|could\\s+i\\s+(?:get|have)|may\\s+i\\s+have)\\s+${gap}(?:to\\s+(?:have|get)\\s+)?${strongPerson}`,
    ),
    confidence: 0.85,
  },
  // "can someone just call me", "have the loan guy call me", "tell the agent to text me", "whoever does scheduling can call me"
  {
    pattern: phrase(
      `(?:have|get|tell|ask|can|could|will|would|should|pls|please|just)?\\s*${gap}${asker}\\s+${gap}(?:to\\s+)?(?:please\\s+|pls\\s+|just\\s+|can\\s+|should\\s+)?${reachMe}`,
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      `(?:give|gimme)\\s+(?:me|us)\\s+a\\s+(?:call|ring)|(?:^|(?<=(?:just|pls|please|plz|so|then|ok|okay|yes|yeah|sure|and|can\\s+(?:you|u)|could\\s+(?:you|u))\\W{1,2}))call\\s+(?:me|us)(?!\\s+(?:crazy|old|by|when|if|mr|ms|mrs|dr)\\b)`,
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      '(?:(?:is|are)\\s*there|there\\s+(?:is|are)|is\\s+their)\\s+(?:(?:a|any)\\s+)?(?:\\S+\\s+){0,2}(?:person|human|people|humans|one|agent|representative|rep|someone)(?:\\s+agent)?\\s+(?:i\\s+can|to|there|available|free|around|on\\s+duty|working)',
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase('is\\s+(?:there\\s+)?(?:anyone|anybody|someone|a\\s+person|a\\s+human)\\s+(?:real|human|alive)'),
    confidence: 0.85,
  },
  { pattern: phrase(`(?:${strongPerson})\\s*,?\\s*(?:please|pls|plz|now|por\\s+favor|porfa)`), confidence: 0.9 },
  {
    pattern:
      /^\s*(?:a\s+)?(?:human|agent|representative|rep|operator|real person|live agent|live person|actual person|person|persona|humano|asesor)\s*(?:please|pls|plz)?\s*[.!?]*\s*$/giu,
    confidence: 0.9,
  },
  {
    pattern: phrase(
      'human\\s+(?:handoff|support|help|assistance)|(?:transfer|connect|put)\\s+to\\s+me\\s+(?:an?\\s+|some)?\\S+',
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      '(?:stop|enough\\s+with|done\\s+with|no\\s+more)\\s+(?:the\\s+)?(?:bots?|robots?|ai|automated(?:\\s+\\w+)?)',
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      `(?:loop|bring|pull|cc|add)\\s+(?:in\\s+)?${person}(?:\\s+(?:in|into\\s+this|on\\s+this))?|get\\s+(?:me\\s+)?(?:a\\s+human|a\\s+(?:real|live|actual)\\s+(?:person|human)|someone\\s+real|a\\s+person|${person})\\s+on\\s+(?:this|here|the\\s+phone|the\\s+line)|get\\s+(?:me|us)?\\s*on\\s+a\\s+(?:call|phone\\s+call|zoom|video\\s+call)`,
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      '(?:need|want|request(?:ing)?|waiting\\s+on|waiting\\s+for)\\s+a\\s+call(?:\\s*back)?(?!\\s+(?:center|list))',
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      `(?:number|phone\\s*#?|line)\\s+(?:i\\s+can\\s+call|to\\s+call|for\\s+(?:a\\s+person|${person}))|can\\s+i\\s+(?:just\\s+)?call\\s+(?:someone|somebody|you\\s+guys|${person})`,
    ),
    confidence: 0.85,
  },
  { pattern: phrase(words.spanishRequest), confidence: 0.95 },
  {
    pattern: phrase(
      '(?:hablar|platicar|comunicarme)\\s+(?:con|w|with)\\s+(?:el|la|un|una|alg[uú]n|alguien|someone|somebody|a\\s+person)(?:\\s+\\S+)?|(?:que|q|k)\\s+me\\s+(?:llame|llamen|marque|marquen|contacte|contacten)',
    ),
    confidence: 0.9,
  },
  // "call me pls at work", "phone me please im driving", "ring me tmrw": a lead asking the business to call
  {
    pattern: phrase(
      '(?<!(?:will|ll|gonna|to|didnt|never|would|should|might|may|can|could|he|she|they|it|who|that|called|cant)\\s)(?:call|phone|ring)\\s+(?:me|us)(?=\\s*(?:$|[.!,;:)]|\\p{Extended_Pictographic}|\\s+(?:pls|please|plz|porfa|asap|now|at|tmrw|tmr|tomorrow|tonight|tonite|today|when|whenever|anytime|any\\s+time|back|later|after|before|on|this|instead|around|between|then|in\\s+(?:the|an?|\\d)|\\d)))',
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      '(?:want|need|like)\\s+(?:you|u|someone|somebody|them|him|her|y\\S*all)\\s+to\\s+(?:call|phone|ring|text|contact)\\s+(?:me|us)',
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      'have\\s+(?:them|him|her|someone|somebody)\\s+(?:\\w+\\s+)?(?:call|text|phone|ring|contact|reach\\s+out\\s+to)\\s+(?:me|us)',
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      `(?:send|put|transfer|connect)\\s+me\\s+(?:to|with)\\s+whoever|(?:whoever|(?:the\\s+)?(?:person|guy|lady|one)\\s+who)\\s+(?:does|handles|is\\s+in\\s+charge\\s+of|deals\\s+with)\\s+(?:\\S+\\s+){0,4}?(?:can\\s+|should\\s+|to\\s+|please\\s+)?(?:call|text|contact|reach\\s+out\\s+to|email|phone)\\s+me`,
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(`(?:be|get)\\s+(?:connected|transferred|put\\s+through)\\s+(?:to|with)\\s+${person}`),
    confidence: 0.95,
  },
  {
    pattern: phrase('not\\s+a\\s+(?:bot|robot|machine)\\W+(?:a\\s+)?(?:real\\s+)?(?:person|human|one)'),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      `(?:easier|better|faster|prefer\\w*)\\s+(?:\\S+\\s+){0,4}?(?:(?:on|over)\\s+the\\s+phone|in\\s+person)\\s+(?:with|w|w/)\\s+${person}|(?:easier|better|faster)\\s+if\\s+(?:someone|somebody|a\\s+person|you|u|${person})\\s+(?:calls?|phones?)\\s+me`,
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(`(?:can|could|will|would)\\s+${asker}\\s+(?:call|phone|ring|reach\\s+out)(?![\\p{L}])`),
    confidence: 0.85,
  },
  // a salesperson coming to the lead is a meeting with a person; a technician coming out is a service visit (intent)
  {
    pattern: phrase(
      '(?:can|could|will|would)\\s+(?:a|an|the|your|ur)\\s+(?:\\w+\\s+)?(?:agent|realtor|broker|advisor|adviser|consultant|rep|representative|officer|specialist|estimator|salesperson|salesman)\\s+(?:come|stop|swing)\\s+(?:out|by|look|over|and)',
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(`(?:give|get|put|pass)\\s+me\\s+(?:to|through\\s+to|with|over\\s+to)\\s+${person}`),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      `(?:get\\s+me|give\\s+me|i\\s+(?:want|need|wanna)|(?:i'?d|id|i\\s+would)\\s+like|(?:want|need)\\s+to\\s+see)\\s+(?:the|a|an|your|ur|yr|some|one\\s+of\\s+your)\\s+${words.filler}(?:\\w+\\s+)?(?:${words.people.join('|')})(?!\\s+(?:to\\s+(?:send|sign|email|fill|give)|'s|s\\b))`,
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      `who\\s+(?:can|should|shoud|shld|do|could)\\s+i\\s+(?:talk|speak|call|reach|phone)|who'?s\\s+the\\s+(?:person|one|guy|lady)\\s+(?:to\\s+(?:talk|speak)|i\\s+(?:should\\s+)?(?:talk|speak|call))|(?:can|could)\\s+(?:someone|somebody|alguien)\\s+(?:please\\s+)?llamar(?:me)?|is\\s+there\\s+(?:anyone|someone|somebody|a\\s+person)\\s+(?:who|that)\\s+can|(?:number|way)\\s+to\\s+(?:reach|get|call)\\s+(?:a\\s+person|someone|${person})`,
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      '(?:call|ring|phone)\\s+(?:this\\s+number|my\\s+cell|me\\s+on\\s+this)|(?:easiest|best|better|easier)\\s+(?:to|way\\s+is\\s+to|if\\s+you)\\s+call\\s+me|call\\s+(?:me\\s+)?(?:any\\s*time|whenever)',
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      '(?:put|get)\\s+(?:the|your|ur)\\s+(?:manager|supervisor|owner|boss)\\s+on|(?:bump|escalate)\\s+(?:me|this|it)\\s+(?:up|to)',
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      `(?:hop|jump|get)\\s+on\\s+(?:the\\s+phone|a\\s+(?:quick\\s+)?(?:phone\\s+)?call|a\\s+zoom)\\s+(?:w|with|w/)\\s+${person}`,
    ),
    confidence: 0.9,
  },
  {
    pattern: phrase(
      "(?:i'?d|id|i\\s+would|would)\\s+(?:love|like|appreciate)\\s+a\\s+(?:quick\\s+)?(?:phone\\s+)?call|(?:a|one)\\s+(?:quick\\s+)?(?:phone\\s+)?call\\s+would\\s+be\\s+(?:easier|better|great|good|best)",
    ),
    confidence: 0.9,
  },
  {
    pattern: new RegExp(
      `^\\W*(?:(?:hey|hi|yo|hello|ok|oh)\\W+)?(?:a\\s+)?(?:human|agent|representative|rep|operator|real\\s+person|live\\s+agent|live\\s+person|actual\\s+person|person|persona|humano|asesor|${strongPerson})\\s*,?\\s*(?:please|pls|plz|porfa|plis|xfa|x\\s*fa|por\\s+favor|now|asap)?\\s*[.!?,]+`,
      'giu',
    ),
    confidence: 0.85,
  },
  {
    pattern:
      /^\W*(?:(?:hey|hi|yo|hello|ok|oh)\W+)?(?:a\s+)?(?:human|agent|representative|rep|operator|real\s+person|live\s+agent|live\s+person|actual\s+person|person|persona|humano|asesor)\s*,?\s*(?:please|pls|plz|porfa|plis|xfa|x\s*fa|por\s+favor|now|asap)?\s*$/giu,
    confidence: 0.85,
  },
  {
    pattern: new RegExp(
      `^\\W*(?:(?:hey|hi|yo|hello|ok|oh)\\W+)?${person}\\s*,?\\s*(?:please|pls|plz|porfa|por\\s+favor|now|asap)(?![\\p{L}])`,
      'giu',
    ),
    confidence: 0.85,
  },
  // A fourth round, frames again: whether a person is there at all ("does a human answer the phone", "r there any
  // real people working there"), a person asked to go over or look at something with the lead, a person's number,
  // an office or a meeting in person, real help rather than the bot, and Spanish ways of asking for a call.
  {
    pattern: phrase(
      '(?:does|do|is|are|r|is\\s+there|are\\s+there|r\\s+there)\\s+(?:a\\s+|an\\s+|any\\s+)?(?:real\\s+|actual\\s+|live\\s+)*(?:human|humans|person|people|persons|anyone|anybody|someone|somebody)\\s+(?:\\S+\\s+)?(?:work|works|working|answer|answers|answering|alive|available|there|over\\s+there|i\\s+can)(?![\\p{L}])',
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      `(?:get|need|want|have|like|send|can\\s+(?:i|we)\\s+(?:get|have))\\s+${words.personNoun}\\s+(?:to\\s+|who\\s+can\\s+|that\\s+can\\s+)(?:\\S+\\s+)?(?:go\\s+over|go\\s+through|look\\s+(?:at|over)|review|help(?:\\s+me)?|explain|walk\\s+(?:me\\s+|us\\s+)?through|check\\s+(?:out|on)?|sit\\s+down\\s+with)`,
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      `(?:number|numbr|phone(?:\\s*(?:number|#|no))?|#|line|cell|direct\\s+line|extension|contact(?:\\s+info)?)\\s+(?:of|for|to|4)\\s+(?:the|your|ur|yr|a|an|one\\s+of\\s+(?:your|ur|the))\\s+(?:\\S+\\s+)?(?:${words.people.join('|')})`,
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      `(?:want|need|like|can\\s+i|could\\s+i|where\\s+can\\s+i|would\\s+rather|prefer)\\s+(?:to\\s+)?(?:see|meet)\\s+(?:with\\s+)?(?:someone|somebody|some1|a\\s+person|${words.personNoun})|(?:office|branch|location|store|showroom|dealership)\\s+(?:where|that)\\s+(?:i|we)\\s+can\\s+(?:see|meet|talk|speak)|in\\s+person\\s+(?:with|w/?)\\s+${words.personNoun}`,
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      '(?:need|want|get\\s+me|give\\s+me)\\s+(?:some\\s+|a\\s+)?(?:real|actual|human)\\s+help|help\\s+from\\s+(?:a\\s+)?(?:real\\s+|actual\\s+|live\\s+)?(?:person|human)',
    ),
    confidence: 0.85,
  },
  {
    pattern: phrase(
      '(?:prefiero|quiero|necesito|quisiera|mejor)\\s+(?:una\\s+)?llamada|(?:que|q|k)\\s+me\\s+(?:hablen|hable|llamen|llame|marquen|marque)|h[aá]bl(?:a|e|en)me|con\\s+qui[eé]n\\s+(?:hablo|puedo\\s+hablar|me\\s+comunico|me\\s+pongo\\s+en\\s+contacto)|hay\\s+(?:alguna?\\s+|una\\s+)?(?:persona|alguien|humano)\\s+(?:ah[ií]|all[aá]|real|disponible|con\\s+quien)',
    ),
    confidence: 0.85,
  },
  // The frame rather than the phrase: a wish or a modal, a word for a person and a verb of reaching one in the same
  // clause, in either order and with any few words between ("could i maybe get one of the loan people to ring me",
  // "i'd really like the estimator to give me a call", "is it possible for a human to phone me"). Negation, reported
  // speech and questions about what the AI is are set aside below, as for every pattern.
  {
    pattern: phrase(
      `${requestFrame}\\s+${clauseWords(5)}(?:${framePerson})\\s+${clauseWords(4)}(?:${frameContact})|${requestFrame}\\s+${clauseWords(4)}(?:${frameContact})\\s+${clauseWords(4)}(?:${framePerson})`,
    ),
    confidence: 0.85,
  },
];

// A negator governing the request ("I don't need a person yet"), not one about knowing how ("I don't know how to reach an agent").
const negated = new RegExp(
  `(?:^|[^\\p{L}])${words.negators}(?!\\s+(?:know|understand|sure|see|think|get\\s+it|(?:\\S+\\s+)?(?:bots?|robots?|ai|automated|machines?|texting|texts)(?![\\p{L}])))(?:\\s+(?!(?:and|but|so|i|im|i'm)\\b)\\S+){0,4}\\s*$`,
  'iu',
);
const reported = new RegExp(
  `${words.reportedSpeech}(?:\\s+(?:to|that|i\\s+should|we\\s+should|i\\s+need\\s+to))?(?:\\s+\\S+){0,3}\\s*$`,
  'iu',
);
const ownWords = /\b(?:i|we)\s+(?:already\s+|just\s+)?(?:said|told\s+you|asked)\b/iu;
// "am I talking to a person or a bot?" asks what the AI is; the honest answer is disclosure, not a handoff.
const askingWhatItIs =
  /\b(?:am\s+i|are\s+you|r\s+u|is\s+this)\s+(?:\S+\s+){0,2}$|\b(?:sounds?|seems?|looks?|acts?|talks?)\s+like\s+(?:\S+\s+){0,1}$/iu;
const requestVerbFirst =
  /^\s*(?:connect|get|put|transfer|give|gimme|let|send|patch|i\s+(?:need|want|wanna)|need|want|can\s+i|could\s+i|please|pls|plz|call)\b/iu;
const openers =
  '(?:(?:hey|hi|hello|ok|okay|so|um|also|and|but|oh|wait|yo|quick\\s+q(?:uestion)?|one\\s+more\\s+thing|sorry|hola|oiga|oye|y)\\W+)*';
const questionStart = new RegExp(
  `^\\s*${openers}(?:what|whats|what's|how|hows|why|when|where|wheres|which|who|whos|can|could|is|are|am|do|does|did|will|would|should|may|shall|qu[eé]|c[oó]mo|cu[aá]nto|cu[aá]ndo|d[oó]nde|puedo|necesito|califico)\\b`,
  'iu',
);
const clauseQuestion =
  /(?:[,.;!]\s*|(?<![\p{L}])(?:but|and|so|also|pero|y)\s+)(?:is|are|do|does|can|could|will|would|what|whats|how|who|qu[eé]|c[oó]mo)(?![\p{L}])/iu;
const isQuestion = (text: string) =>
  /[?¿]/.test(text) ||
  questionStart.test(text) ||
  clauseQuestion.test(text) ||
  /\b(?:i\s+(?:want|need)\s+to\s+know|tell\s+me|wondering|curious)\b/iu.test(text);

/** The part of the message before `index`, back to the start of its clause. */
function clauseBefore(text: string, index: number): string {
  const before = text.slice(0, index);
  const cut = Math.max(
    before.lastIndexOf('.'),
    before.lastIndexOf(';'),
    before.lastIndexOf('!'),
    before.lastIndexOf('?'),
    before.lastIndexOf(','),
  );
  return before.slice(cut + 1);
}

interface Hit {
  start: number;
  end: number;
  text: string;
}

function hits(pattern: RegExp, text: string): Hit[] {
  return matchesOf(pattern, text)
    .filter((m) => m[0].trim().length > 0)
    .map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

const detection = (signal: SignalKind, confidence: number, hit: Hit, reason: string): Detection => ({
  signal,
  confidence: Math.round(Math.min(0.99, confidence) * 100) / 100,
  evidence: { text: hit.text, start: hit.start, end: hit.end },
  detector: 'rules',
  reason,
});

/** How many pieces `text.split(/\s+/)` gives, without the clone of the pattern that `split` makes (see matchesOf). */
const wordsIn = (text: string) => (text.match(/\s+/g)?.length ?? 0) + 1;

// ---- context: a short answer to the AI's offer ------------------------------------------------------------------------
const affirmative =
  /^\W*(?:(?:hey|ok|okay|oh|um)\W+)?(?:yes|yeah|yea|yep|ya(?!\s+(?:te|le|me|lo|la|dije|estoy|no|se))|yup|yas|sure|ok|okay|k|kk|please|pls|plz|s[ií]|claro|dale|va|de\s+acuerdo|est[aá]\s+bien|that\s+(?:works|would\s+(?:help|be\s+(?:great|good|helpful|perfect)))|that'?d\s+(?:help|be\s+(?:great|good|awesome|nice|helpful|perfect|ideal))|go\s+for\s+it|sounds\s+like\s+a\s+plan|let'?s\s+do\s+(?:it|that)|works\s+for\s+me|alright|aight|bet|cool|me\s+parece\s+bien|bueno|[oó]rale|sale|[aá]ndale|vale|excelente|sounds\s+(?:good|great|perfect)|go\s+ahead|please\s+do|pls\s+do|do\s+it|absolutely|definitely|for\s+sure|perfect|perfecto|great|deal|why\s+not|of\s+course|por\s+favor|porfa)(?![\p{L}])/iu;
const timeAnswer =
  /^\W*(?:\S+\s+){0,2}?(?:i\s+(?:can|could)\s+do|on\s+my\s+(?:break|lunch)|first\s+thing|(?:i'?m|im)\s+free|free\s+(?:after|then|now|any)|asap|now\s+works|weekdays?|weekends?|after|around|before|at|between|anytime|any\s+time|whenever|tomorrow|tmrw|tmr|tonight|today|this\s+(?:evening|afternoon|morning)|mornings?|evenings?|afternoons?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|\d{1,2}(?::\d{2})?\s*(?:am|pm)?|despu[eé]s|ma[nñ]ana|hoy|en\s+la\s+(?:tarde|ma[nñ]ana|noche)|a\s+las|el\s+(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado))(?![\p{L}])/iu;
// "my number on file is good", "this number works": how to reach them, given to an offer of a call
const givesNumber =
  /(?<![\p{L}])(?:(?:my|the|this)\s+(?:\S+\s+){0,2}?(?:number|cell|phone)(?:\s+on\s+file)?\s+(?:is|works|'?s)|(?:here'?s|here\s+is|hree\s+is)\s+my\s+(?:number|cell)|mi\s+(?:n[uú]mero|cel(?:ular)?)\s+es)(?![\p{L}])/iu;
const declines =
  /(?<![\p{L}])(?:no|not|nah|nope|don'?t|dont|later|maybe|busy|luego|ahorita\s+no|todav[ií]a\s+no|no\s+gracias|text|email|correo|mensaje|just\s+looking|myself|on\s+my\s+own)(?![\p{L}])/iu;

function answersOffer(text: string, context: Turn[]): Detection | undefined {
  const ai = previousAiTurn(context);
  const length = wordsIn(text);
  if (!ai || length > 12 || declines.test(text) || negativity(text).score >= 0.3) return undefined;
  const all: Hit = { start: 0, end: text.length, text };
  const offered = hits(offersPerson, ai).length > 0;
  if (offered && affirmative.test(text) && length <= 8)
    return detection('explicit_request', 0.9, all, 'accepts the offer of a person');
  if (offered && (timeAnswer.test(text) || givesNumber.test(text)))
    return detection('explicit_request', 0.9, all, 'gives a time or a number for the offered call');
  const asksTime = hits(asksCallTime, ai).length > 0 && hits(callWords, ai).length > 0;
  if (asksTime && givesNumber.test(text)) return detection('explicit_request', 0.9, all, 'gives a number for the call');
  if (length > 8) return undefined;
  if (asksTime && (timeAnswer.test(text) || (affirmative.test(text) && length <= 5))) {
    return detection('explicit_request', 0.9, all, 'gives a time for the call');
  }
  return undefined;
}

function acceptsNextStep(text: string, context: Turn[]): Detection | undefined {
  const ai = previousAiTurn(context);
  if (!ai || wordsIn(text) > 12 || declines.test(text)) return undefined;
  if (hits(proposesNextStep, ai).length > 0 && affirmative.test(text))
    return detection('high_intent', 0.8, { start: 0, end: text.length, text }, 'accepts the next step');
  return undefined;
}

// ---- the four signals -----------------------------------------------------------------------------------------------
interface ExplicitReading {
  detection?: Detection;
  vetoed: boolean;
}

function explicitRequest(original: string, context: Turn[], identity: IdentityQuestion | undefined): ExplicitReading {
  const norm = normalizeTypos(original);
  const text = norm.text;
  let vetoed = false;
  for (const { pattern, confidence } of explicitPatterns) {
    for (const hit of hits(pattern, text)) {
      // "¿es usted una persona real?", "is someone real typing these?" ask what the AI is, not for a person
      if (
        identity &&
        norm.toOriginal(hit.start) < identity.evidence.end &&
        norm.toOriginal(hit.end) > identity.evidence.start
      )
        continue;
      const clause = clauseBefore(text, hit.start);
      if (negated.test(clause) || (reported.test(clause) && !ownWords.test(clause))) {
        // "I don't need a person yet", "my wife said talk to a real person"
        vetoed = true;
        continue;
      }
      // "are you a real person?" asks what the AI is; "r u ai connect me with someone" asks that and then for a person
      if (askingWhatItIs.test(clause) && !requestVerbFirst.test(hit.text)) continue;
      const start = norm.toOriginal(hit.start);
      const end = norm.toOriginal(hit.end);
      return {
        detection: detection(
          'explicit_request',
          confidence,
          { start, end, text: original.slice(start, end) },
          'asks for a person',
        ),
        vetoed: false,
      };
    }
  }
  const answered = vetoed ? undefined : answersOffer(original, context);
  return { detection: answered, vetoed };
}

const timeline = phrase(words.timeline.filter((_, i) => i !== 1));
const commitment = phrase(words.commitment);
const urgency = phrase(words.urgency);
const strongUrgency = phrase(words.strongUrgency);
const mentionsOtherFirm = (c: string) => c.startsWith('(?:another|other|a\\s+different|the\\s+other)\\s+(?:lender');
const competitor = phrase(
  words.competitors.filter((c) => (/\\s/.test(c) || c === 'competitor') && !mentionsOtherFirm(c)),
);
// a brand name or "another lender" alone is a mention until a quote or offer comes with it
const competitorName = phrase(
  words.competitors.filter((c) => (!/\\s/.test(c) && c !== 'competitor') || mentionsOtherFirm(c)),
);
const whenWords = phrase(words.timeline[1]!);
const notUrgent = phrase(words.notUrgent);

function highIntent(text: string, context: Turn[]): Detection | undefined {
  if (hits(notUrgent, text).length > 0) return undefined;
  const kinds: { kind: string; confidence: number; hit: Hit }[] = [];
  const consider = (kind: string, pattern: RegExp, confidence: number) => {
    const hit = hits(pattern, text).find((h) => !negated.test(clauseBefore(text, h.start)));
    if (hit) kinds.push({ kind, confidence, hit });
  };
  consider('commitment', commitment, 0.85);
  consider('competitor', competitor, 0.8);
  consider('competitor', competitorName, 0.45); // a bare brand name is a mention until a quote or offer comes with it
  consider('timeline', timeline, 0.75);
  consider('time', whenWords, 0.4); // "next week" alone is a date, not a deadline
  consider('urgency', strongUrgency, 0.75);
  consider('urgency', urgency, 0.45);
  const accepted = acceptsNextStep(text, context);
  if (accepted) kinds.push({ kind: 'accepts next step', confidence: accepted.confidence, hit: accepted.evidence });
  if (kinds.length === 0) return undefined;
  const best = kinds.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  return detection(
    'high_intent',
    best.confidence + 0.1 * (kinds.length - 1),
    best.hit,
    kinds.map((k) => k.kind).join('+'),
  );
}

const pricing = phrase(words.pricingSpecifics);
const legalTax = phrase(words.legalTax);
const known = phrase(words.knownGround);

function outOfConfidence(original: string): Detection | undefined {
  const norm = normalizeTypos(original);
  const text = norm.text;
  const back = (h: Hit): Hit => {
    const start = norm.toOriginal(h.start);
    const end = norm.toOriginal(h.end);
    return { start, end, text: original.slice(start, end) };
  };
  const price = hits(pricing, text)[0];
  if (price) return detection('out_of_confidence', 0.85, back(price), 'pricing that depends on the lead');
  if (!isQuestion(text)) return undefined;
  const legal = hits(legalTax, text)[0];
  if (legal) return detection('out_of_confidence', 0.8, back(legal), 'legal, compliance, tax or coverage question');
  // A real question about none of what the AI was given: a weak hint for the rep (0.45), below the default trigger and the evaluation's cut.
  const content = text.match(/\p{L}{3,}/gu) ?? [];
  if (content.length >= 3 && hits(known, text).length === 0) {
    return detection(
      'out_of_confidence',
      0.45,
      { start: 0, end: original.length, text: original },
      'question on ground the AI was not given',
    );
  }
  return undefined;
}

const strong = phrase(words.strongNegative);
const mild = phrase(words.mildNegative);
const confused = phrase(words.confusion);
const confusedMarks = punctuation(words.confusedPunctuation);
const repeated = phrase(words.repetition);
const angryFaces = /[\u{1F620}\u{1F621}\u{1F624}\u{1F92C}\u{1F47F}]/gu;
const rollingEyes = /[\u{1F644}\u{1F926}\u{1F612}\u{1F611}]/gu;
const shouting = /\b[A-Z]{3,}\b(?:[^a-z]*\b[A-Z]{3,}\b)+/gu;
const acronyms = /^(?:FHA|VA|USDA|APR|ARM|HOA|PMI|LLC|CRM|API|SLA|SOC|ROI|USA|ASAP|FICO|LOL|OMG|HELP|STOP)$/;

/** How negative one message reads, and the words that show it most. */
export function negativity(original: string): { score: number; hit?: Hit; cues: string[] } {
  // misspelt complaint words read as the word meant ("ridiculoous", "wssting my time"); evidence points at the original
  const norm = normalizeTypos(original);
  const text = norm.text;
  const back = (h: Hit): Hit => {
    const start = norm.toOriginal(h.start);
    const end = norm.toOriginal(h.end);
    return { start, end, text: original.slice(start, end) };
  };
  let score = 0;
  let best: { weight: number; hit: Hit } | undefined;
  const cues: string[] = [];
  const add = (pattern: RegExp, weight: number, cue: string, cap = 2) => {
    const found = hits(pattern, text)
      .filter((h) => !/(?:not|n't)\s+(?:\w+\s+)?$/iu.test(clauseBefore(text, h.start)) || weight < 0.4)
      .slice(0, cap);
    if (found.length === 0) return;
    score += weight * found.length;
    cues.push(cue);
    if (!best || weight > best.weight) best = { weight, hit: found[0]! };
  };
  add(strong, 0.6, 'anger');
  add(confused, 0.6, 'confusion'); // an explicit "that makes no sense" or "i'm lost" is enough alone
  add(confusedMarks, 0.3, 'confusion', 1);
  add(repeated, 0.6, 'repeating');
  add(mild, 0.2, 'displeasure');
  // faces that say it: an angry or steaming face, an eye-roll or a facepalm (a tone, weaker than words)
  add(angryFaces, 0.6, 'anger', 1);
  add(rollingEyes, 0.4, 'sarcasm', 1);
  // Shouting is a tone only when the whole message is not in capitals (some phones and leads write everything so).
  const caps =
    original !== original.toUpperCase()
      ? hits(shouting, original).filter((h) => !(h.text.match(/[A-Z]+/g) ?? []).every((w) => acronyms.test(w)))
      : [];
  if (caps.length > 0) {
    score += 0.3;
    cues.push('shouting');
    if (!best) return { score: score + (/!{2,}/.test(text) ? 0.15 : 0), hit: caps[0]!, cues };
  }
  if (/!{2,}/.test(text)) score += 0.15;
  return { score, hit: best ? back(best.hit) : undefined, cues };
}

const tokens = (text: string) => new Set(text.toLowerCase().match(/\p{L}{3,}/gu) ?? []);
const overlap = (a: Set<string>, b: Set<string>) => {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / Math.min(a.size, b.size);
};

/** Amounts and figures of two digits and more ("320k", "$1,800", "95k"), as written, without separators. */
const numbersIn = (text: string) =>
  (text.toLowerCase().match(/\d[\d,.]*\d(?:\s?k\b)?|\d\d?\s?k\b/gu) ?? []).map((n) => n.replace(/[,\s]/g, ''));

/** Frustration, confusion or anger rising across the lead's turns, not one grumpy word. */
function sentimentShift(text: string, context: Turn[]): Detection | undefined {
  const now = negativity(text);
  const earlier = context.filter((t) => t.author === 'lead').slice(-4);
  const earlierScores = earlier.map((t) => negativity(t.text).score);
  let score = now.score;
  const reasons = [...now.cues];
  const negativeBefore = earlierScores.filter((s) => s >= 0.25).length;
  if (now.score > 0 && negativeBefore > 0) {
    score += 0.2 * negativeBefore;
    reasons.push(`rising over ${negativeBefore + 1} turns`);
  }
  // the lead restating a number from an earlier turn ("320k" again, after the AI asked again) is repetition
  const repeatedNumber = numbersIn(text).find((n) => earlier.some((t) => numbersIn(t.text).includes(n)));
  if (repeatedNumber) {
    score += 0.5;
    reasons.push('restates a number');
  }
  const mine = tokens(text);
  if (isQuestion(text) && mine.size >= 3 && earlier.some((t) => overlap(mine, tokens(t.text)) >= 0.7)) {
    score += 0.4;
    reasons.push('asked again');
  }
  if (score < 0.5) return undefined;
  // Displeasure that keeps coming back across the lead's turns is what this signal means: the rules are sure of it.
  if (now.score > 0 && negativeBefore > 0) score = Math.max(score, 0.75);
  const hit = now.hit ?? { start: 0, end: text.length, text };
  return detection('sentiment_shift', Math.min(0.95, score), hit, reasons.join(', '));
}

// Words without which no message asks for a person: a person, a way of reaching one, or (in a reply) the AI's offer.
const requestCue = phrase(
  `${person}|${words.contactVerb}|${words.connectVerb}|${words.reachVerb}|call|calls|phone|ring|ll[aá]m\\w*|hablar|persona|humano|alguien|asesor|agente|bot|robot|ai|machine|m[aá]quina|meet|office|number|line`,
);

/**
 * Whether a message has anything a request for a person is made of. The model may find requests the patterns miss,
 * but not in a message with none of these words: an explicit request hands off at once, so it needs an anchor.
 */
export function hasRequestCue(text: string, context: Turn[]): boolean {
  if (hits(requestCue, normalizeTypos(text).text).length > 0) return true;
  const ai = previousAiTurn(context);
  return (
    ai !== undefined &&
    (hits(offersPerson, ai).length > 0 || (hits(asksCallTime, ai).length > 0 && hits(callWords, ai).length > 0))
  );
}

// A request for a quote or an estimate is browsing: high intent or a hard question only with a cue of its own
// (urgency, a deadline, a price that depends on the lead), so the model may not find them there alone.
const quoteRequest = phrase(
  '(?:need|needs|want|wanted|looking\\s+(?:for|to\\s+get)|get(?:ting)?|like|interested\\s+in|shopping\\s+(?:for|around\\s+for)|request(?:ing)?|can\\s+i\\s+(?:get|have)|could\\s+i\\s+(?:get|have)|necesito|quiero|quisiera|busco|me\\s+(?:da|das|puede\\s+dar|pueden\\s+dar))\\s+(?:a|an|some|una|un|the|me\\s+a)?\\s*(?:\\S+\\s+){0,2}?(?:quotes?|estimates?|pricing|cotizaci[oó]n|cotizar|presupuesto)',
);
const isQuoteRequest = (text: string) => hits(quoteRequest, text).length > 0;

// A question outside the AI's confidence band is a question: a message that asks nothing ("Hi, I'd like to
// refinance my house") is not one, however much its words look like the hard questions the model learnt from.
const asksSomething = phrase(
  '(?:what|whats|wat|how|hows|can|could|would|will|is|are|am|do|does|did|should|shall|which|when|where|why|who|whether|if|wondering|wonder|need\\s+to\\s+know|want\\s+to\\s+know|not\\s+sure|unsure|tell\\s+me|explain|depends?|qu[eé]|c[oó]mo|cu[aá]nto|cu[aá]nta|cu[aá]l|puedo|puede|pueden|se\\s+puede|d[oó]nde|cu[aá]ndo|por\\s+qu[eé]|si|saber)',
);
const asksNothing = (text: string) =>
  !text.includes('?') && !text.includes('¿') && hits(asksSomething, text).length === 0;

/** What the rules read, with the requests they saw and set aside (negated or reported), so a model cannot revive them lightly. */
export interface RuleReading extends Reading {
  vetoed: SignalKind[];
  /** Signals the message has no words for at all, so the model may not find them alone (see hasRequestCue). */
  unanchored: SignalKind[];
}

/** The offline engine: rules and lexicons, no I/O, a few microseconds a message. */
export class RuleSignalEngine implements SignalEngine {
  readonly name = 'rules' as const;

  read(input: DetectionInput): Promise<Reading> {
    return Promise.resolve(this.readNow(input));
  }

  readNow({ text, context }: DetectionInput): RuleReading {
    const identityQuestion = identityQuestionIn(text);
    const explicit = explicitRequest(text, context, identityQuestion);
    const found = [explicit.detection, highIntent(text, context), outOfConfidence(text), sentimentShift(text, context)];
    const browsing: SignalKind[] = isQuoteRequest(text)
      ? (['high_intent', 'out_of_confidence'] as const).filter(
          (s) => !found.some((d) => d?.signal === s && d.confidence >= 0.5),
        )
      : [];
    if (
      asksNothing(text) &&
      !browsing.includes('out_of_confidence') &&
      !found.some((d) => d?.signal === 'out_of_confidence' && d.confidence >= 0.5)
    )
      browsing.push('out_of_confidence');
    return {
      detections: found.filter((d): d is Detection => d !== undefined),
      ...(identityQuestion ? { identityQuestion } : {}),
      vetoed: explicit.vetoed ? ['explicit_request'] : [],
      unanchored: [
        ...(explicit.detection || hasRequestCue(text, context) ? [] : ['explicit_request' as const]),
        ...browsing,
      ],
    };
  }
}
