// Word lists of the offline engine, in the domain's words (mortgage, insurance, real estate, B2B sales).
// Regex sources, matched case-insensitively on word boundaries.

const people = [
  'human(?:\\s+being)?', 'person', 'people', 'real\\s+(?:person|human|people)', 'live\\s+(?:person|agent|human|rep)', 'actual\\s+(?:person|human)',
  'agent', 'rep', 'representative', 'someone', 'somebody', 'some\\s+one', 'anyone', 'anybody', 'operator', 'manager', 'supervisor',
  'sales\\s*(?:person|rep|team|guy|manager)', 'salesperson', 'loan\\s+officer', 'advisor', 'adviser', 'broker', 'realtor', 'underwriter',
  'account\\s+(?:manager|executive|rep)', 'specialist', 'consultant', 'customer\\s+(?:service|support|care)', 'support\\s+(?:team|staff)',
  'staff', 'team\\s+member', 'employee', 'man', 'woman', 'guy', 'lady', 'assistant',
];
// Words people put between the article and the person ("a fucking human", "an actual live agent").
export const filler = '(?:(?:fucking|fuckin|freaking|effing|bloody|damn|real|actual|live|human|proper|flesh\\s+and\\s+blood)\\s+)*';
export const personNoun = `(?:(?:a|an|the|some|your|one\\s+of\\s+your)\\s+)?${filler}(?:${people.join('|')}|someoone|somneone|smeone|somone|somenoe|sopmeone|someome|persn|peson|perosn|humna|huamn|hunan|humam|uhman|eprson|agnet|reprensentative)`;

// Verbs of asking to be put in touch with a person.
export const contactVerb = '(?:talk(?:ing)?|speak(?:ing)?|speqk|spek|speack|tallk|chat(?:ting)?|converse|conversing|tlak|spaek|speek|spk|pseak)';
export const connectVerb = '(?:connect(?:ing)?|transfer(?:ring)?|put(?:ting)?|pass(?:ing)?|forward(?:ing)?|escalate|hand|route|switch|send)';
export const reachVerb = '(?:contact(?:ing)?|contcat|conatct|contac|reach(?:ing)?|contacy|ocntact(?:ing)?|get(?:ting)?\\s+(?:a\\s+hold\\s+of|ahold\\s+of|in\\s+touch\\s+with|hold\\s+of))';

export const spanishRequest = [
  '(?:hablar|platicar|conversar|comunicarme|comunicar)\\s+con\\s+(?:una?\\s+)?(?:persona|humano|alguien|agente|asesor|asesora|representante|ejecutivo|ejecutiva|gerente|supervisor)',
  '(?:quiero|necesito|prefiero|puedo\\s+tener)\\s+(?:una?\\s+)?(?:persona(?:\\s+real)?|humano|agente|asesor|asesora|representante)',
  '(?:p[aá]same|p[aá]seme|comun[ií]quenme|comun[ií]came|transfi[eé]reme|transfi[eé]rame)(?:\\s+con)?',
  'persona\\s+real', 'que\\s+me\\s+llame\\s+(?:alguien|una\\s+persona|un\\s+asesor)', '(?:me\\s+puede|puede)\\s+llamar\\s+(?:alguien|un\\s+asesor)',
];

export const negators = "(?:don'?t|do\\s+not|doesn'?t|didn'?t|no\\s+need|not|never|no|without|won'?t|wouldn'?t|rather\\s+not|no\\s+necesito|no\\s+quiero|sin)";
export const reportedSpeech = '(?:said|says|told\\s+(?:me|us|him|her)|tells\\s+(?:me|us)|suggested|recommended|advised|insisted|wants\\s+me|asked\\s+me|(?:he|she|they)\\s+(?:wants?|needs?|would\\s+like)|dijo|me\\s+dijo)';

