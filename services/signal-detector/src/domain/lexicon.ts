// Word lists of the offline engine, in the domain's words (mortgage, insurance, real estate, B2B sales).
// Regex sources, matched case-insensitively on word boundaries.

export const people = [
  'human(?:\\s+being)?', 'person', 'people', 'real\\s+(?:person|human|people)', 'live\\s+(?:person|agent|human|rep)', 'actual\\s+(?:person|human)',
  'agent', 'rep', 'representative', 'someone', 'somebody', 'some\\s+one', 'anyone', 'anybody', 'operator', 'manager', 'supervisor',
  'sales\\s*(?:person|rep|team|guy|manager)', 'salesperson', 'loan\\s+officer', 'advisor', 'adviser', 'broker', 'realtor', 'underwriter',
  'account\\s+(?:manager|executive|rep)', 'specialist', 'consultant', 'customer\\s+(?:service|support|care)', 'support\\s+(?:team|staff)',
  'staff', 'team\\s+member', 'employee', 'man', 'woman', 'guy', 'lady', 'assistant',
  // the people a sales thread names
  'loan\\s+(?:guy|lady|person|specialist)', 'lo', 'lender', 'banker', 'mortgage\\s+(?:guy|person|broker|advisor)', 'adjuster', 'producer', 'installer',
  'tech', 'technician', 'plumber', 'roofer', 'estimator', 'contractor', 'dispatcher', 'owner', 'salesman', 'sales', 'dealer', 'ae', 'account\\s+exec',
  'solutions\\s+engineer', 'engineer', 'boss', 'higher[- ]ups?', 'someone\\s+in\\s+charge', 'scheduler', 'processor', 'closer', 'csm', 'closer', 'expert', 'surveyor', 'electrician', 'coordinator', 'somebody\\s+real', 'someone\\s+real',
];
// Words people put between the article and the person ("a fucking human", "an actual live agent").
export const filler = '(?:(?:fucking|fuckin|freaking|effing|bloody|damn|real|actual|live|human|proper|flesh\\s+and\\s+blood)\\s+)*';
// Words people put between the verb and the person ("call me an actual live agent", "have the loan guy call").
export const gap = '(?:(?:just|please|pls|plz|quick|quickly|actually|maybe|like|kindly|directly|really|it|this\\s+(?:over|through)|things\\s+over|one\\s+of\\s+(?:your|ur|the)|someone\\s+from|somebody\\s+from)\\s+)*';
export const personNoun = `(?:(?:a|an|the|some|your|ur|my|one\\s+of\\s+(?:your|ur|the))\\s+)?${filler}(?:\\w+\\s+)?(?:${people.join('|')})`;

// Verbs of asking to be put in touch with a person.
export const contactVerb = '(?:talk(?:ing)?|speak(?:ing)?|spk|chat(?:ting)?|converse|conversing|deal(?:ing)?|hear)';
export const connectVerb = '(?:hook|connect(?:ing)?|transfer(?:ring)?|put(?:ting)?|pass(?:ing)?|forward(?:ing)?|escalate|hand|route|switch|send|patch)';
export const reachVerb = '(?:contact(?:ing)?|reach(?:ing)?|get(?:ting)?\\s+(?:a\\s+hold\\s+of|ahold\\s+of|in\\s+touch\\s+with|hold\\s+of))';

export const spanishRequest = [
  '(?:hablar|platicar|conversar|comunicarme|comunicar)\\s+con\\s+(?:una?\\s+)?(?:persona|humano|alguien|agente|asesor|asesora|representante|ejecutivo|ejecutiva|gerente|supervisor)',
  '(?:quiero|necesito|prefiero|puedo\\s+tener)\\s+(?:una?\\s+)?(?:persona(?:\\s+real)?|humano|agente|asesor|asesora|representante)',
  '(?:p[aá]same|p[aá]seme|comun[ií]quenme|comun[ií]came|transfi[eé]reme|transfi[eé]rame)(?:\\s+con)?', 'con[eé]ct(?:e|a)me(?:\\s+con)?',
  '(?:(?:me\\s+)?(?:da|das|pasa|pasas|manda|mandas|puede\\s+dar|podr[ií]a\\s+dar)|cu[aá]l\\s+es)\\s+(?:el|su)\\s+(?:n[uú]mero|tel[eé]fono|cel(?:ular)?|whats(?:app)?)\\s+(?:del?|de\\s+la|de\\s+(?:un|una|el))\\s+(?:agente|asesor[a]?|vendedor[a]?|gerente|t[eé]cnico|ejecutiv[oa]|encargad[oa]|persona)',
  'persona\\s+real', 'que\\s+me\\s+(?:llame|llamen|marque|contacte)n?(?:\\s+(?:alguien|una\\s+persona|un\\s+asesor|el\\s+\\w+|la\\s+\\w+))?',
  '(?:me\\s+pued(?:e|en)|pued(?:e|en)|podr[ií]a[ns]?)\\s+(?:alguien\\s+)?(?:llamar(?:me)?|marcar(?:me)?)', 'll[aá]m(?:e|a|en)me', 'm[aá]rquenme',
  '(?:comun[ií]queme|comun[ií]came|p[aá]seme|p[aá]same)\\s+con', 'me\\s+(?:pasa|pasan|comunica|comunican)\\s+con',
  '(?:necesito|ocupo|quiero)\\s+(?:que|q|k)\\s+alguien\\s+me\\s+\\w+', '(?:podr[ií]a|puede|pueden)\\s+(?:alguien|el\\s+\\w+|la\\s+\\w+)\\s+(?:ver|revisar)\\s+mi\\s+caso', '(?:hay|habr[aá])\\s+(?:alguien|una\\s+persona)\\s+(?:con\\s+quien|que\\s+hable|real)',
];

