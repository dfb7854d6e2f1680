import { normalizeTypos } from './fuzzy-words';
import type { IdentityQuestion } from './signal-engine.port';

// "are you a bot?", "is this a real person?", "am i talking to AI", "¿eres un robot?": the lead asks what is writing.
// The honest answer is disclosure (conversation-state grants a disclose_ai turn); it is not a handoff signal.
const machine =
  '(?:bot|robot|ai|a\\.i\\.|machine|computer|program|script|chat\\s*bot|chatgpt|gpt|automated|autom[aá]tic[oa]|(?:actual|real|live)\\s+(?:person|human|persona)|persona\\s+real|auto\\s*(?:reply|text|response)|recording|real(?=\\s*(?:[?!.,]|$|\\s+or\\b|\\s+(?:person|human|one|people)\\b))|human(?:\\s+being)?|person|live\\s+person|actual\\s+person|real\\s+(?:person|human|one)|someone\\s+real)';
const english: { pattern: RegExp; confidence: number }[] = [
  {
    pattern: new RegExp(
      `(?<![\\p{L}])(?:(?:are|r)\\s+(?:you|u|ya)|ru)\\s+(?:a\\s+|an\\s+|un\\s+|una\\s+|even\\s+|actually\\s+)?${machine}(?![\\p{L}])`,
      'iu',
    ),
    confidence: 0.95,
  },
  {
    pattern: new RegExp(
      `(?<![\\p{L}])(?:is|iz)\\s+(?:this|it|that)\\s+(?:a\\s+|an\\s+|un\\s+|una\\s+|just\\s+(?:a\\s+|an\\s+)?)?(?:${machine}|(?:automated|automatic)\\s+\\w+)(?![\\p{L}])`,
      'iu',
    ),
    confidence: 0.9,
  },
  {
    pattern:
      /^\W*(?:\w+\W+){0,2}?this\s+(?:is\s+)?(?:a\s+|an\s+|un\s+)?(?:chatgpt|chat\s*bot|bot|robot|ai|machine|automated(?:\s+(?:system|text|message|reply))?)(?![\p{L}])\s*(?:\?|$|[,.!]|\s+(?:just|btw|sorry|lol))/iu,
    confidence: 0.85,
  },
  {
    pattern:
      /(?<![\p{L}])(?:are|r)\s+(?:these|the|your)\s+(?:texts|messages|replies|answers)\s+(?:automated|from\s+a\s+bot|written\s+by\s+(?:ai|a\s+bot|a\s+computer))/iu,
    confidence: 0.9,
  },
  {
    pattern:
      /(?<![\p{L}])(?:this\s+is|you'?re|ur)\s+(?:a\s+|an\s+|just\s+a\s+)?(?:bot|robot|ai|machine|chat\s*bot|script)(?![\p{L}])\s*\?/iu,
    confidence: 0.85,
  },
  {
    pattern: new RegExp(
      `(?<![\\p{L}])am\\s+i\\s+(?:talking|texting|chatting|speaking|messaging)\\s+(?:to|with|w/?)\\s+(?:a\\s+|an\\s+)?${machine}(?![\\p{L}])`,
      'iu',
    ),
    confidence: 0.95,
  },
  {
    pattern: /(?<![\p{L}])who\s+am\s+i\s+(?:talking|texting|chatting|speaking)\s+(?:to|with)(?![\p{L}])/iu,
    confidence: 0.8,
  },
  {
    pattern:
      /(?<![\p{L}])is\s+(?:a\s+human|a\s+person|someone\s+real|anyone\s+real|a\s+real\s+person)\s+(?:reading|answering|typing|writing|sending)(?![\p{L}])/iu,
    confidence: 0.9,
  },
  {
    pattern:
      /(?<![\p{L}])(?:you|u|this|it)\s+(?:sound|sounds|seem|seems|talk|talks|read|reads)\s+like\s+a\s+(?:bot|robot|script|machine|ai|computer)(?![\p{L}])/iu,
    confidence: 0.8,
  },
  {
    pattern:
      /(?<![\p{L}])(?:bot|robot|ai|machine|computer)\s+or\s+(?:a\s+)?(?:human|person|real)|(?:human|person|real)\s+or\s+(?:a\s+)?(?:bot|robot|ai|machine|computer)(?![\p{L}])/iu,
    confidence: 0.9,
  },
  {
    pattern:
      /(?<![\p{L}])are\s+(?:these|the|your)\s+(?:texts|messages|replies|answers)\s+(?:automated|from\s+a\s+bot|written\s+by\s+(?:ai|a\s+bot|a\s+computer))/iu,
    confidence: 0.9,
  },
  {
    pattern:
      /(?<![\p{L}])is\s+there\s+a\s+(?:real|live|actual)\s+(?:person|human)\s+(?:typing|tping|on\s+the\s+other\s+end|texting|writing|reading|answering)/iu,
    confidence: 0.9,
  },
  // a fourth round: "if you're a bot get me a human", "r u real", "are you an actual live person"
  {
    pattern:
      /(?<![\p{L}])(?:if|unless)\s+(?:you'?re|youre|ur|u\s*r|you\s+are|this\s+is)\s+(?:a\s+|an\s+|just\s+a\s+)?(?:bot|robot|ai|machine|computer|chat\s*bot|automated)(?![\p{L}])/iu,
    confidence: 0.85,
  },
  {
    pattern:
      /(?<![\p{L}])(?:are|r)\s+(?:you|u|ya)\s+(?:a\s+|an\s+)?(?:real(?!\s+(?:estate|quick|fast|close|sure))|actual\s+live\s+(?:person|human)|live\s+(?:person|human|agent))(?![\p{L}])/iu,
    confidence: 0.85,
  },
];
const spanish: { pattern: RegExp; confidence: number }[] = [
  {
    pattern:
      /(?<![\p{L}])(?:eres|es\s+usted|sos)\s+(?:un\s+|una\s+)?(?:robot|bot|m[aá]quina|humano|humana|persona(?:\s+real)?|ia|inteligencia\s+artificial|programa|chatbot|real|autom[aá]tic[oa])(?![\p{L}])/iu,
    confidence: 0.95,
  },
  {
    pattern: /(?<![\p{L}])es\s+(?:un\s+|una\s+)(?:robot|bot|m[aá]quina|ia|chatbot|programa)(?![\p{L}])/iu,
    confidence: 0.9,
  },
  {
    pattern:
      /(?<![\p{L}])(?:estoy|est[aá]s?)\s+(?:hablando|hablano|texteando|chateando|escribiendo)\s+(?:con|with|w\/?)\s+(?:un\s+|una\s+|a\s+|an\s+)?(?:real\s+person|human|person|bot|ai|(?:robot|bot|m[aá]quina|persona|humano|ia|alguien\s+de\s+verdad|alguien\s+real|computadora))(?![\p{L}])/iu,
    confidence: 0.95,
  },
  {
    pattern:
      /(?<![\p{L}])hablo\s+con\s+(?:un\s+|una\s+)?(?:robot|bot|m[aá]quina|persona(?:\s+real)?|humano|alguien\s+de\s+verdad)(?![\p{L}])/iu,
    confidence: 0.9,
  },
  {
    pattern:
      /(?<![\p{L}])(?:esto|esto\s+es|es)\s+(?:autom[aá]tico|un\s+bot|un\s+robot|inteligencia\s+artificial)(?![\p{L}])/iu,
    confidence: 0.9,
  },
  {
    pattern:
      /(?<![\p{L}])(?:humano|persona)\s+o\s+(?:robot|bot|m[aá]quina)|(?:robot|bot|m[aá]quina)\s+o\s+(?:humano|persona)(?![\p{L}])/iu,
    confidence: 0.9,
  },
  { pattern: /(?<![\p{L}])qui[eé]n\s+me\s+(?:escribe|contesta|responde)(?![\p{L}])/iu, confidence: 0.8 },
  { pattern: /(?<![\p{L}])(?:usted|t[uú])\s+es\s+real(?![\p{L}])/iu, confidence: 0.9 },
];
// "my son uses chatgpt", "your website chatbot sent me here", "the robot vacuum": talk of machines, not a question to this one.
const aboutSomethingElse =
  /(?<![\p{L}])(?:my|our|his|her|their|your\s+(?:website|site|app))\s+(?:\S+\s+)?(?:bot|chatbot|chatgpt|robot|ai)(?![\p{L}])/iu;

/** Whether the lead asks if they are talking to an AI, with the words that ask. */
export function identityQuestionIn(original: string): IdentityQuestion | undefined {
  const norm = normalizeTypos(original);
  const text = norm.text;
  for (const [language, patterns] of [
    ['en', english],
    ['es', spanish],
  ] as const) {
    for (const { pattern, confidence } of patterns) {
      const m = pattern.exec(text);
      if (!m) continue;
      if (language === 'en' && aboutSomethingElse.test(text) && !/\?/.test(text)) continue;
      const start = norm.toOriginal(m.index);
      const end = norm.toOriginal(m.index + m[0].length);
      return { confidence, evidence: { text: original.slice(start, end), start, end }, detector: 'rules', language };
    }
  }
  return undefined;
}