// High intent: timelines, commitment, urgency, competitors.
export const timeline = [
  '(?:by|before|until|no\\s+later\\s+than)\\s+(?:the\\s+)?(?:end\\s+of\\s+(?:the\\s+)?(?:week|month|year|quarter|day)|eo[dwmqy]|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|next\\s+(?:week|month)|q[1-4]|january|february|march|april|may|june|july|august|september|october|november|december|\\d{1,2}(?:st|nd|rd|th)?|\\d{1,2}/\\d{1,2})',
  '(?:this|next)\\s+(?:week|month|weekend|monday|tuesday|wednesday|thursday|friday|quarter)',
  '(?:expires?|expiring|ends|ending|renews?|renewal|closing|closes|close\\s+on|due|deadline|lease\\s+is\\s+up|move\\s+(?:in|out)|moving)\\b[^.?!]{0,40}?\\b(?:friday|monday|tuesday|wednesday|thursday|saturday|sunday|tomorrow|week|month|days?|q[1-4]|soon|\\d{1,2}(?:st|nd|rd|th)?|end\\s+of)',
  'within\\s+(?:the\\s+)?(?:next\\s+)?(?:\\d+|a|two|three|few|couple(?:\\s+of)?)\\s+(?:days?|weeks?)',
  '(?:in|over)\\s+the\\s+next\\s+(?:\\d+|few|couple(?:\\s+of)?|two|three)\\s+(?:days?|weeks?)',
  'need\\s+(?:it|this|them|coverage|the\\s+\\w+)\\s+(?:live|done|in\\s+place|set\\s+up|by|before|started)',
  'go[- ]live', 'closing\\s+date', 'rate\\s+lock',
];
export const commitment = [
  'ready\\s+to\\s+(?:sign|buy|move\\s+forward|proceed|start|commit|purchase|go|roll|lock|apply|close|switch|get\\s+started|pull\\s+the\\s+trigger)',
  "let'?s\\s+(?:do\\s+(?:it|this)|move\\s+forward|get\\s+started|go\\s+ahead|proceed|lock\\s+it)",
  'where\\s+do\\s+i\\s+sign', 'sign\\s+(?:the\\s+)?(?:contract|papers|paperwork|agreement|today|up\\s+today)',
  'send\\s+(?:me|us|over)\\s+(?:the\\s+)?(?:contract|agreement|paperwork|application|invoice|order\\s+form|proposal|quote)',
  'how\\s+do\\s+(?:i|we)\\s+(?:pay|sign\\s+up|get\\s+started|apply|purchase|buy|lock)', "i'?m\\s+in[.!]*$", "count\\s+(?:me|us)\\s+in", "we'?ll\\s+take\\s+it", "i'?ll\\s+take\\s+it",
  // "I want to buy a condo" opens most real-estate threads; it is interest, not yet commitment.
  '(?:want|like|ready)\\s+to\\s+(?:sign\\s+up|lock\\s+(?:in|the\\s+rate)|make\\s+an\\s+offer|put\\s+(?:in\\s+)?an\\s+offer|bind(?:\\s+the\\s+policy)?)',
  'pre-?approved', 'make\\s+an\\s+offer', 'put\\s+(?:in|down)\\s+an\\s+offer', 'down\\s+payment\\s+(?:ready|saved)', 'budget\\s+(?:is\\s+)?approved', 'signed\\s+off', 'purchase\\s+order',
];
export const urgency = ['asap', 'a\\.s\\.a\\.p', 'as\\s+soon\\s+as\\s+possible', 'urgent(?:ly)?', 'right\\s+away', 'right\\s+now', 'immediately', 'today', 'tonight', 'time[- ]sensitive', 'in\\s+a\\s+hurry', 'quickly', 'hoy\\s+mismo', 'urgente', 'lo\\s+antes\\s+posible'];
export const competitors = [
  'zillow', 'redfin', 'realtor\\.com', 'opendoor', 'compass', 'keller\\s+williams', 'rocket(?:\\s+mortgage)?', 'quicken(?:\\s+loans)?', 'better\\.com', 'loandepot', 'wells\\s+fargo', 'chase', 'sofi',
  'geico', 'state\\s+farm', 'progressive', 'allstate', 'lemonade', 'liberty\\s+mutual', 'usaa', 'farmers', 'nationwide',
  'salesforce', 'hubspot', 'zoho', 'pipedrive', 'gong', 'outreach', 'salesloft',
  '(?:another|other|a\\s+different|the\\s+other)\\s+(?:lender|broker|bank|company|agent|agency|provider|vendor|carrier|insurer|realtor|firm|quote|offer)',
  'competitor', '(?:they|he|she|someone)\\s+(?:quoted|offered)\\s+(?:me|us)', 'quoted\\s+(?:me|us)', 'beat\\s+(?:their|that|this|the)\\s+(?:rate|price|quote|offer)', 'match\\s+(?:their|that|the)\\s+(?:rate|price|quote|offer)',
];
export const notUrgent = ['no\\s+rush', 'not\\s+in\\s+a\\s+(?:rush|hurry)', 'just\\s+(?:looking|browsing|curious|researching)', 'not\\s+ready', 'no\\s+timeline', 'maybe\\s+(?:next\\s+year|someday|later)', 'down\\s+the\\s+road', 'not\\s+(?:anytime|any\\s+time)\\s+soon'];