export const negators = "(?:don'?t|do\\s+not|doesn'?t|didn'?t|no\\s+need|not|never|no|without|won'?t|wouldn'?t|rather\\s+not|no\\s+necesito|no\\s+quiero|sin)";
export const reportedSpeech = '(?:(?:my|our|his|her|their)\\s+\\w+\\s+(?:wants?|needs?|would\\s+like|is\\s+looking)|said|says|told\\s+(?:me|us|him|her)|tells\\s+(?:me|us)|suggested|recommended|advised|insisted|wants\\s+me|asked\\s+me|(?:he|she|they)\\s+(?:wants?|needs?|would\\s+like)|dijo|me\\s+dijo)';

// High intent: timelines, commitment, urgency, competitors.
export const timeline = [
  '(?:by|before|b4|until|no\\s+later\\s+than)\\s+(?:the\\s+)?(?:christmas|thanksgiving|new\\s+year|end\\s+of\\s+(?:the\\s+)?(?:week|month|year|quarter|day)|eo[dwmqy]|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tmrw|tonight|next\\s+(?:week|month)|q[1-4]|january|february|march|april|may|june|july|august|september|october|november|december|\\d{1,2}(?:st|nd|rd|th)|\\d{1,2}/\\d{1,2}|\\d{1,2}(?::\\d{2})?\\s*(?:am|pm))',
  '(?:this|next)\\s+(?:week|month|weekend|monday|tuesday|wednesday|thursday|friday|quarter)',
  '(?:expires?|expiring|ends|ending|renews?|renewal|closing|closes|close\\s+on|due|deadline|lease\\s+is\\s+up|is\\s+up|move\\s+(?:in|out)|moving)\\b[^.?!]{0,40}?\\b(?:christmas|friday|monday|tuesday|wednesday|thursday|saturday|sunday|tomorrow|week|month|days?|q[1-4]|soon|\\d{1,2}(?:st|nd|rd|th)?|end\\s+of)',
  'within\\s+(?:the\\s+)?(?:next\\s+)?(?:\\d+|a|two|three|few|couple(?:\\s+of)?)\\s+(?:days?|weeks?)',
  '(?:in|over)\\s+the\\s+next\\s+(?:\\d+|few|couple(?:\\s+of)?|two|three)\\s+(?:days?|weeks?)',
  'need\\s+(?:it|this|them|coverage|the\\s+\\w+)\\s+(?:live|done|in\\s+place|set\\s+up|started)',
  // a need with a date on it: "need a policy today", "gotta get the ac fixed this week"
  '(?:need|needs|needed|want|gotta\\s+(?:have|get)|have\\s+to\\s+have)\\s+(?:\\S+\\s+){0,4}?(?:today|tonight|asap|right\\s+away|this\\s+week|by\\s+tomorrow|tomorrow|tmrw|immediately|yesterday|now(?!\\s+(?:i|that|what|and))|before\\s+(?:we|i)\\s+(?:move|close|leave))',
  '(?:how\\s+(?:soon|fast|quick(?:ly)?))\\s+can\\s+(?:you|u|y\\S*|we|i)\\s+(?:\\S+\\s+){0,2}?(?:start|install|close|come|get|be|do|deliver|have)',
  '(?:closing|close|move|moving|buy|install|switch|done|ready|be\\s+in|start(?:ing)?|lease\\s+(?:is\\s+up|ends))\\s+(?:\\S+\\s+){0,3}?(?:in|within)\\s+(?:\\d+|two|three|a\\s+couple(?:\\s+of)?|a\\s+few)\\s+(?:days?|weeks?)',
  'go[- ]live', 'closing\\s+date', 'rate\\s+lock',
  'can\\s+(?:you|u|someone|somebody|some1|y\\S*all)\\s+(?:\\S+\\s+){0,3}?(?:today|tomorrow|tmrw|tmr|this\\s+week|tonight|asap)',
  '(?:ends?|expires?|is\\s+up|runs\\s+out|renews?|vence|se\\s+acaba|termina)\\s+(?:this\\s+weekend|before\\s+christmas|b4\\s+christmas|(?:el|este)\\s+(?:\\d{1,2}|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|fin)|fin\\s+de\\s+mes|la\\s+pr[oó]xima\\s+semana)',
];
export const commitment = [
  'ready\\s+to\\s+(?:sign|buy|move\\s+forward|proceed|start|commit|purchase|go|roll|lock|apply|close|switch|get\\s+started|pull\\s+the\\s+trigger)',
  "let'?s\\s+(?:do\\s+(?:it|this)|move\\s+forward|get\\s+started|go\\s+ahead|proceed|lock\\s+it)",
  'where\\s+do\\s+i\\s+sign', 'sign\\s+(?:the\\s+)?(?:contract|papers|paperwork|agreement|today|up\\s+today)',
  'send\\s+(?:me|us|over)\\s+(?:the\\s+)?(?:contract|agreement|paperwork|application|invoice|order\\s+form|proposal|quote)',
  'how\\s+do\\s+(?:i|we)\\s+(?:pay|sign\\s+up|get\\s+started|apply|purchase|buy|lock)', "(?:i'?m|we'?re|were|i\\s+am|we\\s+are|we\\s+r)\\s+(?:so\\s+)?in(?=\\s*(?:[.!,;]|$|\\s+(?:what|whats|send|lets|let's|where|how|so|just|tell|sign|go|now)\\b))", "count\\s+(?:me|us)\\s+in", "we'?ll\\s+take\\s+it", "i'?ll\\s+take\\s+it",
  // "I want to buy a condo" opens most real-estate threads; it is interest, not yet commitment.
  '(?:want|like|ready)\\s+to\\s+(?:sign\\s+up|lock\\s+(?:in|the\\s+rate)|make\\s+an\\s+offer|put\\s+(?:in\\s+)?an\\s+offer|bind(?:\\s+the\\s+policy)?)',
  'pre-?\\s?approved', 'make\\s+an\\s+offer', "(?:i'?ll|ill|we'?ll|i\\s+will|we\\s+will)\\s+(?:come\\s+in\\s+(?:today|tomorrow|tonight|now)|buy\\s+it|sign\\s+(?:today|it|the))", '(?:paying|pay\\s+in|pay\\s+all)\\s+cash', 'sign\\s+me\\s+up', 'lock\\s+it\\s+in', 'book\\s+it', 'put\\s+me\\s+down', 'pull\\s+the\\s+trigger',
  '(?:hold|reserve)\\s+(?:it|the\\s+\\w+|that\\s+\\w+)\\s+for\\s+me', 'put\\s+(?:a|the)\\s+deposit', 'cash\\s+buyers?', 'down\\s+payment\\s+(?:is\\s+)?(?:ready|saved|in\\s+the\\s+bank)',
  'send\\s+(?:me\\s+)?(?:the\\s+)?(?:docusign|app|link\\s+to\\s+(?:apply|sign))', "(?:we\\s+)?(?:decided|chose)\\s+(?:on\\s+)?(?:you|u|y\\S*all|your\\s+company)",
  'go\\s+ahead\\s+and\\s+(?:start|book|sign|send|lock|do)', '(?:send|email|text)\\s+(?:me\\s+|us\\s+)?(?:the\\s+)?(?:paperwork|contract|docusign|application|agreement|order\\s+form)',
  'got\\s+(?:my\\s+|the\\s+|our\\s+)?(?:approval|approved|pre\\s*-?approv\\w*)', '(?:funds|cash|money|deposit|down\\s+payment|enganche|dinero|dep[oó]sito)\\s+(?:is\\s+|are\\s+)?(?:ready|in\\s+hand|in\\s+the\\s+bank|set|listo|ahorrado)',
  'cancell?ing\\s+\\S+\\s+(?:\\S+\\s+){0,2}?(?:if|as\\s+long\\s+as|unless)', "(?:what'?s|what\\s+is)\\s+the\\s+next\\s+step", 'siguiente\\s+paso', 'shoot\\s+me\\s+(?:the|it|that)', "let'?s\\s+(?:just\\s+)?(?:schedule|start|book|lock|sign)",
  '(?:thought\\s+about\\s+it|decided|talked\\s+it\\s+over)\\s+and\\s+(?:we\\s+|i\\s+)?(?:want\\s+to|are\\s+going\\s+to|will|gonna|wanna)', '(?:approved|signed\\s+off\\s+on)\\s+it', 'said\\s+yes',
  "(?:we'?re|were|i'?m|im)\\s+sold", 'estoy\\s+in', 'trato\\s+hecho', 'queremos\\s+(?:seguir|firmar|comprarlo)', 'vamos\\s+a\\s+(?:firmar|seguir|comprarlo)',
  "(?:if\\s+you\\s+can|can\\s+you)\\s+(?:\\S+\\s+){0,3}?(?:today|tomorrow|this\\s+week)\\W+(?:i'?m|im|we'?re|were)\\s+ready", 'take\\s+my\\s+(?:deposit|money)',
  '(?:earliest|soonest)\\s+(?:you|u|date|time|slot)', 'lo\\s+m[aá]s\\s+pronto', 'qu[eé]\\s+tan\\s+pronto', 'dar\\s+el\\s+dep[oó]sito',
  '(?:have|got|only\\s+have)\\s+(?:\\d+|two|three|a\\s+couple(?:\\s+of)?)\\s+(?:days?|weeks?)\\s+to',
  'estamos\\s+list[oa]s', 'estoy\\s+list[oa]', 'd[oó]nde\\s+firmo', 'm[aá]nd(?:e|a)me\\s+(?:el\\s+contrato|la\\s+solicitud|los\\s+papeles)', 'quiero\\s+empezar', 'put\\s+(?:in|down)\\s+an\\s+offer', 'down\\s+payment\\s+(?:ready|saved)', 'budget\\s+(?:is\\s+)?approved', 'signed\\s+off', 'purchase\\s+order',
];
/** Urgency that is a buying signal by itself ("asap", "es urgente"), as against a bare "today". */
export const strongUrgency = ['asap', 'a\\.s\\.a\\.p', 'as\\s+soon\\s+as\\s+possible', 'urgent(?:ly)?', 'urgente', '(?<!i\\s)urge(?!\\s+(?:you|them|people|everyone))', 'emergency', 'emergencia', 'right\\s+away', 'immediately', 'lo\\s+antes\\s+posible'];
export const urgency = ['ya\\s+mismo', 'right\\s+now', 'today', 'tonight', 'time[- ]sensitive', 'in\\s+a\\s+hurry', 'quickly', 'hoy\\s+mismo', 'urgente', 'lo\\s+antes\\s+posible'];
export const competitors = [
  'zillow', 'redfin', 'realtor\\.com', 'opendoor', 'compass', 'keller\\s+williams', 'rocket(?:\\s+mortgage)?', 'quicken(?:\\s+loans)?', 'better\\.com', 'loandepot', 'wells\\s+fargo', 'chase', 'sofi',
  'geico', 'state\\s+farm', 'progressive', 'allstate', 'lemonade', 'liberty\\s+mutual', 'usaa', 'farmers', 'nationwide',
  'salesforce', 'hubspot', 'zoho', 'pipedrive', 'gong', 'outreach', 'salesloft',
  // another lender is a mention ("we're with another company"), like a brand name; another quote or offer is a competitor's
  '(?:another|other|a\\s+different|the\\s+other)\\s+(?:lender|broker|bank|company|agent|agency|provider|vendor|carrier|insurer|realtor|firm)',
  '(?:another|other|a\\s+different|the\\s+other)\\s+(?:quote|offer)',
  'competitor', '(?:they|he|she|someone|\\w+)\\s+(?:quoted|offered)\\s+(?:me|us)', 'quoted\\s+(?:me|us)', 'me\\s+(?:ofrecieron|dieron|cotizaron)',
  'going\\s+with\\s+\\S+\\s+(?:\\S+\\s+)?unless', '(?:beat|match|mejorar)\\s+(?:it|that|eso|lo)\\b', 'switch\\s+(?:from|carriers|providers|vendors)', 'beat\\s+(?:their|that|this|the)\\s+(?:rate|price|quote|offer)', 'match\\s+(?:their|that|the)\\s+(?:rate|price|quote|offer)',
];
export const notUrgent = ['no\\s+rush', 'not\\s+until', 'next\\s+year', 'in\\s+a\\s+(?:year|couple\\s+of\\s+years)', 'someday', 'eventually', 'pr[oó]ximo\\s+a[nñ]o', 'todav[ií]a\\s+no', 'apenas\\s+estoy', 'not\\s+in\\s+a\\s+(?:rush|hurry)', 'just\\s+(?:looking|browsing|curious|researching)', 'not\\s+ready', 'no\\s+timeline', 'maybe\\s+(?:next\\s+year|someday|later)', 'down\\s+the\\s+road', 'not\\s+(?:anytime|any\\s+time)\\s+soon'];

