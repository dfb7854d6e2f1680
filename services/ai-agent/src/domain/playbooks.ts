/** What the AI needs to learn, in order, per vertical: each slot with its question and how to spot the answer. */
export interface Slot {
  key: string;
  question: string;
  /** Finds the answer in anything the lead (or a rep) said. */
  answer: RegExp;
}

export interface Playbook {
  name: string;
  greeting: string;
  slots: Slot[];
}

export const playbooks: Record<string, Playbook> = {
  mortgage: {
    name: 'mortgage',
    greeting: 'Thanks for reaching out!',
    slots: [
      {
        key: 'purpose',
        question: 'Are you looking to buy a home or refinance one you own?',
        answer: /\b(buy(?:ing)?|purchas\w*|refi\w*|refinanc\w*|first[- ]time)\b/i,
      },
      {
        key: 'timeline',
        question: 'When are you hoping to close?',
        answer:
          /\b(asap|this (?:week|month)|next (?:week|month|year)|\d+\s*(?:days?|weeks?|months?)|by (?:\w+)|soon|(?:january|february|march|april|may|june|july|august|september|october|november|december)|q[1-4]|expires?\b.*)/i,
      },
      {
        key: 'amount',
        question: 'Roughly what price range or loan amount are you thinking?',
        answer: /(\$\s?\d[\d,.]*\s?[km]?|\b\d{2,3}\s?k\b|\b\d+(?:\.\d+)?\s?(?:million|mil)\b|\b\d{3},\d{3}\b)/i,
      },
      {
        key: 'credit',
        question: 'How would you describe your credit: excellent, good, fair, or not sure?',
        answer: /\b(excellent|great|good|fair|poor|bad|not sure|[5-8]\d{2}\s*(?:credit|score|fico)?)\b/i,
      },
      {
        key: 'location',
        question: 'Which city or area is the property in?',
        answer: /\b(?:in|near|around)\s+([A-Z][a-zA-Z]+(?:\s[A-Z][a-zA-Z]+)?)/,
      },
    ],
  },
  real_estate: {
    name: 'real_estate',
    greeting: 'Thanks for your interest!',
    slots: [
      {
        key: 'intent',
        question: 'Are you looking to buy, sell, or both?',
        answer: /\b(buy\w*|sell\w*|both|list(?:ing)?)\b/i,
      },
      {
        key: 'area',
        question: 'Which neighborhoods or areas are you focused on?',
        answer: /\b(?:in|near|around)\s+([A-Z][a-zA-Z]+(?:\s[A-Z][a-zA-Z]+)?)/,
      },
      {
        key: 'timeline',
        question: 'What timeline are you working with?',
        answer:
          /\b(asap|this (?:week|month)|next (?:month|year)|\d+\s*(?:weeks?|months?)|lease (?:ends|is up)\b.*|soon)/i,
      },
      {
        key: 'budget',
        question: 'What price range feels comfortable?',
        answer: /(\$\s?\d[\d,.]*\s?[km]?|\b\d{2,3}\s?k\b|\b\d+(?:\.\d+)?\s?(?:million|mil)\b)/i,
      },
      {
        key: 'financing',
        question: 'Are you pre-approved, paying cash, or still sorting out financing?',
        answer: /\b(pre-?approved|cash|financ\w*|mortgage|loan)\b/i,
      },
    ],
  },
  insurance: {
    name: 'insurance',
    greeting: 'Thanks for reaching out about coverage!',
    slots: [
      {
        key: 'line',
        question: 'What kind of coverage are you shopping for: auto, home, life, or a bundle?',
        answer: /\b(auto|car|home|homeowners?|renters?|life|umbrella|bundle|business)\b/i,
      },
      {
        key: 'current',
        question: 'Do you have a current policy, and when does it renew?',
        answer: /\b(renew\w*|expires?|current(?:ly)?|with\s+[A-Z]\w+|no (?:policy|coverage)|uninsured)\b/i,
      },
      {
        key: 'household',
        question: 'Who should the policy cover (drivers, household members)?',
        answer: /\b(\d+\s*(?:drivers?|people|kids?|cars?)|just me|my (?:wife|husband|spouse|partner|family|kids?))\b/i,
      },
      { key: 'zip', question: "What's the ZIP code where you live?", answer: /\b(\d{5})\b/ },
    ],
  },
  b2b: {
    name: 'b2b',
    greeting: 'Thanks for your interest in the platform!',
    slots: [
      {
        key: 'problem',
        question: 'What problem are you hoping to solve?',
        answer: /\b(need|problem|issue|looking for|want to|trying to|struggl\w*|replace)\b/i,
      },
      {
        key: 'team',
        question: 'How many people would use it?',
        answer: /\b(\d+\s*(?:people|users|seats|reps|agents|employees))\b/i,
      },
      {
        key: 'current',
        question: 'What are you using today?',
        answer: /\b(using|currently|spreadsheets?|excel|salesforce|hubspot|nothing)\b/i,
      },
      {
        key: 'timeline',
        question: 'When would you want this in place?',
        answer: /\b(asap|this (?:quarter|month)|next (?:quarter|month)|q[1-4]|\d+\s*(?:weeks?|months?)|by\s+\w+)/i,
      },
    ],
  },
};

/** The playbook of that name (own keys only: a configured name is never Object.prototype's), or the mortgage one. */
export const playbookFor = (name: string | undefined): Playbook =>
  (name !== undefined && Object.hasOwn(playbooks, name) ? playbooks[name] : undefined) ?? playbooks.mortgage!;

/** The transition line, varied by why the conversation is handed off. */
export const transitionLines: Record<string, string> = {
  explicit_request: 'Of course, let me grab someone for you.',
  sentiment_shift: 'Let me get someone real on this with you.',
  high_intent: "Sounds like you're ready to move. Let me bring in a specialist who can lock this in with you.",
  out_of_confidence:
    "That's a great question for one of our specialists; let me bring someone in who can answer it properly.",
  default: 'Let me bring in someone from our team.',
};

export const transitionLineFor = (reason: string | undefined): string =>
  (reason !== undefined && Object.hasOwn(transitionLines, reason) ? transitionLines[reason] : undefined) ??
  transitionLines.default!;
/** How the first offer of times opens, by why the conversation is handed off: one message, transition and times. */
export const offerOpenings: Record<string, string> = {
  explicit_request: "Of course, I'll get you a person. ",
  sentiment_shift: 'Let me get someone real on this with you. ',
  high_intent: "Sounds like you're ready to move. ",
  out_of_confidence: "That's a great question for one of our specialists. ",
  default: '',
};

/** The truthful answer to "are you a bot?": an AI assistant; a person on offer, or (during a handoff) on the way. */
export const identityLines: Record<'en' | 'es', { offer: string; handoff: string }> = {
  en: {
    offer:
      "I'm an AI assistant, not a person. I can keep helping here, or I can have someone from our team reach out. Would you like a person?",
    handoff:
      "I'm an AI assistant, not a person. Someone from our team is being brought in and will be with you shortly.",
  },
  es: {
    offer:
      'Soy un asistente de IA, no una persona. Puedo seguir ayudándole por aquí o pedir que alguien de nuestro equipo le contacte. ¿Prefiere hablar con una persona?',
    handoff:
      'Soy un asistente de IA, no una persona. Ya estamos llamando a alguien de nuestro equipo, que le atenderá en breve.',
  },
};