// Out of the AI's confidence band: pricing that depends on the lead, legal, compliance and tax.
export const pricingSpecifics = [
  'what\\s+(?:would|will|is|\'s|could|can)\\s+(?:my|our|the)\\s+(?:rate|apr|interest\\s+rate|payment|monthly(?:\\s+payment)?|premium|price|quote|closing\\s+costs?|cost)',
  'what\\s+(?:rate|apr|premium|price|payment)\\s+(?:would|will|could|can|do)\\s+(?:i|we)',
  'how\\s+much\\s+(?:would|will|do|can|could)\\s+(?:i|we)\\s+(?:pay|owe|qualify|borrow|get|save)',
  'how\\s+much\\s+(?:would|will|does|is)\\s+(?:it|this|that|my|our|the\\s+\\w+)\\s+(?:cost|be|run)\\s+(?:me|us|for\\s+(?:me|us|my|our))',
  '(?:with|at)\\s+(?:a|my|an)\\s+\\d{3}\\s+(?:credit\\s+)?(?:score|fico)', '\\d{3}\\s+(?:credit\\s+score|fico)',
  'do\\s+i\\s+qualify', 'can\\s+(?:i|we)\\s+qualify', '(?:exact|exactly|specific|guaranteed?)\\s+(?:interest\\s+|mortgage\\s+|monthly\\s+)?(?:price|rate|quote|cost|number|premium|payment)',
  '(?:rate|apr|price|quote|premium|discount)\\s+(?:would|will|could|can)\\s+you\\s+(?:give|offer|quote|get)\\s+(?:me|us)',
  'how\\s+much\\s+(?:are|is|would\\s+be|will\\s+be)\\s+(?:the\\s+|my\\s+|our\\s+)?closing\\s+costs?',
  'can\\s+you\\s+guarantee', 'discount\\s+for\\s+(?:me|us|my|our)', 'custom\\s+(?:pricing|quote)', 'volume\\s+discount', 'enterprise\\s+pricing', 'price\\s+for\\s+\\d+\\s+(?:seats|users|licenses)',
];
export const legalTax = [
  'tax(?:es|ed)?\\b', 'deductible', 'write[- ]off', 'irs', 'capital\\s+gains', '1031', 'legal(?:ly)?', 'lawyer', 'attorney', 'lawsuit', 'sue\\b', 'liabilit(?:y|ies)', 'liable',
  'complian(?:ce|t)', 'regulat(?:ion|ory|ed)', 'hipaa', 'gdpr', 'ccpa', 'soc\\s*2', 'contract\\s+(?:terms|clause|law)', 'fiduciary', 'probate', 'divorce', 'bankruptcy', 'foreclosure', 'lien', 'estate\\s+plan',
  'is\\s+(?:it|this|that)\\s+(?:legal|allowed|permitted)', 'am\\s+i\\s+(?:required|allowed)', 'fair\\s+housing', 'discriminat',
];