// Out of the AI's confidence band: pricing that depends on the lead, legal, compliance and tax.
export const pricingSpecifics = [
  "what(?:'s|s|\\s+is|\\s+would(?:\\s+be)?|\\s+will(?:\\s+be)?|\\s+could|\\s+can)\\s+(?:my|our|the)\\s+(?:rate|apr|interest(?:\\s+rate)?|payment|monthly(?:\\s+payment)?|premium|price|quote|closing\\s+costs?|cost|payoff)",
  "(?:what|how\\s+much)(?:'s|s|\\s+is|\\s+would\\s+be)?\\s+(?:my|the)\\s+(?:monthly|payment|rate|premium)\\s+(?:on|for|with|if)",
  'if\\s+i\\s+put\\s+\\S+\\s+down', '(?:gonna|going\\s+to|will|would)\\s+(?:it\\s+|that\\s+|this\\s+|\\w+\\s+)?cost\\s+(?:me|us)', 'cost\\s+(?:me|us)\\s+(?:for|on|with)',
  '(?:get|be|still\\s+be)\\s+approved(?!\\s+for\\s+\\d)', 'approve\\s+(?:me|us)', 'exact(?:ly)?\\s+(?:price|number|cost|rate)', '(?:real|actual)\\s+(?:price|number)\\s+(?:for|on|with)',
  'which\\s+\\w+\\s+is\\s+(?:best|right|better)\\s+for\\s+(?:me|my|us|our)', '(?:make\\s+sense|be\\s+smart|worth\\s+it|save\\s+(?:me|us)\\s+money)\\s+(?:for\\s+(?:me|us|someone\\s+like\\s+me)|in\\s+my\\s+case)',
  'worth\\s+it\\s+for\\s+(?:me|us|someone\\s+like\\s+me|my)', 'should\\s+i\\s+(?:buy\\s+now|wait\\s+(?:for|until)\\s+(?:rates|prices)|lock|lease\\s+or|refi\\w*|go\\s+(?:15|30|fixed|variable|with\\s+(?:a\\s+)?(?:15|30|fixed)))', 'cu[aá]nto\\s+me\\s+(?:cobrar[ií]an|saldr[ií]a|sale|cuesta)', 'me\\s+cubren?\\s+si', 'me\\s+conviene',
  '(?:good\\s+enough|eligible)\\s+for\\s+(?:approval|the\\s+\\w+|a\\s+loan|financing)', '(?:what|how\\s+much)\\s+would\\s+it\\s+cost', 'what\\s+would\\s+(?:i|we)\\s+(?:save|pay|get\\s+back|owe)',
  'how\\s+much\\s+(?:would|will|is)\\s+(?:my|our|the)\\s+(?:premium|payment|rate|cost|price|monthly)', 'out\\s+the\\s+door', 'all\\s+in\\s+(?:price|cost)', 'how\\s+much\\s+(?:would\\s+it\\s+be\\s+)?(?:for|to)\\s+(?:\\S+\\s+){1,3}?(?:on|for|with)\\s+\\S+',
  '(?:cu[aá]nto|cuanto)\\s+(?:ser[ií]a|es|me\\s+sale|pagar[ií]a)\\s+(?:mi|el)\\s+pago', 'qu[eé]\\s+tasa\\s+me\\s+dan',
  'what\\s+(?:rate|apr|premium|price|payment|interest)\\s+(?:would|will|could|can|do)\\s+(?:i|we)',
  'how\\s+much\\s+(?:would|will|do|can|could)\\s+(?:i|we)\\s+(?:be\\s+)?(?:pay|paying|owe|owing|qualify|borrow|get|save)',
  '(?:fee|penalty|cost)\\s+(?:if|to|for)\\s+(?:i|we)?\\s*(?:cancel|back\\s+out|end|break|leave|terminate)', 'who\\s+(?:pays|is\\s+liable|is\\s+responsible)\\s+(?:if|when|for)',
  'qu[eé]\\s+pasa\\s+si', '(?:cause|be)\\s+a\\s+problem', '(?:pass|clear)\\s+(?:our|a|the)\\s+(?:\\w+\\s+)?(?:audit|review|assessment)',
  'how\\s+much\\s+(?:would|will|does|is)\\s+(?:it|this|that|my|our|the\\s+\\w+)\\s+(?:cost|be|run)\\s+(?:me|us|for\\s+(?:me|us|my|our))',
  '(?:with|at)\\s+(?:a|my|an)\\s+\\d{3}\\s+(?:credit\\s+)?(?:score|fico)', '\\d{3}\\s+(?:credit\\s+score|fico)',
  '(?:do|would|will|could)\\s+i\\s+(?:still\\s+)?qualify', 'can\\s+(?:i|we)\\s+(?:still\\s+)?qualify', 'califico', 'calificar',
  'can\\s+i\\s+(?:still\\s+)?(?:get\\s+approved|get\\s+covered|be\\s+approved|get\\s+a\\s+loan|get\\s+it|get\\s+financing|get\\s+out\\s+of)\\s+(?:with|if|w|after)', '(?:stop|disqualify|block)\\s+me\\b',
  '(?:accept|approve|take|cover)\\s+(?:me|someone)\\s+(?:with|w/?)(?=\\s)', 'me\\s+aprueban', 'be\\s+a\\s+problem\\s+for\\s+(?:approval|the\\s+loan)', '(?:exact|exactly|specific|guaranteed?)\\s+(?:interest\\s+|mortgage\\s+|monthly\\s+)?(?:price|rate|quote|cost|number|premium|payment)',
  '(?:rate|apr|price|quote|premium|discount)\\s+(?:would|will|could|can)\\s+you\\s+(?:give|offer|quote|get)\\s+(?:me|us)',
  'how\\s+much\\s+(?:are|is|would\\s+be|will\\s+be)\\s+(?:the\\s+|my\\s+|our\\s+)?closing\\s+costs?',
  'can\\s+you\\s+guarantee', 'discount\\s+for\\s+(?:me|us|my|our)', 'custom\\s+(?:pricing|quote)', 'volume\\s+discount', 'enterprise\\s+pricing', 'price\\s+for\\s+\\d+\\s+(?:seats|users|licenses)',
];
export const legalTax = [
  'tax(?:es|ed)?\\b', 'deductible', 'write[- ]off', 'irs', 'capital\\s+gains', '1031', 'legal(?:ly)?', 'lawyer', 'attorney', 'lawsuit', 'sue\\b', 'liabilit(?:y|ies)', 'liable',
  'complian(?:ce|t)', 'regulat(?:ion|ory|ed)', 'hipaa', 'gdpr', 'ccpa', 'soc\\s*2', 'contract\\s+(?:terms|clause|law)', 'fiduciary', 'probate', 'divorce', 'bankruptcy', 'foreclosure', 'lien', 'estate\\s+plan',
  'is\\s+(?:it|this|that)\\s+(?:legal|allowed|permitted)', 'am\\s+i\\s+(?:required|allowed)', 'fair\\s+housing', 'discriminat',
  'permits?', 'permiso', 'hoa', 'zoning', 'easement', 'break\\s+(?:my|the)\\s+lease', 'lease\\s+break', 'sublet', 'penalty', 'liable', 'baa', 'dpa', 'msa',
  'pci', 'fedramp', 'security\\s+review', 'vendor\\s+risk', 'data\\s+residency', 'capital\\s+gains', 'impuestos', 'deducir', 'write\\s+off',
  '(?:does|would|will|is)\\s+(?:my|the|this|that|a|an|your)\\s+(?:\\w+\\s+){0,2}?(?:policy|plan|warranty|insurance|coverage)\\s+(?:cover|pay)', 'will\\s+(?:my|the)\\s+(?:\\w+\\s+){0,2}?(?:insurance|policy|warranty)\\s+pay', 'cubre', 'covered\\s+if',
  '(?:be|is|are)\\s+covered', 'raise\\s+my\\s+(?:rate|premium)', 'what\\s+happens\\s+(?:if|to)', 'get\\s+out\\s+of\\s+the\\s+(?:contract|lease|agreement)',
];

