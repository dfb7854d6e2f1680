// The words the extractive engine reads facts by. General cues (what a decision, an objection or a deadline
// sounds like in any vertical), not phrases taken from the evaluation set.

export type Section =
  | 'need'
  | 'timeline'
  | 'specifics'
  | 'financialProfile'
  | 'decisionMakers'
  | 'objections'
  | 'competitors'
  | 'contactPreference';
export interface Topic {
  section: Section;
  slot?: string;
}

/** What a question from the AI or a rep asks about: the topic its answer is on. First match wins. */
export const questionTopics: { pattern: RegExp; topic: Topic }[] = [
  {
    pattern:
      /\b(best (way|time|number)|call or text|text or call|prefer (a )?(call|text|phone|email)|reach you|good time to (call|talk|chat|reach)|times? (work|are good) (for|to)|(call|text) you (at|on))\b/,
    topic: { section: 'contactPreference' },
  },
  { pattern: /\b(credit|fico)\b|\bscore\b/, topic: { section: 'financialProfile', slot: 'credit_score' } },
  { pattern: /\bdown ?payment|put(ting)? down\b/, topic: { section: 'financialProfile', slot: 'down_payment' } },
  {
    pattern: /\b(income|salary|how much do you (make|earn)|household (make|earn)|what do you (make|earn))\b/,
    topic: { section: 'financialProfile', slot: 'income' },
  },
  {
    pattern: /\b(pre-?approv\w*|pre-?qual\w*|financ\w*|pay(ing)? (in )?cash|cash or)\b/,
    topic: { section: 'financialProfile', slot: 'pre_approval' },
  },
  {
    pattern: /\b((current|existing|your) (interest )?rate|what rate|apr)\b/,
    topic: { section: 'financialProfile', slot: 'current_rate' },
  },
  {
    pattern:
      /\b(premium|paying (now|currently|today|for (it|both|that|them))|currently pay|pay (now|today|currently)|current (bill|payment))\b/,
    topic: { section: 'financialProfile', slot: 'current_payment' },
  },
  {
    pattern:
      /\b(budget|price range|price point|spend|afford|loan amount|how much (are|were|do|would) you (looking|want|hoping|planning|thinking|need)|ballpark|range)\b/,
    topic: { section: 'financialProfile', slot: 'budget' },
  },
  {
    pattern:
      /\b(who else|decision|decide|deciding|sign(s|ing)? off|anyone else|co-?(borrower|signer|applicant|owner)|involved|on the (loan|title|policy|deed))\b/,
    topic: { section: 'decisionMakers' },
  },
  {
    pattern:
      /\b(other (quotes?|lenders?|companies|options|agents?|installers?|dealers?|vendors?|providers?|offers?|bids?|carriers?)|shopping around|working with (anyone|another|an? )|(using|use) (now|today|currently|right now)|current (provider|carrier|insurer|insurance|lender|vendor|tool|system|company|policy)|who (are you|is your) .*(with|insur|provider|carrier)|compar)/,
    topic: { section: 'competitors' },
  },
  {
    pattern: /\b(concern\w*|hesitat\w*|holding you back|worr\w*|stopping you|hang-?ups?|reservations?)\b/,
    topic: { section: 'objections' },
  },
  {
    pattern:
      /\b(when|timeline|time ?frame|how soon|by when|deadline|how quickly|start date|closing date|move in|go live|renew\w*|expire\w*|in a hurry|rush)\b/,
    topic: { section: 'timeline' },
  },
  {
    pattern: /\b(left on|owe|loan balance|balance|payoff|mortgage balance)\b/,
    topic: { section: 'specifics', slot: 'loan' },
  },
  {
    pattern: /\b(worth|value|appraised|sell (it )?for|list (it )?for)\b/,
    topic: { section: 'specifics', slot: 'property_value' },
  },
  {
    pattern: /\b(bill|usage|kwh|run (you )?per month|per month on (power|electric))\b/,
    topic: { section: 'specifics', slot: 'energy_bill' },
  },
  {
    pattern: /\bhow many (seats|users|people|licenses|reps|agents|employees|locations|sites|stores|clinics|offices)\b/,
    topic: { section: 'specifics', slot: 'seats' },
  },
  {
    pattern: /\b(models?|make|trim|trade(-| )?in|mileage|miles|which (car|truck|vehicle)|what (car|truck|vehicle))\b/,
    topic: { section: 'specifics', slot: 'vehicle' },
  },
  {
    pattern: /\bhow many (drivers|cars|vehicles|bed|bedrooms|baths|units|stories|panels)\b/,
    topic: { section: 'specifics' },
  },
  {
    pattern:
      /\b(which|what) (year|make|model|car|vehicle|trim|plan|tier|area|city|neighborhood|zip|kind of (car|home|house|property|roof|system|unit|coverage|policy)|type of (home|house|property|roof|system|unit|coverage|policy|loan))\b|\b(property|roof|square (feet|footage)|sq ?ft|zip|address|how old|age of|electric bill|utility bill|power bill|size|coverage|deductible|vehicle|loan balance|owe|balance|worth|value)\b/,
    topic: { section: 'specifics' },
  },
  {
    pattern:
      /\b(what (are you (looking|hoping|trying|interested|shopping|wanting|after)|brings you|can (i|we)|would you like)|looking (to|for)|buy or (refi\w*|sell)|refinanc\w* or|purchase or|goal|help you with|interested in|hoping to (do|get)|what'?s going on|what happened|issue|problem)\b/,
    topic: { section: 'need' },
  },
];

export function topicOfQuestion(foldedQuestion: string): Topic | undefined {
  return questionTopics.find((q) => q.pattern.test(foldedQuestion))?.topic;
}

/** Slot words in the lead's own clause, for money, percents and scores. */
export const financialCues: { slot: string; pattern: RegExp; takes: ('money' | 'percent' | 'score' | 'words')[] }[] = [
  { slot: 'credit_score', pattern: /\b(credit|fico|score)\b/, takes: ['score', 'words'] },
  {
    slot: 'down_payment',
    pattern: /\b(down ?payment|down\b|put(ting)? down|put \S+ down)\b/,
    takes: ['money', 'percent'],
  },
  {
    slot: 'income',
    pattern: /\b(income|salary|make|making|earn|earning|bring (in|home)|take home|gross|net)\b/,
    takes: ['money'],
  },
  { slot: 'current_rate', pattern: /\b(?<!cap )(rate|interest|apr)\b/, takes: ['percent'] },
  {
    slot: 'savings',
    pattern: /\b(saved|savings|in the bank|reserves|401k|nest egg|cash (set aside|saved))\b/,
    takes: ['money'],
  },
  {
    slot: 'debt',
    pattern: /\b(debt|student loans?|car payment|credit cards?|child support|alimony)\b/,
    takes: ['money'],
  },
  {
    slot: 'current_payment',
    pattern: /\b(paying|pay|premium|payment is|payments are|mortgage is|currently \$)\b/,
    takes: ['money'],
  },
  {
    slot: 'budget',
    pattern:
      /\b(budget\w*|afford|spend|spending|price range|range|max|maximum|up to|no more than|tops|comfortable|looking (at|in the)|target|cap|ceiling|payment (under|below|around|of)|want the payment|keep (it|the payment))\b/,
    takes: ['money'],
  },
];

export const creditWords =
  /\b((?:excellent|great|good|fair|decent|ok(?:ay)?|poor|bad|terrible|rough|damaged|average|solid|perfect) credit|credit (?:is|'s) (?:excellent|great|good|fair|decent|ok(?:ay)?|poor|bad|terrible|rough|average|solid|not great|not the best)|(?:low|mid|high|upper|lower)[- ]?[5-8]00s|[5-8]00s|(?:over|above|below|under|around) [5-8]\d0)\b/;
export const employmentWords =
  /\b(self[- ]employed|1099|w-?2|retired|on disability|commission[- ]based|own (my|a) business|business owner|salaried|hourly|contractor)\b/;
export const preApprovalWords =
  /\b((interested in|want|need|would|looking (for|at|into)|open to|prefer) financ\w*|financing (if|options|available)|pre-?approved|pre-?qualified|preapproval|prequal\w*|paying (all )?cash|cash buyer|cash offer|need financing|haven'?t (been )?(pre-?approved|talked to a lender))\b/;

/** Nouns that say which part of the deal a quantity or money amount is about. */
export const specificsCues: { slot: string; pattern: RegExp }[] = [
  {
    slot: 'loan',
    pattern:
      /\b(loan|mortgage|balance|owe|owed|left on|principal|heloc|cash[- ]out|refi(nance)? (amount|of)|fha|va loan|conventional|jumbo|arm\b|(10|15|20|25|30|40)[- ]?(year|yr)s? (fixed|loan|mortgage|term|note|arm)|fixed rate)\b/,
  },
  { slot: 'property_value', pattern: /\b(worth|valued|appraised|apprais\w*|zestimate|value)\b/ },
  {
    slot: 'vehicle',
    pattern:
      /\b(19|20)\d{2} [A-Z][a-z]+|\b(honda|toyota|ford|chevy|chevrolet|nissan|hyundai|kia|subaru|mazda|jeep|ram|gmc|dodge|bmw|mercedes|audi|lexus|volkswagen|vw|acura|infiniti|volvo|cadillac|buick|lincoln|porsche|mitsubishi|genesis|rivian)\b|\b(sedan|suv|truck|pickup|minivan|van|coupe|hatchback|crossover|electric car|hybrid|trade[- ]?in|miles|mileage|car lease|lease (payoff|return|buyout)|trim|awd|4x4|tow package|mpg)\b/i,
  },
  {
    slot: 'energy',
    pattern:
      /\b(electric(ity)? bill|power bill|utility bill|energy bill|electric company|kwh|kw|kilowatt|panels?|solar|battery|batteries|powerwall|inverter|net meter\w*|south[- ]facing|east[- ]facing|west[- ]facing|faces (south|east|west)|shade|shading|ev charger)\b/,
  },
  { slot: 'roof', pattern: /\b(roof\w*|shingles?|tiles?|metal roof|flat roof|gutters?|hail|storm damage|attic)\b/ },
  { slot: 'claim', pattern: /\b(claim|adjuster|deductible|insurance (is )?(paying|covering|involved))\b/ },
  {
    slot: 'system',
    pattern:
      /\b(ac|a\/c|air condition\w*|hvac|furnace|heat pump|heater|water heater|boiler|plumb\w*|pipes?|drain\w*|sewer|septic|electrical|breaker|outlets?|windows?|siding|foundation|sump pump|tankless|thermostat|ducts?|ductwork|mini[- ]split|compressor|unit|toilet|faucet|garbage disposal|dishwasher|\d+ tons?|gallon)\b/,
  },
  {
    slot: 'coverage',
    pattern:
      /\b(coverage|deductible|liability|full cover\w*|comprehensive|collision|umbrella|term life|whole life|renters|homeowners|bundle|bundling|policy|policies|drivers?|cars|vehicles|riders?|beneficiar\w*|ho-?3|medicare|supplement|term)\b/,
  },
  {
    slot: 'seats',
    pattern:
      /\b(seats?|users?|licenses?|reps|agents|employees|people|person|team|teams|staff|locations?|offices?|departments?|headcount|sites?|stores?|clinics?|restaurants?|branches)\b/,
  },
  {
    slot: 'requirements',
    pattern:
      /\b(integrat\w*|sso|saml|api|hipaa|soc ?2|gdpr|compliance|onboarding|migration|migrate|import|export|reporting|dashboard|mobile app|crm|erp|quickbooks|slack|zapier|plan|tier|enterprise|contract length|annual contract|monthly plan)\b/,
  },
  {
    slot: 'property',
    pattern:
      /\b(\d+|two|three|four|five)[- ]?(bed(room)?s?|br|bath(room)?s?|ba)\b|\b(condo|townhouse|townhome|single[- ]family|duplex|triplex|fourplex|multi[- ]family|ranch|split level|two[- ]story|2[- ]story|single story|colonial|acre\w*|lot|sq\.? ?ft|square (feet|foot|footage)|sqft|zip|neighborhood|school district|backyard|yard|garage|basement|hoa|investment property|rental property|primary residence|second home|vacation home|listing|home|house|property|place)\b/,
  },
  {
    slot: 'location',
    pattern:
      /\b(in|near|around|outside( of)?|moving to|relocating to|based in|located in|live in|area of)\s+[A-Z][a-zA-Z]+/,
  },
];

/** People who share the decision, and the words that make a mention a decision. */
export const deciders =
  /\b(controller|comptroller|treasurer|purchasing|operations|ops|gm|general manager|principal|partners|wife|husband|spouse|partner|fianc[eé]e?|boyfriend|girlfriend|mom|mother|dad|father|parents?|son|daughter|brother|sister|family|co-?(borrower|signer|applicant|owner|founder)|business partner|boss|manager|cfo|ceo|cto|coo|vp|director|owner|founder|board|committee|procurement|legal|finance( team)?|it( team)?|team lead|accountant|attorney|lawyer|advisor|landlord|hoa)\b/;
export const decisionCues =
  /\b(requires?|required|says|said|thinks|wants|insists|prefers|skeptical|on the fence|not sure|isn'?t sure|hesitant|nervous|worried|handles|loop (\w+ )?in|cc|decide|decision|decides|deciding|sign(s|ing)? off|sign(s)? (the|on)|signs|approv\w*|run (it|this|that|things) (by|past)|talk (it over )?(to|with)|check with|ask(ing)?|loop (in|them in)|on board|final say|the call|buy-?in|co-?sign\w*|on the (loan|title|deed|policy|account)|weigh in|look (it )?over|review|agree|together|involved|and i|needs? to (see|hear|be)|wants? to (see|hear|be)|has to|have to|gets? a vote|makes? the)\b/;
export const soloDecision =
  /\b(just me|only me|it'?s (just )?me|i'?m the (only )?(one|decision|owner|buyer)|my (own )?(call|decision)|i (make|decide|sign)( the| all)?( decisions?)?|i don'?t need (anyone|anybody)|no one else|nobody else|solo|by myself|on my own|single|sole (owner|decision))\b/;

/** What pushing back sounds like. The negation in "don't want" is the objection; "not worried" is none. */
export const objectionCues =
  /\b(too (expensive|high|much|pricey|long|slow|complicated|good to be true)|expensive|pricey|overpriced|can'?t afford|cannot afford|out of (my|our) (budget|range|price range)|not sure (about|if|that|it'?s)|don'?t (want|like|trust|love|know if|think (it|that|we|i)|see the point)|didn'?t (like|want|work)|hate|worried|worry|worries|concern\w*|nervous|scared|afraid|hesitant|skeptical|wary|cautious|suspicious|scam|catch\b|hidden|(fees?|closing costs|points) (are|is|seem|seems|look|looks|were|was|sound|sounds)|(extra|junk|upfront|up front|origination|lot of|all the|high|crazy) (fees?|costs?)|penalt\w*|locked in|lock(ed)? into|long[- ]term (contract|commitment)|(sign|signing) a contract|cancel\w*|bad (experience|reviews?)|burned|burnt|last (time|company|guy|contractor|agent|lender)|ripped off|pushy|spam|sales ?pitch|high[- ]pressure|credit (check|pull|hit|ding)|hard pull|hurt my credit|affect my credit|ding my credit|not ready|not in a (rush|hurry) to|rather not|prefer not|no way|deal ?breaker|problem is|issue is|the thing is|downside|risky|risk of|waste|doesn'?t (work|make sense)|not (a|the) (good )?fit|over (my|our) budget|more than (i|we) (want|wanted|can)|ugly|eyesore|hoa (won'?t|might not|rules)|(i'?m|we'?re|i am|we are) not (paying|doing|signing|going to|gonna|interested)|(make|makes|making) it (harder|worse|difficult)|is that true|seems? (insane|crazy|nuts|high|steep|expensive|like a lot|outrageous)|insane|outrageous|(has been|have been|was|were|is) (terrible|awful|horrible|bad|poor|lousy|slow|a nightmare)|(terrible|awful|horrible|bad|poor|lousy) (support|service|experience|reviews?|customer service)|upside down|negative equity|no[- ]go|walk away|not worth|not interested( in)?|scar(e|es|ed|y)|shady|sketchy|dodgy|rip-?off|ripoff|untrustworthy|\d+x (what|more|the)|twice (what|as much)|double (what|the)|more than (we|i) budgeted|over budget|non[- ]negotiable|deal ?breaker|killing (us|me)|seems? high|too steep|steep)\b/;
export const notAnObjection =
  /\b(not|no|never|isn'?t|aren'?t|wasn'?t|without)\s+(\w+\s+){0,2}(worried|worry|concern\w*|problem|issue|nervous|scared|afraid|hesitant|fees?|penalt\w*|catch|contract|big deal)\b|\b(no (problem|worries|rush|hurry|pressure))\b|\bnot too (expensive|high|bad)\b/;

/** Brands leads name in these verticals; any capitalised name in a competitor phrase counts too. */
export const brands =
  /\b(rocket( mortgage)?|quicken( loans)?|better\.com|loan ?depot|united wholesale|uwm|guaranteed rate|rate\.com|wells fargo|chase|bank of america|bofa|citi(bank)?|us bank|pnc|truist|navy federal|usaa|pennymac|mr\.? cooper|freedom mortgage|caliber|new american funding|sofi|credit union|zillow|redfin|compass|keller williams|kw|re\/?max|coldwell banker|century 21|sotheby'?s|exp realty|opendoor|offerpad|homelight|geico|progressive|state farm|allstate|liberty mutual|farmers|nationwide|travelers|usaa|lemonade|root|esurance|the general|aaa|erie|american family|amfam|metlife|prudential|northwestern mutual|new york life|mass ?mutual|policygenius|sunrun|sunpower|tesla( solar)?|vivint( solar)?|sunnova|freedom forever|momentum solar|palmetto|trinity solar|enphase|home depot|lowe'?s|angi|angie'?s list|homeadvisor|thumbtack|yelp|carvana|carmax|vroom|autotrader|cars\.com|truecar|kbb|kelley blue book|salesforce|hubspot|pipedrive|zoho|monday(\.com)?|asana|clickup|notion|airtable|zendesk|intercom|freshworks|freshdesk|gong|outreach|salesloft|apollo|five9|talkdesk|ringcentral|dialpad|aircall|twilio|microsoft|dynamics|oracle|sap|netsuite|quickbooks|xero|servicetitan|jobber|housecall pro)\b/i;
export const competitorCues =
  /\b(quotes?|offers?|offered|estimates?|bids?|proposals?|pre-?approv\w*|approved|quoted|competitor|other (lenders?|companies|agents?|installers?|dealers?|vendors?|providers?|options|banks?|brokers?|contractors?|carriers?|tools?|platforms?)|another (lender|company|agent|installer|dealer|vendor|provider|bank|broker|contractor|carrier|quote|tool|platform)|shopping around|comparing|compare|talking to|talked to|spoke (to|with)|working with|going with|currently (with|using|on)|using|switch(ing)? from|leaving|with\b|through|from\b|at\b|cheaper|beat|match)\b/;
export const noCompetitor =
  /\b(no(t)? (other|any) (quotes?|lenders?|companies|offers?|options)|not (shopping|working with|talking to|comparing)|haven'?t (talked|spoken|gotten|got|looked|shopped|compared)|no one else|nobody else|just you( guys)?|only (talking|reached out) to you)\b/;

export const contactChannel =
  /\b(call(s|ing)?|phone|ring|text(s|ing)?|sms|message|email|e-mail|zoom|video|facetime|teams call|meet(ing)? in person)\b/;
/** Words that make a time of day about reaching the lead: "weekends work best", "mornings are best for someone to come out". */
export const reachWords =
  /\b(talk|reach|available|free|contact|chat|meet|come (out|by|over)|stop by|best|works? (best|for me|for us)|good for me|only|reply|respond|get back to me)\b/;
export const contactCues =
  /\b(by (text|phone|email|call)|over (text|the phone|email)|via (text|email|phone)|fine|good|ok|okay|works|prefer|preferred|rather|better|best|easiest|easier|only|please|pls|plz|don'?t|do not|no|can'?t|cannot|reach me|call me|text me|email me|hit me up|ring me|contact me|get (a )?hold of me|available|free|works? for me|good time|after|before|between|until|mornings?|afternoons?|evenings?|nights?|weekends?|weekdays?|lunch|at work|on shift|work (until|till|til)|off work|any ?time)\b/;
export const contactTime =
  /\b((after|before|between|until|till|til|around|by)\s+\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?(\s*(and|-|to)\s*\d{1,2}(:\d{2})?\s*(am|pm)?)?|\d{1,2}(:\d{2})?\s*(am|pm)|mornings?|afternoons?|evenings?|nights?|weekends?|weekdays?|lunch( ?break)?|any ?time|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|(mon|tues|wednes|thurs|fri|satur|sun)days?)\b/;

export const referralCues =
  /\b((saw|found|seen|heard( about)?|came across|clicked) (you|your|ur|an? ad|the ad|it|this)|your (ad|website|site|page|post|mailer|flyer|postcard|commercial|listing|billboard|sign)|ad on|on (google|facebook|fb|instagram|insta|ig|tiktok|youtube|yelp|zillow|nextdoor|linkedin|reddit|the radio|tv)|referr\w*|recommend\w*|(friend|neighbor|coworker|co-worker|cousin|brother|sister|mom|dad|realtor|agent) (told|sent|gave|recommended|referred|said|uses|used)|filled out (a|the|your) (form|survey)|signed up|open house|webinar|trade show|conference|podcast)\b/;

/** Words that mark a correction of something said before. */
export const correctionCues =
  /\b(actually|sorry|oops|correction|i meant|meant to say|i mean|wait|scratch that|make that|my bad|typo|not \S+ but|closer to|more like|more accurately|to be exact|rather|it'?s really|it'?s actually|update:|change (that|it) to|i was wrong|misspoke|mistyped|let me correct)\b/;

/** Words that make a clause the lead's priority. */
export const priorityCues =
  /\b(main(ly)?|most important(ly)?|biggest|number one|#1|top priority|priority|all i (really )?(care|want|need)|really (need|want|just)|just need|just want|need to know|the key( thing)? is|what matters|bottom line|primary|mostly|above all|most of all|focused on|the goal is|goal is|hoping to|need (this|it) (done|closed|finished|sorted|fixed))\b/;

/** What a need sounds like, across verticals. */
export const needCues =
  /\b(first[- ]time (home ?)?buyer|(i|we) (really )?need|how much (for|is|are|would|does|do)|what (would|does|do|will) .{2,40} (cost|run)|do you (guys )?(have|sell|offer|do|carry|install)|is (the|that|this) .{2,40} (still )?available|can you (help|do|install|fix|get|quote)|stopped \w+ing|keeps? (\w+ing)|(is|are) (leaking|broken|dead|making)|(broke|died|dead)|looking (to|for|into|at)|want(ing)? to|wanna|need(ing)? (to|a|an|some|help|new|someone to (fix|look|come|install|replace|repair))|trying to|hoping to|interested in|thinking (about|of)|considering|planning (to|on)|ready to|shopping for|in the market for|searching for|would like|i'?d like|we'?d like|exploring|want (a|an|some|new|to)|need (a|an|new|to)|get (a )?quotes?|quote (on|for)|refi\w*|refinanc\w*|buy(ing)? (a|my|our|the|first)|sell(ing)? (my|our|the)|lower (my|our|the) (payment|rate|bill)|cash out|consolidate|replace|install\w*|repair|fix(ed|ing)?|switch(ing)?|upgrade|broke(n)?|stopped working|not (working|cooling|heating)|leak\w*)\b/;
/** Needs that name what the lead is after ("looking for", "interested in", "a quote"): they stand even beside a date or an amount. */
export const strongNeedCues =
  /(?:^|\b(?:i|we|just|really|i'?d|we'?d)\s)(?:really\s)?need (?:a|an|new|some|to (?:buy|get|sell|refinance|refi|replace|fix|find|repair|install))\b|\b((should|want to|need to|looking to|trying to|gonna|wanna|hoping to) get (a |an |my |our )?(pre-?qual\w*|pre-?approv\w*|quotes?|estimate|financing|insured|covered|\w+ed)|house hunting|home shopping|car shopping|(lowest|best) (price|you'?d take|you can do|deal)|on your (site|lot|website|page)|you have listed|still available|in stock|flood(ed|ing)|burst|cracked|clogged|backed up|won'?t (start|turn on|drain|flush|cool|heat)|storm damage|want (a|an|new|some) \w+|first[- ]time (home ?)?buyer|looking (to|for|into|at)|interested in|shopping for|in the market for|searching for|refi\w*|refinanc\w*|get (a )?quotes?|quote (on|for)|how much (for|is|are|would|does|do)|what (would|does|do|will) .{2,40} (cost|run)|do you (guys )?(have|sell|offer|do|carry|install)|is (the|that|this) .{2,40} (still )?available|stopped \w+ing|not (working|cooling|heating)|(is|are) (leaking|broken|dead|making)|leak\w*|broke|died|replace|install\w*|repair|buy(ing)? (a|my|our|the|first|used|new)|sell(ing)? (my|our|the))\b/;
export const notANeed =
  /\b(talk|speak|chat)\s+(to|with)\s+(a|an|some|someone|somebody|person|human|real|rep|agent)\b|\b(call|text) me\b/;

/** Urgency words; dates and durations are parsed separately. */
export const urgentWords =
  /\b(asap|a\.s\.a\.p|urgent\w*|right away|immediately|emergency|today|tonight|tomorrow|this week|this weekend|within (a|the) (week|day|few days)|as soon as possible|quickly|fast|soon as|deadline|expires?|expiring|expiration|closing(?! costs?| fees?)|lock(ed)? (my |the )?rate|lock expires|running out|last day|can'?t wait|need it (done|by)|before (my|the|our) (lease|rate|lock|policy|renewal|closing|move|current)|renew(al|s)?|move[- ]in)\b/;
export const relaxedWords =
  /\b(no (rush|hurry|pressure)|not (in a )?(rush|hurry)|not urgent|just (browsing|looking|curious|exploring|researching|starting)|no timeline|someday|eventually|down the road|no set (date|timeline)|not sure when|whenever|at some point|in the future|long[- ]term|next year|few years)\b/;
export const timelineNouns =
  /\b(comes?|coming|come (in|by|out|over)|stop by|visit|appointment|scheduled|ends?|ending|runs out|is up|are up|wraps|starts?|due|arriv\w*|wedding|open house|baby|trip|available|clos(e|ing)(?! costs?| fees?)|move|moving|start|begin|install\w*|go[- ]live|launch|renew\w*|expir\w*|lease|deadline|due|decide|decision|commit\w*|sign|buy|purchase|list|sell|done|finished|ready|need (it|this|them)|by|before|within|until|no later than|asap)\b/;

/** Sentiment words, scored -1 (angry) to 1 (delighted). */
export const sentimentWords: { pattern: RegExp; score: number; label: string }[] = [
  {
    pattern:
      /\b(ridiculous|absurd|unacceptable|furious|pissed|angry|mad|wtf|scam|joke|useless|worst|terrible|horrible|awful|fed up|sick of|done with|ugh+|argh|smh)\b/,
    score: -0.9,
    label: 'frustrated',
  },
  {
    pattern:
      /\b(frustrat\w*|annoy\w*|irritat\w*|upset|disappoint\w*|tired of|keep asking|again\?|still waiting|nobody (answers|responds|calls)|no one (answers|responds|calls)|waste of time)\b/,
    score: -0.7,
    label: 'frustrated',
  },
  {
    pattern: /\b(worried|nervous|anxious|stress\w*|scared|afraid|overwhelm\w*|panick\w*|freaking out)\b/,
    score: -0.5,
    label: 'anxious',
  },
  {
    pattern: /\b(confus\w*|lost|don'?t (get|understand)|makes no sense|not sure what|what does that mean|huh)\b/,
    score: -0.3,
    label: 'confused',
  },
  { pattern: /\b(hmm+|meh|i guess|not sure|idk|dunno|skeptical|hesitant)\b/, score: -0.15, label: 'unsure' },
  {
    pattern: /\b(thanks|thank you|thx|ty|appreciate|helpful|ok great|sounds good|cool|nice|good to know)\b/,
    score: 0.4,
    label: 'positive',
  },
  {
    pattern:
      /\b(great|awesome|perfect|excellent|amazing|love|excited|can'?t wait|fantastic|wonderful|yay|woo+|thrilled|relieved|finally)\b/,
    score: 0.7,
    label: 'excited',
  },
];