// Sentiment: strong and mild negative cues; confusion; escalation across turns.
export const strongNegative = [
  'ridiculous', 'useless', 'stupid', 'idiot(?:ic|s)?', 'moron(?:s|ic)?', 'pathetic', 'unacceptable', 'terrible', 'horrible', 'awful', 'worst', 'garbage', 'trash', 'scam(?:mers?)?', 'rip[- ]?off',
  'waste\\s+of\\s+(?:my\\s+)?time', 'wasting\\s+my\\s+time', 'sick\\s+(?:and\\s+tired\\s+)?of', 'fed\\s+up', 'pissed', 'furious', 'livid', 'outraged', 'hate', 'wtf', 'what\\s+the\\s+(?:hell|heck|fuck)', 'fuck\\w*', 'shit\\w*', 'bullshit', 'crap\\w*', 'damn(?:ed|it)?', 'screw\\s+(?:you|this|it)',
  'shut\\s+up', 'leave\\s+me\\s+alone', 'stop\\s+(?:texting|messaging|calling|bothering)', 'are\\s+you\\s+(?:kidding|serious|stupid|deaf)', 'incompetent', 'nonsense', 'absurd', 'insane', 'infuriating', 'disgust\\w*', 'jerks?', 'losers?', 'dumb', 'clown\\w*',
  'not\\s+helpful', 'taking\\s+(?:forever|so\\s+long|too\\s+long|ages)', 'this\\s+is\\s+(?:a\\s+joke|absurd|insane)', 'enough\\s+already', "(?:you|you're|this\\s+is)\\s+(?:not|n't)\\s+helping", "you\\s+(?:aren'?t|are\\s+not)\\s+helping", 'no\\s+help', 'frustrat\\w*', 'angry', 'annoy\\w*', 'irritat\\w*', 'mad\\s+(?:at|about)', 'upset', 'ugh+', 'argh+',
];
export const mildNegative = ['confus\\w*', 'disappoint\\w*', 'unhappy', 'not\\s+happy', 'weird', 'odd', 'strange', 'bad', 'wrong', 'meh', 'seriously', 'really\\?', 'sigh', 'hmm+', 'come\\s+on', 'whatever', 'smh', 'lame', 'sucks?', 'bother(?:ed|s|ing)?', 'tired\\s+of', 'stuck', 'lost'];
export const confusion = [
  "(?:i\\s+)?(?:don'?t|do\\s+not|can'?t|cannot)\\s+(?:understand|follow|get\\s+it)", "(?:that|this|it)\\s+(?:makes|made)\\s+no\\s+sense", "doesn'?t\\s+make\\s+(?:any\\s+)?sense", 'what\\s+(?:do|does)\\s+(?:you|that|this)\\s+mean',
  "i'?m\\s+(?:so\\s+|really\\s+)?(?:lost|confused)", 'huh\\??', 'what\\?+', '\\?{2,}', "i\\s+have\\s+no\\s+idea", 'no\\s+entiendo',
];
export const repetition = ["i\\s+already\\s+(?:told|said|answered|gave|sent|explained)", 'as\\s+i\\s+(?:said|told\\s+you|mentioned)', 'for\\s+the\\s+(?:second|third|fourth|last|\\d+(?:st|nd|rd|th))\\s+time', 'again\\?', 'how\\s+many\\s+times', 'i\\s+just\\s+(?:told|said)', 'still\\s+(?:waiting|no\\s+answer|nothing)', 'ya\\s+(?:te\\s+)?(?:dije|lo\\s+dije)'];

// What a sales AI for these domains is given to talk about: a question touching none of it is unknown ground.
export const knownGround = [
  // mortgage and lending
  'mortgage', 'loan', 'lend\\w*', 'refi\\w*', 'rates?', 'apr', 'interest', 'down\\s*payment', 'closing', 'pre-?approv\\w*', 'approv\\w*', 'credit', 'score', 'fha', 'va', 'escrow', 'points', 'equity', 'heloc', 'payment\\w*', 'income', 'debt',
  // real estate
  'home\\w*', 'house\\w*', 'propert\\w*', 'listing\\w*', 'condo\\w*', 'apartment\\w*', 'realtor\\w*', 'showing\\w*', 'tour\\w*', 'offer\\w*', 'buy\\w*', 'sell\\w*', 'bought', 'sold', 'neighbou?rhood\\w*', 'school\\w*', 'bedroom\\w*', 'bath\\w*', 'sq\\w*', 'square', 'hoa', 'inspection\\w*', 'apprais\\w*', 'move', 'moving', 'rent\\w*', 'lease\\w*',
  // insurance
  'insur\\w*', 'polic\\w*', 'coverage', 'cover\\w*', 'premium\\w*', 'deductible\\w*', 'claim\\w*', 'quote\\w*', 'auto', 'car', 'vehicle', 'life', 'health', 'renters?', 'homeowners?', 'umbrella', 'liability', 'driver\\w*', 'accident\\w*',
  // B2B
  'demo\\w*', 'trial', 'pilot', 'software', 'platform', 'product\\w*', 'feature\\w*', 'integrat\\w*', 'api', 'crm', 'seats?', 'licen[cs]\\w*', 'subscription\\w*', 'plan\\w*', 'tier\\w*', 'pricing', 'price\\w*', 'cost\\w*', 'fee\\w*', 'contract\\w*', 'onboard\\w*', 'implementation', 'support', 'security', 'team\\w*', 'users?', 'account\\w*', 'invoice\\w*', 'billing', 'renewal',
  // the conversation itself
  'meeting\\w*', 'call\\w*', 'appointment\\w*', 'schedul\\w*', 'available', 'availability', 'slot\\w*', 'calendar', 'time', 'tomorrow', 'today', 'week', 'agent\\w*', 'rep\\w*', 'person', 'human', 'someone', 'company', 'you', 'your', 'this', 'that', 'it', 'deal', 'budget', 'timeline', 'start\\w*', 'sign\\w*', 'cancel\\w*', 'stop', 'email', 'phone', 'text', 'number', 'address',
];