// Sentiment: strong and mild negative cues; confusion; escalation across turns.
export const strongNegative = [
  'ridiculous', 'useless', 'stupid', 'idiot(?:ic|s)?', 'moron(?:s|ic)?', 'pathetic', 'unacceptable', 'terrible(?!\\s+lol)', 'horrible', 'awful(?!\\s+lol)', 'worst', 'garbage(?!\\s+lol)', 'trash(?!\\s+lol)', 'scam(?:mers?)?', 'rip[- ]?off',
  'waste\\s+of\\s+(?:my\\s+)?time', 'wasting\\s+my\\s+time', 'sick\\s+(?:and\\s+tired\\s+)?of', 'fed\\s+up', 'pissed', 'furious', 'livid', 'outraged', 'hate', 'wtf', 'what\\s+the\\s+(?:hell|heck|fuck)', 'fuck\\w*', 'shit\\w*', 'bullshit', 'crap\\w*', 'damn(?:ed|it)?(?!\\s+(?:thats?|that\\s+was|its|it\\s+was)\\s+(?:\\w+\\s+)?(?:good|fast|cheap|nice|great|quick|low|awesome|sweet))', 'screw\\s+(?:you|this|it)',
  'shut\\s+up', 'leave\\s+me\\s+alone', 'stop\\s+(?:texting|messaging|calling|bothering)', 'are\\s+you\\s+(?:kidding|serious|stupid|deaf)', 'incompetent', 'nonsense', 'absurd', 'insane', 'infuriating', 'disgust\\w*', 'jerks?', 'losers?', 'dumb(?!\\s*-?\\s*bells?)', 'clown\\w*',
  'not\\s+helpful', 'taking\\s+(?:forever|so\\s+long|too\\s+long|ages)', 'this\\s+is\\s+(?:a\\s+joke|absurd|insane)', 'enough\\s+already', "(?:you|you're|this\\s+is)\\s+(?:not|n't)\\s+helping", "you\\s+(?:aren'?t|are\\s+not)\\s+helping", 'no\\s+help', 'frustrat\\w*', 'angry', 'annoy\\w*', 'irritat\\w*', 'mad\\s+(?:at|about)', 'upset', 'ugh+', 'argh+',
  "(?:you(?:'?re|\\s+are)?|ur|u\\s+r)\\s+not\\s+(?:listening|reading|paying\\s+attention)", 'so\\s+(?:helpful|useful)(?=\\s*(?:🙄|lol|\\.|$))', 'thanks\\s+for\\s+nothing',
  'another\\s+(?:bot|question|q|form)', 'runaround', 'how\\s+did\\s+(?:you|u|y\\S*)\\s+get\\s+my\\s+(?:number|info|phone)', '(?:who|where)\\s+(?:gave|did)\\s+(?:you|u|y\\S*all)\\s+(?:get\\s+)?(?:my|this|that)\\s+(?:number|info|contact|phone|cell|email|details)', '(?:who|where)\\s+(?:gave|did)\\s+(?:you|u)\\s+(?:get\\s+)?my',
  'never\\s+(?:signed\\s+up|asked)\\s+for\\s+this', 'spam', 'forget\\s+it', 'never\\s*mind', 'nvm', 'going\\s+elsewhere', 'unbelievable', 'unreal', 'so\\s+done', "(?:i'?m|im|i\\s+am)\\s+(?:so\\s+)?over\\s+(?:this|it)",
  'rid[ií]culo', 'burla', 'p[eé]simo', 'mal\\s+servicio', 'falta\\s+de\\s+respeto', 'harto', 'harta', 'ya\\s+me\\s+cans[eé]', 'no\\s+me\\s+(?:est[aá]n?\\s+)?escuch\\w*',
  'de\\s+d[oó]nde\\s+sacaron', 'hello\\?+', 'hel+o+\\?+', 'bs', 'p[eé]rdida\\s+de\\s+tiempo', 'no\\s+lee', 'otra\\s+pregunta',
  "(?:it'?s|its|it\\s+has)\\s+been\\s+(?:\\w+\\s+){1,2}(?:and|&)\\s+(?:nobody|no\\s+one|nothing)", '(?:been|still|llevo\\s+(?:\\S+\\s+){1,2})\\s*(?:waiting|esperando)',
  'taking\\s+(?:forever|so\\s+long)', 'thanks\\s+for\\s+wasting', 'same\\s+(?:q|question)\\s+\\w+\\s+times', 'seriously\\s*[?!]{2,}',
  'th(?:anks|x)\\s+for\\s+nothing', 'spamming', 'expect(?:ed|d)?\\s+better', '(?:pretty|really|so|very|super)\\s+(?:disappointed|frustrated|annoyed|irritated)', 'not\\s+happy',
  '(?:seriously|really|rly|srsly|come\\s+on)\\s+(?:now|dude|man|guys|bro)', 'omg\\s+again', 'no\\W+(?:i\\s+said|i\\s+told\\s+you)', 'molest[oa]', 'fastidio', '(?:q|qu[eé])\\s+horror', 'not\\s+(?:this|that)\\s*!', 'if\\s+this\\s+keeps\\s+up', '(?:leave|write|post)\\s+a\\s+(?:bad\\s+)?review', '(?:last|final)\\s+(?:chance|warning)',
  'forget\\s+(?:everything|the\\s+whole\\s+thing)', 'cancel\\s+everything', 'file\\s+a\\s+complaint', 'report\\s+(?:this|you)', 'repetir', 'otra\\s+vez\\s*\\?', '(?:expected|thought)\\s+(?:this|it)\\s+would\\s+be\\s+(?:easier|simpler|faster)',
  'lost\\s+me', "(?:doesn'?t|does\\s+not|didn'?t)\\s+answer\\s+my\\s+question", 'are\\s+(?:ya|u)\\s+(?:kidding|serious)',
  'going\\s+in\\s+circles', '(?:going|getting)\\s+nowhere', 'just\\s+answer\\s+(?:the|my)\\s+question', 'exhausting', 'nightmare', 'ffs', 'jeez', 'smh',
  'why\\s+(?:do|should)\\s+(?:i|you)\\s+(?:\\w+\\s+){0,4}?(?:repeat|answer|fill\\s+out)', 'no\\s+me\\s+(?:sirve|ayuda)', 'ya\\s+basta', 'lo\\s+mismo\\s+otra\\s+vez',
  // a second round, from the rules' misses on the train split: the same complaints with other subjects and verbs
  "(?:is|are|r|'?s|isn'?t|aren'?t)\\s+(?:not\\s+)?helping", "(?:not|n't)\\s+(?:listening|paying\\s+attention)", 'pointless', 'quit\\s+(?:texting|messaging|calling)', 'stop\\s+asking',
  "(?:doesn'?t|does\\s+not|didn'?t|did\\s+not)\\s+answer\\s+(?:my|the)\\s+(?:question|q)\\b", 'what\\s+are\\s+(?:you|u|ya)\\s+(?:even\\s+)?talking\\s+about', '(?:been|ive\\s+been)\\s+trying\\s+(?:for|since)\\s+(?:a|days|weeks|hours|monday|\\d)',
  'nadie\\s+(?:me\\s+)?(?:contesta|responde|llama|ayuda)n?',
  // a third round, from the rules' misses on the train split: impatience, sarcasm, threats, unanswered calls, in EN/ES
  "(?:not|n'?t)\\s+(?:even\\s+)?reading", '(?:losing|lost|running\\s+out\\s+of|out\\s+of)\\s+(?:my\\s+)?patience', '(?:how|why)\\s+is\\s+(?:this|it)\\s+still', 'still\\s+not\\s+(?:sorted|fixed|done|resolved|answered)',
  '(?:getting|this\\s+is\\s+getting)\\s+(?:annoying|ridiculous|old|frustrating|silly)', '(?:nobody|no\\s+one|no1)\\s+(?:ever\\s+)?(?:showed|came|called\\s+(?:me\\s+)?back|got\\s+back|answered|picks?\\s+up)', 'never\\s+(?:showed\\s+up|called\\s+(?:me\\s+)?back|got\\s+back\\s+to\\s+me)',
  "(?:this|that|it)(?:\\s+is|\\s+was|'?s)?\\s+(?:a\\s+)?joke", "(?:it'?s|its|this\\s+is|this\\s+r|this\\s+isn'?t|not)\\s+(?:\\w+\\s+)?worth\\s+(?:it|my\\s+time|the\\s+hassle)(?=\\s*(?:[.!,]|$))", "(?:i'?m|im|i\\s+am)\\s+(?:so\\s+)?done(?:\\s+with\\s+(?:this|you|u|y\\S*all|it))?(?=\\s*(?:[.!,]|$|\\s+(?:this|with|ugh|honestly)))",
  '(?:helpful|useful|great|awesome|thanks|thx|perfect|nice|cool)\\W*(?:\\u{1F644}|\\u{1F643}|\\u{1F612})', '(?:wow|gee|oh)\\s+(?:\\S+\\s+){0,3}?(?:super|so|very|really|soo+)\\s+(?:helpful|useful)',
  '(?:great|wonderful|awesome)\\s*\\?{2,}', "(?:that'?s|thats|this\\s+is(?:n'?t)?|it'?s|its)\\s+not\\s+what\\s+i\\s+(?:asked|said|meant|wanted)", "(?:this|that)\\s+(?:isn'?t|is\\s+not|wasn'?t)\\s+what\\s+i\\s+(?:asked|said|meant)",
  'what\\s+(?:are|r)\\s+(?:you|u|ya)\\s+(?:even\\s+)?asking', '(?:post|tweet|write)\\s+about\\s+(?:this|you)', 'tell\\s+(?:everyone|everybody)', 'poca\\s+seriedad', 'desesperante', 'nadie\\s+(?:vino|lleg[oó]|me\\s+llam[oó])',
  'nunca\\s+me\\s+(?:regresan|devuelven|contestan|llaman|respondieron|llamaron)', '(?:ya\\s+)?no\\s+quiero\\s+nada\\s+con', 'se\\s+me\\s+acab[oó]\\s+la\\s+paciencia', 'qu[eé]\\s+(?:mal\\s+servicio|falta\\s+de)',
  // impatience, correction and suspicion as kinds, not phrases of one family
  "(?:can|could|will)\\s+(?:someone|anyone|somebody|you|u)\\s+just\\s+(?:tell|answer|give)", "why\\s+(?:can'?t|cant|won'?t|wont)\\s+(?:anyone|anybody|you|u|someone|y'?all|ya)\\s+(?:just\\s+)?(?:tell|answer|give|get|call|explain)", 'simple\\s+question', 'straight\\s+answer',
  'all\\s+i\\s+(?:want|wanted|asked|need|needed)\\s+(?:is|was|to|for)', "i'?ve\\s+asked\\s+(?:\\S+\\s+){0,3}?(?:times|twice|already|before|again)", 'asked\\s+(?:\\S+\\s+){0,2}?(?:three|3|four|4|several|multiple|many|a\\s+few|a\\s+bunch\\s+of)\\s+times',
  'every\\s+time\\s+i\\s+(?:ask|call|text|try)', '(?:been|keep|kept)\\s+(?:getting|being)\\s+(?:bounced|transferred|passed|ignored|the\\s+runaround)', '(?:no\\s+one|nobody|noone)\\s+(?:can|will|has|could|seems\\s+to)\\s+(?:tell|told|answer|answered|give|given|explain|explained|help)',
  "still\\s+(?:don'?t|dont|do\\s+not|haven'?t|havent|have\\s+not)\\s+(?:know|have|got|gotten|heard|received)", '(?:why\\s+is\\s+it|is\\s+it\\s+(?:that|really\\s+that))\\s+(?:so\\s+)?hard\\s+to', 'ya\\s+(?:les?\\s+)?pregunt[eé]\\s+(?:\\S+\\s+)?(?:veces|antes)',
  'nadie\\s+me\\s+(?:sabe|puede|quiere)\\s+(?:decir|explicar|dar|contestar)', 'sigo\\s+sin\\s+(?:saber|respuesta|noticias)', 'solo\\s+quiero\\s+(?:saber|una\\s+respuesta)', 'es\\s+tan\\s+dif[ií]cil', 'cu[aá]ntas\\s+veces',
  'hurry\\s+up', 'any\\s+update\\s*\\?{2,}', 'still\\s+nothing', '(?:anyone|anybody|you)\\s+(?:still\\s+)?there\\s*\\?{2,}', 'took\\s+(?:you\\s+)?(?:long\\s+enough|forever)',
  'why\\s+is\\s+(?:this|it|everything)\\s+so\\s+(?:hard|complicated|difficult|slow)', '(?:this|it)\\s+(?:is|has\\s+been)\\s+(?:such\\s+)?(?:a\\s+)?(?:mess|hassle|headache|pain)', 'what\\s+a\\s+(?:mess|hassle|joke|waste|headache)', 'give\\s+me\\s+a\\s+break',
  'are\\s+(?:you|u)\\s+for\\s+real', "(?:you|u)\\s+(?:guys|people)\\s+(?:are|r)\\s+(?:useless|slow|killing\\s+me|a\\s+joke|unreal|impossible)", "(?:that'?s|thats|that\\s+is)\\s+(?:not\\s+(?:right|correct|true)|wrong)", "i\\s+(?:never|didn'?t|did\\s+not)\\s+(?:said|say|tell\\s+you|ask\\s+for)\\s+(?:that|this)",
  'where\\s+did\\s+(?:you|u)\\s+get\\s+(?:that|this)(?:\\s+(?:number|from))?', '(?:is|sounds\\s+like)\\s+(?:this\\s+)?(?:a\\s+)?scam', 'is\\s+this\\s+(?:even\\s+)?legit', 'sketchy', 'shady', "why\\s+(?:do|would)\\s+(?:you|u)\\s+need\\s+(?:my|that|to\\s+know)", "(?:not|won'?t\\s+be|am\\s+not)\\s+giving\\s+(?:you\\s+)?my\\s+(?:ssn|social|info|number|address)",
  'remove\\s+me\\s+from', 'take\\s+me\\s+off', 'no\\s+puede\\s+ser', 'otra\\s+vez\\s+lo\\s+mismo', 'ya\\s+(?:van|son)\\s+(?:dos|tres|\\d)\\s+veces', 'me\\s+tienen\\s+(?:hart[oa]|cansad[oa])', 'no\\s+sirven?(?:\\s+para\\s+nada)?',
  'ni\\s+(?:siquiera\\s+)?(?:contestan|leen|responden)', '(?:es|parece)\\s+(?:una\\s+)?estafa', 'qu[eé]\\s+(?:complicado|l[ií]o|desastre)', 'me\\s+est[aá]n?\\s+(?:ignorando|vacilando)',
  '(?:keep|keeps|kept)\\s+asking\\s+(?:me\\s+)?(?:the\\s+same|that|this|for\\s+the\\s+same)', 'going\\s+nowhere', '(?:not\\s+happy|unhappy|disappointed|dissatisfied)\\s+with', '(?:dije|dje|said|told\\s+(?:you|u|ya))\\s+(?:\\S+\\s+)?(?:twice|dos\\s+veces)', 'goin\\s+in\\s+circles', 'mal[ao]?\\s+(?:atenci[oó]n|servicio)', 'llev(?:o|amos)\\s+(?:\\S+\\s+){1,2}(?:esperando|sin\\s+respuesta)', 'dej[ea]n?\\s+de\\s+(?:mandar|escribir|molestar)\\w*',
];
export const mildNegative = ['confus\\w*', 'disappoint\\w*', 'unhappy', 'not\\s+happy', 'weird', 'odd', 'strange', 'bad', 'wrong', 'meh', 'seriously', 'really\\?', 'sigh', 'hmm+', 'come\\s+on', 'whatever', 'smh', 'lame', 'sucks?', 'bother(?:ed|s|ing)?', 'tired\\s+of', 'stuck', 'lost'];
export const confusion = [
  "(?:i\\s+)?(?:don'?t|do\\s+not|can'?t|cannot)\\s+(?:understand|follow|get\\s+it)", "(?:that|this|it)\\s+(?:makes|made)\\s+no\\s+sense", "doesn'?t\\s+make\\s+(?:any\\s+)?sense", 'what\\s+(?:do|does)\\s+(?:you|that|this)\\s+mean',
  "(?:i'?m|i\\s+am|im)\\s+(?:so\\s+|really\\s+|totally\\s+|kinda\\s+|kind\\s+of\\s+|a\\s+(?:bit|little)\\s+|pretty\\s+|very\\s+|super\\s+|sorta\\s+|completely\\s+|more\\s+)?(?:lost|confused)", '(?:^|\\s)wait\\s+what', 'hold\\s+on\\s+what', 'huh', "i\\s+have\\s+no\\s+idea", 'no\\s+entiendo', 'estoy\\s+confundid[oa]',
  'what\\s+does\\s+that\\s+even\\s+mean', 'makes\\s+(?:no|zero)\\s+sense',
];
/** Punctuation runs that show confusion: matched without word boundaries, so "loan??" and "what??" count. */
export const confusedPunctuation = ['\\?{2,}', '(?<![\\p{L}])(?:huh|what|wait)\\?+'];
export const repetition = ["i\\s+(?:already|literally)\\s+(?:told|said|answered|gave|sent|explained)", 'i\\s+said\\s+(?:under|below|no\\s+more\\s+than|not|no)',
  'i\\s+told\\s+(?:you|u)\\s+(?:twice|already|before)', 'same\\s+question', 'you\\s+asked\\s+(?:me\\s+)?that', '(?:read|scroll\\s+up|look\\s+at)\\s+my\\s+(?:last|previous)', 'ya\\s+(?:le|te)\\s+dije', 'as\\s+i\\s+(?:said|told\\s+you|mentioned)', 'for\\s+the\\s+(?:second|third|fourth|last|\\d+(?:st|nd|rd|th))\\s+time', 'again\\?', 'how\\s+many\\s+times', 'i\\s+just\\s+(?:told|said)', 'still\\s+(?:waiting|no\\s+answer|nothing)', 'ya\\s+(?:te\\s+)?(?:dije|lo\\s+dije)',
  '(?:you|u|ya)\\s+asked\\s+(?:me\\s+)?(?:that|this)\\s+already', '(?:i|ive|i\\s+have)\\s+(?:already\\s+)?answered\\s+(?:this|that)', '(?:you|u|ya)\\s+said\\s+(?:\\S+\\s+){0,3}(?:earlier|before|b4)\\b',
  'ya\\s+(?:le|te|les)\\s+(?:contest[eé]|expliqu[eé]|respond[ií])',
  // a third round: the same complaints in other words ("told ya twice", "like i said", "third time", sarcasm about answering again)
  "(?:i\\s+)?told\\s+(?:you|u|ya|y\\S*all)\\s+(?:\\S+\\s+)?(?:twice|already|before|times|b4)", 'like\\s+i\\s+(?:said|told\\s+(?:you|u|ya)|mentioned|wrote)', '(?:second|third|fourth|fifth|\\d+(?:st|nd|rd|th))\\s+time(?!\\s+(?:buyer|home|homeowner|owner))',
  '(?:two|three|a\\s+few|a\\s+couple(?:\\s+of)?|\\d+)\\s+(?:messages|texts|msgs)\\s+(?:ago|back|up)', '(?:love|enjoy|adore)\\s+(?:\\S+\\s+){0,2}?(?:answering|repeating|typing|explaining)', '(?:answering|repeating|explaining)\\s+(?:myself|the\\s+same)',
  'same\\s+(?:q|question|thing|stuff|info)\\s+(?:\\S+\\s+)?(?:times|again|twice|over)', '(?:you|u|ya)\\s+(?:already\\s+)?(?:asked|said)\\s+(?:\\S+\\s+){0,3}?(?:yesterday|earlier|before|b4)', '^\\W*no\\W+not\\s+(?:\\$?\\d[\\d,.]*k?|that|this|what\\s+i)(?![\\p{L}])',
  'ya\\s+(?:se\\s+)?(?:lo|le|te|les)\\s+(?:dije|dij[eé]|escrib[ií]|mand[eé]|puse)', 'i\\s+(?:(?:literally|already|just)\\s+){0,2}(?:answered|gave\\s+you|sent\\s+you)\\s+(?:that|this|it)'];

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
