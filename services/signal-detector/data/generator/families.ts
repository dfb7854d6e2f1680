// Hand-written families of lead texts, one family a way of saying something. Templates use {a|b|} for a choice
// (an empty choice drops it) and <slot> for a vertical's words (verticals.ts). A family's label depends on the AI
// turn it follows where `after` says so: "yes please" after "want someone to call you?" asks for a person,
// after "is this your primary home?" it asks for nothing.
// Within each category (the id before the first dot) every 4th family (positions 3, 7, ...) is a dev family:
// its phrasings never appear in training conversations.
import type { AiKind } from './verticals';

export type Label = 'explicit_request' | 'high_intent' | 'out_of_confidence' | 'sentiment_shift' | 'identity_question';
export type Lang = 'en' | 'es' | 'spanglish';
export interface Family {
  id: string;
  labels: Label[];
  lang: Lang;
  /** The AI turns this text can follow; default qualify and info. */
  after: AiKind[];
  templates: string[];
}

const ER: Label[] = ['explicit_request'];
const HI: Label[] = ['high_intent'];
const OC: Label[] = ['out_of_confidence'];
const SS: Label[] = ['sentiment_shift'];
const ID: Label[] = ['identity_question'];
const NO: Label[] = [];
const all: AiKind[] = ['qualify', 'info', 'quote', 'offer', 'schedule'];
const notOffer: AiKind[] = ['qualify', 'info', 'quote'];
const f = (
  id: string,
  labels: Label[],
  templates: string[],
  after: AiKind[] = ['qualify', 'info'],
  lang: Lang = 'en',
): Family => ({ id, labels, lang, after, templates });

export const families: Family[] = [
  // ---- explicit request for a person --------------------------------------------------------------------------
  f(
    'er.someone-call',
    ER,
    [
      '{can|could|would} {someone|somebody|a person|one of your guys|anyone} {just |please |pls |}{call|phone|ring} me{| back| today| later| tonight| when they get a chance}',
      '{can|could} {someone|somebody} give me a {call|ring}{| pls| asap| today}',
      'is it possible for {someone|a person} to {call|phone} me{| instead| this afternoon}',
      '{someone|somebody} {call|phone} me{| please| plz}{| im at work and cant text much| its easier}',
    ],
    all,
  ),
  f(
    'er.have-x-call',
    ER,
    [
      '{have|get} {the|a|your|ur} <person> {to |}{call|text|phone} me{| asap| when they can| after <time>| today}',
      '{tell|ask} {the|your} <person> to {call|reach out to|hit} me{| up}{| pls| <time>}',
      'can {the|a|your} <person> {call|reach out|give me a call}{| <time>| today| this week}',
      'just have {the|a|your} <person> {call|ring} me{| <time>|, its easier}',
    ],
    all,
  ),
  f(
    'er.talk-to',
    ER,
    [
      '{i want|i need|id like|i would like|i wanna|lemme|let me} {to |}{talk|speak|chat} {to|with} {a|the|your|a real|an actual|some kind of} <person>{| please| about the <product>| now}',
      '{can|could|may} i {talk|speak} {to|with} {a|the|your} <person>{| real quick| about this| today}',
      'i {need|want} to speak {w|with|to} {someone|somebody} about {my|the} <product>{| asap| today|}',
      '{need|want} to talk to {a|the} <person>{| before i do anything| about <detail>}',
    ],
    all,
  ),
  f(
    'er.loop-in',
    ER,
    [
      '{loop|bring|pull} in {a human|a person|the <person>|someone who actually knows|someone from your team}{| pls| please|}',
      'get {a human|someone real|a real person|the <person>} on {this|here|the phone}{| pls|}',
      'get me on a call {w|with} {sales|the <person>|someone|a person}{| today| this week|}',
      'can you {loop|cc|add} {a|the} <person> {in|into this|on this thread}',
    ],
    all,
  ),
  f(
    'er.bare-ask',
    ER,
    [
      '{human|real person|a human|live person|person|representative|rep|operator}{| please| pls| plz|!|??|.}',
      '<person> {please|pls|plz|now}',
      '{human|person|agent} {por favor|please}',
      '{actual person please|a real human please|talk to human|speak to person}',
    ],
    all,
  ),
  f(
    'er.not-bot',
    ER,
    [
      '{stop|enough} with the {bot|automated texts|robot stuff|ai} {and |, }{get me|put me through to|i want} a {person|human|real person}',
      'i dont want to text {a bot|an ai|a robot|a machine}{,|.|} i want {a person|a human|someone real}',
      'not a bot. {a person|a human|a real one}{| please|}',
      '{no more bots|done with the bot} {i need|i want|get me} {a human|a person|the <person>}',
    ],
    all,
  ),
  f(
    'er.whoever',
    ER,
    [
      'whoever {does|handles} {scheduling|the quotes|pricing|estimates|the <product>} can {call|text} me{| <time>|}',
      'whos the person {i talk to|to talk to} about {the <product>|this}{, have them call me|? i want to talk to them}',
      'send me to whoever {handles|does} {this|<product> stuff|the paperwork} {please|pls|}',
      'i need {whoever|the person who} {handles|is in charge of} {my|the} <product> to {call|contact} me',
    ],
    all,
  ),
  f(
    'er.number-to-call',
    ER,
    [
      'whats a number i can call to {talk to|reach} {someone|a person|the <person>}',
      'is there a {number|phone number|line} {to call|i can call} {a real person|someone|a human}{|?}',
      'can i just call {someone|you guys|the <person>}{|? whats the number}',
      'give me a {number|phone #} for {a person|the <person>|someone in charge}',
    ],
    all,
  ),
  f(
    'er.call-me',
    ER,
    [
      '{just |pls |please |}call me{| at <time>| tmrw| whenever| now| instead}',
      'give me a {call|ring}{| <time>| when u can| today}',
      '{easier|faster|better} if {someone|you|a person} calls me{| tbh| honestly}',
      '{call|phone} me {please|pls} {im driving|i cant text rn|at work}',
    ],
    all,
  ),
  f(
    'er.transfer',
    ER,
    [
      '{transfer|connect|patch|put} me {to|with|through to} {someone|a human|the <person>|a person}{| please| now}',
      'can you {connect|transfer} me {to|with} {a real|an actual|a live} {person|agent|human}',
      '{connect|put} me w {the|a} <person>{| pls|}',
      'i need to be {transferred|connected} to {someone|a person|the <person>}',
    ],
    all,
  ),
  f(
    'er.prefer-person',
    ER,
    [
      'id rather {talk to|deal with|speak to} a {person|human|real person} about {this|the <product>|money stuff}',
      '{prefer|i prefer|i would prefer} to speak {w|with} {someone|a person|the <person>} directly',
      'this is easier {on the phone|in person|over the phone} with {a human|someone|a person}{, can we do that|}',
      'i want a {human|person} to {explain|go over|walk me thru} {this|the <product>|my options}',
    ],
    all,
  ),
  f(
    'er.anyone-there',
    ER,
    [
      'is there {a human|anyone real|a real person|a person|an actual person} {i can talk to|there|available|around}{|?}',
      'are there any {actual|real} {people|humans} {working there|i can talk to}{|?}',
      'is anyone {real|human|alive} {there|over there|on this}{| i can talk to}{|?|??}',
      'does {anyone|a real person|a human} {work there|answer the phone}{|?}',
    ],
    all,
  ),
  f(
    'er.accept-offer',
    ER,
    [
      '{yes|yeah|yea|yep|ya|sure|ok|okay|yes please|yeah please|sure thing|pls do|please do|go ahead|that would help|that works|sounds good}{|!|.| 🙏| 👍}',
      '{yes|yeah|sure|ok} {have them|have someone|have the <person>} call{| me}{| <time>|}',
      '{yes|yeah|sure} {call|ring} me{| <time>| anytime}',
      '{yes|yeah|sure}{,|} {<time>|anytime} {works|is good|is best}',
    ],
    ['offer'],
  ),
  f(
    'er.schedule-call',
    ER,
    [
      '{<time>|tomorrow at 10|anytime today|monday afternoon} {works|is good|is best}{| for me|}',
      '{<time>|mornings|evenings} {pls|please|}{| call this number|}',
      'call me <time>{| thx|}',
      '{whenever|any time|asap} {works|is fine}{, just call|, call me|}',
    ],
    ['schedule'],
  ),
  f(
    'er.callback',
    ER,
    [
      '{i need|need|want} a call back{| from the <person>| from someone| today| asap}',
      'waiting on a call back from {a person|someone|the <person>}{| can someone call me now}',
      '{request|requesting} a call {from|with} {a rep|someone|the <person>}',
      'please have {someone|somebody} reach out {by phone|to me by phone|on my cell}',
    ],
    all,
  ),
  f(
    'er.in-person',
    ER,
    [
      'can i {meet|sit down} with {the|a} <person> {in person|face to face}{| this week|}',
      'can i come in and talk to {someone|a person|the <person>}{| today|}',
      'i want to {meet|see} {someone|a person} in person about the <product>',
      'is there an office where i can {talk to|see} {someone|a person}{|?}',
    ],
    all,
  ),
  // Spanish and Spanglish
  f(
    'er.es-hablar',
    ER,
    [
      'quiero hablar con {una persona|alguien|un asesor|un agente|un representante}{| por favor| real| de verdad|}',
      'necesito hablar con {alguien|una persona|el asesor|el encargado}{| por favor| hoy| ya|}',
      '¿puedo hablar con {una persona|alguien|un agente}{|?}',
      'prefiero hablar con {una persona|alguien} {por teléfono|en persona|directamente}',
    ],
    all,
    'es',
  ),
  f(
    'er.es-llamar',
    ER,
    [
      '{me puede|me pueden|puede alguien} llamar{| por favor| hoy| más tarde| <timeEs>}',
      'que me llame {el asesor|alguien|una persona|el agente}{| porfa| por favor| <timeEs>}',
      'llámenme {por favor|porfa|<timeEs>|}',
      '¿alguien me puede marcar{| <timeEs>}?',
    ],
    all,
    'es',
  ),
  f(
    'er.es-accept',
    ER,
    [
      '{sí|si|claro|ok sí|dale|sí por favor|si porfa|está bien|de acuerdo}{|!|.| 🙏}',
      '{sí|si}{,|} que me llamen{| <timeEs>}',
      '{sí|si}{,|} <timeEs> {está bien|me queda bien}',
      '{claro|dale}{,|} llámenme',
    ],
    ['offer'],
    'es',
  ),
  f(
    'er.es-robot',
    ER,
    [
      'no quiero {un robot|una máquina|un bot}{,|.} quiero {una persona|un humano|hablar con alguien}',
      '¿hay {alguien|una persona} {con quien pueda hablar|real|ahí}?',
      '{comuníqueme|páseme|pásame} con {un agente|alguien|una persona}{| por favor}',
      '¿me {comunica|pasa} con {el asesor|alguien}?',
    ],
    all,
    'es',
  ),
  f(
    'er.spanglish',
    ER,
    [
      '{can|could} someone call me {porfa|por favor|plis}',
      'quiero hablar con {el|la} <person>{| please|}',
      'necesito hablar {w|with} someone about {the|el} <product>',
      '{hay alguien que hable español|alguien habla español}{?|} i need to talk to a person',
    ],
    all,
    'spanglish',
  ),
  f(
    'er.spanglish-2',
    ER,
    [
      'call me {porfa|pls} {estoy en el trabajo|no puedo textear}',
      'mejor {que me llame|have} {the|el} <person> {call me|}',
      'can i talk to {una persona|alguien} {real|de verdad}',
      '{si|sí} {have them call me|call me} {porfa|pls}',
    ],
    all,
    'spanglish',
  ),

  // ---- high buying intent ---------------------------------------------------------------------------------------
  f(
    'hi.deadline',
    HI,
    [
      '{need|i need|we need|gotta have} {it|this|coverage|the <product>|it done|everything} {by|before} <deadline>',
      '{my|our} {lease|contract|current policy|rate lock|offer|escrow} {ends|expires|is up|runs out|closes} <deadline>{| so need to move|}',
      'have to {decide|close|sign|finish} by <deadline>',
      '{deadline|cutoff} is <deadline>{, can you make that work|. can u do it|}',
    ],
    notOffer,
  ),
  f(
    'hi.ready',
    HI,
    [
      '{ready|were ready|im ready|i am ready|we are ready} to {move forward|sign|get started|pull the trigger|buy|lock it in|apply|go}',
      '{lets do it|lets go ahead|lets move forward|lets get it going|lets lock it in}{|!| 👍}',
      'where do i sign{|?|??| lol}',
      '{ok|alright|okay} {im|we are|were} {sold|in}{|, whats next|. next steps?}',
    ],
    notOffer,
  ),
  f(
    'hi.today',
    HI,
    [
      '{need|i need|gotta get} {a|the} <product> {today|tonight|this week|asap}',
      'can {someone|you|u} {come out|start|get it done} {today|tomorrow|this week}{|?}',
      '{how soon|how fast|how quick} can {you|u} {start|get started|close|install|get it done|get me in}',
      '{if you can|can you} {do|get} it {this week|by tmrw|today} {im ready|ill sign|its yours}',
    ],
    notOffer,
  ),
  f(
    'hi.competitor',
    HI,
    [
      '<competitor> {quoted me|offered me|said they can do} <amount>{, can you beat it|. can u match|, whats your best|}',
      'got {a quote|an offer} from <competitor>{, deciding this week| and need to decide soon| for <amount>}',
      '{can you|could u} {beat|match} <competitor>{| at <amount>}{|?}',
      'going with <competitor> {friday|this week|tmrw} unless {you|u} can do better',
    ],
    notOffer,
  ),
  f(
    'hi.after-quote',
    HI,
    [
      '{ok|okay|k|alright} {im in|we are in|i want it|lets do it}{|. what do you need| what do u need from me| whats next|!}',
      '{sounds good|perfect|great} {send|email|shoot me} {the paperwork|it over|the link|the contract}',
      '{deal|book it|lock it|sign me up|put me down}{|!|. whats next}',
      '{yes|yeah|yep} {lets do that|go ahead and start it|start the application|send the application}',
    ],
    ['quote'],
  ),
  f(
    'hi.preapproved',
    HI,
    [
      '{already|i am|we are|were} {pre approved|preapproved} for <amount>{| and ready|}',
      "{we're|were|im} {cash buyers|paying cash} and {found the one|ready to make an offer|ready to go}",
      'have {my|the} down payment {ready|saved|in the bank}{| and want to start|}',
      '{financing is done|got my approval letter|budget approved} {so lets go|ready when you are|}',
    ],
    notOffer,
  ),
  f(
    'hi.send-docs',
    HI,
    [
      'send me the {application|contract|paperwork|docusign|order form|agreement}{| today| now| pls}',
      'can you {email|text|send} {the|me the} {contract|app|paperwork} {today|tonight|now}{|?}',
      'whats the link to {apply|sign up|get started|pay the deposit}',
      'how do i {pay|put down the deposit|sign|get started} {today|now|}',
    ],
    notOffer,
  ),
  f(
    'hi.urgent',
    HI,
    [
      '{its urgent|this is urgent|kind of urgent|urgent}{| need someone today| pls| need it fixed}',
      '{asap|ASAP|a.s.a.p} {please|pls|}{| need it done|}',
      '{my|the} <product> {died|broke|quit|stopped working} and {its 100 degrees|water is everywhere|we have no heat|i need it fixed today}',
      'need this {yesterday|right away|immediately|like now}{ lol|}',
    ],
    notOffer,
  ),
  f(
    'hi.moving',
    HI,
    [
      'closing on {the house|our place} {the 15th|next friday|in 2 weeks}{, need <product> before then|}',
      '{we move|moving} in {2|3|two|three} weeks{| and need it set up| need coverage by then}',
      '{starting|new job starts} <deadline> {so i need|need} {the car|a car|it} by then',
      '{lease|rental} is up <deadline> {we need to buy|need a place|have to be out}',
    ],
    notOffer,
  ),
  f(
    'hi.switch',
    HI,
    [
      'want to switch {from <competitor>|carriers|providers|vendors} {this month|before renewal|asap|by <deadline>}',
      'done with <competitor>{, want to switch| ready to switch| moving everything over}',
      'our <competitor> contract {renews|ends} <deadline>{ and we want out| want to switch before then|}',
      'cancelling <competitor> {this week|friday} {if you|as long as you} can start {right away|monday}',
    ],
    notOffer,
  ),
  f(
    'hi.commit-specific',
    HI,
    [
      'i want {the|that} <product>{| at <amount>}{, how do i lock it in|. hold it for me|}',
      '{hold|reserve|save} {the|that} <product> for me{| ill be there <time>| pls}',
      'put a deposit on {the|that} <product>{| today|}',
      'we {decided|chose} {you guys|your company}{, what do you need from us|, send next steps}',
    ],
    notOffer,
  ),
  f(
    'hi.es',
    HI,
    [
      'necesito {la póliza|el seguro|el préstamo|el carro|la instalación} para <deadlineEs>',
      '{estamos|estoy} {listos|lista|listo} para {firmar|empezar|comprar}',
      '¿cuándo pueden {venir|empezar|instalar}? lo necesito {esta semana|ya|urgente}',
      'me ofrecieron {<amount>|un mejor precio} en <competitor>, ¿lo pueden mejorar?',
    ],
    notOffer,
    'es',
  ),
  f(
    'hi.es-2',
    HI,
    [
      'quiero {empezar|arrancar} {ya|hoy|esta semana}',
      '{mándeme|mándame|envíeme} {el contrato|la solicitud|los papeles}{| hoy| porfa}',
      '{mi|nuestro} contrato {vence|se acaba|termina} <deadlineEs>',
      '{es urgente|urge}{,|} {necesito|ocupo} {que vengan hoy|resolverlo ya|la póliza hoy}',
    ],
    notOffer,
    'es',
  ),
  f(
    'hi.es-after-quote',
    HI,
    [
      '{ok|va|dale|perfecto} {lo quiero|vamos|empecemos}{|, ¿qué necesita?|, ¿qué sigue?}',
      '{sí|si}{,|} {mándeme|mándame} la solicitud',
      '{trato hecho|listo, apártelo|sí, apártelo}',
      '{perfecto|excelente}{,|} ¿dónde firmo?',
    ],
    ['quote'],
    'es',
  ),
  f(
    'hi.spanglish',
    HI,
    [
      'necesito {the|el} <product> {by|para} <deadline>',
      'ready para {firmar|empezar}{, send it|, mándame el link}',
      '<competitor> me dio <amount>{, can you beat it|, pueden mejorar?}',
      '{ok|dale} {im in|estoy in}{, que necesitan|, what do u need}',
    ],
    notOffer,
    'spanglish',
  ),

  // ---- outside the AI's confidence band ---------------------------------------------------------------------------
  f(
    'oc.my-payment',
    OC,
    [
      '{whats|what would be|what is} my {payment|monthly|monthly payment|rate} {on|for|with} <amount>{|?}',
      'how much would i {pay|be paying} {a month|monthly|per month} {on|for|with} <amount>{|?}',
      'what {rate|apr|interest} would {i|we} get {with|at} {a <score>|<score> credit|my credit}{|?}',
      'if i put {10%|5k|20%|nothing} down whats {my|the} {payment|monthly} {gonna be|going to be|}{|?}',
    ],
    notOffer,
  ),
  f(
    'oc.eligibility',
    OC,
    [
      'would {<detail>|my credit|my income} {stop me|be a problem|disqualify me}{|?}',
      'do i {qualify|still qualify} {with|if i have} <detail>{|?}',
      'can i {get approved|get covered|still get it|be approved} with <detail>{|?}',
      'will {they|you|the bank|the carrier} {accept|approve|take} {me|someone} with <detail>{|?}',
    ],
    notOffer,
  ),
  f(
    'oc.legal',
    OC,
    [
      'do i need a permit for {the|a} <product>{|?}',
      'can {my|the} hoa {stop|block|say no to} {this|the <product>|it}{|?}',
      'can i break my lease {early|without a penalty|if i buy}{|?}',
      'is it {legal|allowed} to {rent out|sublet|airbnb} {my basement|the house|it}{|?}',
    ],
    notOffer,
  ),
  f(
    'oc.tax',
    OC,
    [
      'is the {tax credit|interest|<product>} {refundable|deductible|a write off}{|?}',
      'will {this|the <product>|selling} {affect|mess up|change} my taxes{|?}',
      'can i write off {the|my} <product> {for my business|on my taxes|}{|?}',
      'do i {pay|owe} {capital gains|taxes} if i {sell|cash out|refi}{|?}',
    ],
    notOffer,
  ),
  f(
    'oc.coverage',
    OC,
    [
      'does {my|the} {policy|plan|warranty} cover {flood|hail|water damage|theft|mold|a cracked heat exchanger}{|?}',
      'would {<detail>|my teen driver|my dog} {be covered|raise my rate|cause a problem}{|?}',
      'is {roof|storm|pipe|engine} damage covered if {it was old|i didnt report it|it happened before}{|?}',
      'what happens if i {file a claim|have an accident|miss a payment} {in the first month|right after signing}{|?}',
    ],
    notOffer,
  ),
  f(
    'oc.custom-price',
    OC,
    [
      'how much {for|would it be for|to} {the|a} <product> on {a 2000 sq ft house|my place|<detail>}{|?}',
      'what would it cost {exactly|all in|out the door} {to replace|for} {my|the} <product>{|?}',
      'whats the {exact|real|actual} price {for|with} <detail>{|?}',
      'give me {an exact|a real|the actual} number {for|on} {my|the} <product> {with|given} <detail>',
    ],
    notOffer,
  ),
  f(
    'oc.compliance',
    OC,
    [
      'are you {hipaa|soc 2|pci|gdpr} compliant{|?}',
      'can {you|u} sign {our|a} {baa|dpa|custom msa}{|?}',
      'does {it|the data} stay in {the eu|the us|our region} for {gdpr|compliance|legal}{|?}',
      'will {this|the <product>} pass {our|a} {security review|procurement audit|vendor risk assessment}{|?}',
    ],
    notOffer,
  ),
  f(
    'oc.technical',
    OC,
    [
      'does it {integrate|work} with {our|an} {on prem|custom|legacy} {sap|oracle|erp|system}{|?}',
      'can {the|a} <product> {run|handle|power} {my well pump|the whole house|our old wiring|<detail>}{|?}',
      'will {panels|it|the <product>} work on {a slate roof|<detail>|a 100 year old house}{|?}',
      'what {load|size|capacity} do i need for <detail>{|?}',
    ],
    notOffer,
  ),
  f(
    'oc.contract-terms',
    OC,
    [
      'whats the {penalty|fee} if i {cancel|back out|end it early}{|?}',
      'what happens to the {lease|loan|contract|<product>} if i sell the house{|?}',
      'can i get out of the {contract|lease|agreement} after {a year|6 months}{|?}',
      'who {is liable|pays} if {the install damages my roof|something breaks|the car gets totaled}{|?}',
    ],
    notOffer,
  ),
  f(
    'oc.es',
    OC,
    [
      '¿cuánto sería mi pago {mensual|al mes} con <amount>?',
      '¿{califico|puedo calificar} si tengo {ITIN|mal crédito|ingresos en efectivo}?',
      '¿necesito {permiso|un permiso de la ciudad} para {los paneles|el techo|eso}?',
      '¿mi póliza cubre {inundaciones|granizo|robo|daños por agua}?',
    ],
    notOffer,
    'es',
  ),
  f(
    'oc.es-2',
    OC,
    [
      '¿puedo deducir {los intereses|eso} en mis impuestos?',
      '¿qué tasa me dan con {crédito de <score>|mi crédito}?',
      '¿qué pasa si {cancelo|vendo la casa} antes de que termine el contrato?',
      '¿me aprueban con {una bancarrota|un ITIN|una deuda en cobranza}?',
    ],
    notOffer,
    'es',
  ),
  f(
    'oc.spanglish',
    OC,
    [
      'cuanto seria {my|mi} payment {on|con} <amount>{|?}',
      '{do i qualify|califico} {con|with} {mi ITIN|<detail>}{|?}',
      'la hoa {can stop|puede parar} {the|los} <product>{|?}',
      'is the tax credit {reembolsable|refundable} {o no|or no}{|?}',
    ],
    notOffer,
    'spanglish',
  ),

  // ---- sentiment shift ----------------------------------------------------------------------------------------------
  f(
    'ss.anger',
    SS,
    [
      'this is {ridiculous|a joke|useless|bs|insane|garbage}{|!|!!|.}',
      '{wtf|what the hell|are you kidding me|seriously}{|??|!!}',
      'stop wasting my time{|!|.| with these questions}',
      '{im|i am} {so done|fed up|pissed|over this}{| with this| with you guys|}',
    ],
    all,
  ),
  f(
    'ss.not-listening',
    SS,
    [
      '{youre|ur|you are} not {listening|reading what i write|paying attention}{|!|.}',
      'i {already|literally} {said|told you|answered that}{| twice| like 3 times|.}',
      'i said {under|below|no more than} <amount>{| not more|. read|}',
      '{read|scroll up|look at} my {last|previous} {msg|message|text}{|!|.}',
    ],
    all,
  ),
  f(
    'ss.sarcasm',
    SS,
    [
      '{wow|oh wow} so {helpful|useful}{| 🙄| lol|.}',
      '{great|cool|awesome}{,|} another {question|bot|form}{| 🙄|.}',
      'thanks for {nothing|the runaround|wasting my afternoon}{|.}',
      '{love|i love} answering the same question {5|five|10} times{| 🙃|}',
    ],
    all,
  ),
  f(
    'ss.suspicion',
    SS,
    [
      'how did you get my {number|info|phone number}{|?|??}',
      '{who gave you|where did u get} my {info|number|details}{|?}',
      'i never {signed up|asked} for this{|.| stop}',
      'is this a {scam|spam thing}{|?|??}',
    ],
    all,
  ),
  f(
    'ss.confusion',
    SS,
    [
      '{im|i am} {so|really|totally} {confused|lost}{| now| what|}',
      'what does that even mean{|??|?}',
      'that makes {no|zero} sense{|.| at all}',
      'huh{|??|?} i asked about {the <product>|something else|pricing}',
    ],
    all,
  ),
  f(
    'ss.impatience',
    SS,
    [
      '{hello|helloooo|hellooo}{??|???|?}',
      '{still|been} waiting{| for an answer| on this}{|.|...}',
      '{its|it has} been {3 days|a week|two days} and {nobody|no one} {called|got back to me}',
      'why is this taking {so long|forever}{|?}',
    ],
    all,
  ),
  f(
    'ss.repeat-context',
    SS,
    [
      'i told you {twice|already|before} {its|it is} <amount>',
      '{again|AGAIN}{?|??} i answered this',
      'same question {again|for the third time}{|??}',
      'you asked me that {already|5 min ago}{| 🙄|}',
    ],
    all,
  ),
  f(
    'ss.fed-up',
    SS,
    [
      '{forget it|never mind|nvm}{,|.} {im going elsewhere|ill go with <competitor>|not worth it}',
      'this is why i hate dealing with {companies like this|you people|these places}',
      '{worst|terrible|horrible} {service|experience} ive had',
      '{unbelievable|unreal}{|.| how hard is it to get an answer}',
    ],
    all,
  ),
  f(
    'ss.es',
    SS,
    [
      '{ya le dije|ya te dije} que {no|<amount>}',
      'esto es {ridículo|una burla|una pérdida de tiempo}',
      '{no entiendo nada|no entiendo|estoy confundida|estoy confundido}{|?|.}',
      '¿de dónde sacaron mi número{|?}',
    ],
    all,
    'es',
  ),
  f(
    'ss.es-2',
    SS,
    [
      '{qué mal servicio|pésimo servicio|qué falta de respeto}',
      '{ya me cansé|estoy harto|estoy harta}{| de esto| de las preguntas}',
      '{no me están escuchando|no lee lo que escribo}',
      'llevo {tres días|una semana} esperando {y nada|una respuesta}',
    ],
    all,
    'es',
  ),
  f(
    'ss.spanglish',
    SS,
    [
      'this is {ridículo|una burla}{|, seriously}',
      'ya te dije {already|twice}{, its <amount>|}',
      '{no entiendo|im confused} what {you mean|eso significa}',
      'como que {another question|otra pregunta}{| 🙄|??}',
    ],
    all,
    'spanglish',
  ),

  // ---- "are you a bot?" ---------------------------------------------------------------------------------------------
  f(
    'id.are-you',
    ID,
    [
      '{are you|r u|are u|ru} {a bot|a robot|real|a real person|human|an ai|a machine|a person}{|?|??}',
      '{wait|hold on|hmm|lol} {are you|r u} {a bot|real|a person|human}{|?}',
      '{are you|r u} {a person|human} or {a bot|ai|a robot}{|?}',
      '{is this|this is} {a bot|automated|an ai|a robot|a real person}{|?|??}',
    ],
    all,
  ),
  f(
    'id.talking-to',
    ID,
    [
      'am i {talking|texting|chatting} {to|with} {a bot|ai|a real person|a human|a computer|a robot}{|?|??}',
      'who am i {talking|texting} to{| a bot?| a person?|?}',
      'is {a human|a person|someone real} {reading|answering|typing} {this|these}{|?}',
      '{is this|this} {chatgpt|an automated system|a chatbot}{|?}',
    ],
    all,
  ),
  f(
    'id.suspect',
    ID,
    [
      '{you sound|this sounds|u sound} like a {bot|robot|script}{. are you one|, are you real|?}',
      '{be honest|honestly}{,|} {are you|is this} {ai|a bot|a real person}{|?}',
      'is this {an actual|a real|a live} {person|human} {or|or an} {a bot|automated|ai}{|?}',
      'are these {texts|messages} {automated|from a bot|written by ai}{|?}',
    ],
    all,
  ),
  f(
    'id.check',
    ID,
    [
      'quick q{,|} {bot or human|human or bot|real or ai}{|?}',
      '{wait|hold up} is this {an ai|a real human|just a program}{|?}',
      'are you {a real|an actual} {human being|live person}{|?}',
      'is there a {real|live} person {typing|on the other end}{|?}',
    ],
    all,
  ),
  f(
    'id.es',
    ID,
    [
      '¿{eres|es usted} {un robot|un bot|una persona real|humano|una máquina}?',
      '¿estoy hablando con {una máquina|un robot|una persona|un humano}?',
      '¿{esto|esto es} {automático|un bot|inteligencia artificial}?',
      '{eres|es} {humano|persona} o {robot|bot|máquina}{|?}',
    ],
    all,
    'es',
  ),
  f(
    'id.es-2',
    ID,
    [
      '¿{hablo|estoy texteando} con {una persona real|alguien de verdad|un robot}?',
      '¿{quién|quien} me {escribe|contesta}, {una persona|un robot}?',
      '¿es {una IA|un chatbot|un programa}{|?}',
      '¿{usted|tú} es real{|?}',
    ],
    all,
    'es',
  ),
  f(
    'id.spanglish',
    ID,
    [
      '{are you|r u} {un robot|una persona real}{|?}',
      '{eres|es} {a bot|ai|real}{|?}',
      'estoy hablando {with|con} {a bot|a real person|ai}{|?}',
      'is this {automático|un bot}{|?}',
    ],
    all,
    'spanglish',
  ),
  f(
    'id.plus-request',
    [...ID, ...ER],
    [
      '{is this a bot|are you a bot|r u real}{?|} {i want|get me|i need} a {real person|human|person}',
      '{are you|r u} {a robot|ai}{?|} {put me through to|connect me with} {someone|a human}',
      '{if youre|if ur} a bot {get me|i want} a {person|human}',
      '{eres un robot|es un bot}{?|} quiero hablar con una persona',
    ],
    all,
  ),

  // ---- several signals at once --------------------------------------------------------------------------------------
  f(
    'multi.angry-request',
    [...SS, ...ER],
    [
      'this is {ridiculous|useless|a joke}{,|.|} {just|} {have a person call me|get me a human|let me talk to someone}',
      '{youre|ur} not listening{.|,} {get me|i want} {the <person>|a real person|a human}',
      'stop {asking|texting} me {questions|the same thing} and {have someone call me|put me with a person}',
      'ugh{,|.} {can someone|somebody} {just|please} call me{| this is taking forever}',
    ],
    all,
  ),
  f(
    'multi.deadline-request',
    [...HI, ...ER],
    [
      'need {it|this|the <product>} by <deadline>{,|.} {have the <person> call me|can someone call me|let me talk to someone}',
      '{my|our} {lease|contract|policy} {ends|expires} <deadline>{,|} {i need to talk to|get me} {a person|the <person>}',
      'ready to {sign|move forward}{,|.} {call me|have someone call me} <time>',
      '{its urgent|asap}{,|.} {please have|have} {someone|the <person>} call me{| now}',
    ],
    all,
  ),
  f(
    'multi.deadline-price',
    [...HI, ...OC],
    [
      'need to close by <deadline>{,|.} whats my {rate|payment} with {a <score>|<score> credit}{|?}',
      '{ready to|want to} {buy|sign} this week{,|.} {do i qualify|can i get approved} with <detail>{|?}',
      '{my|our} {lease|policy} {ends|expires} <deadline>{,|} {how much would|whats} my {premium|payment} {be|}{|?}',
      'want to {lock it in|start} {today|asap}{,|} but is the {tax credit|interest} {refundable|deductible}{|?}',
    ],
    notOffer,
  ),
  f(
    'multi.angry-price',
    [...SS, ...OC],
    [
      'i {asked|said} {twice|already}{,|.} {whats|what is} my {payment|rate|premium} {on|for} <amount>{|?}',
      '{this is useless|youre not helping}{,|.} {do i qualify|can i get approved} with <detail> or not',
      '{ugh|seriously}{,|} just tell me {if my hoa can block it|the exact price|my rate}',
      'stop dodging{,|.} {how much would i pay|whats it gonna cost me} {a month|exactly}{|?}',
    ],
    notOffer,
  ),
  f(
    'multi.es',
    [...HI, ...ER],
    [
      'necesito {la póliza|el préstamo} para <deadlineEs>{,|.} que me llame {un asesor|alguien}',
      '{estamos listos|estoy lista|estoy listo} para firmar{,|.} {llámenme|me pueden llamar} <timeEs>',
      '{es urgente|urge}{,|.} quiero hablar con {una persona|alguien}',
      '{mi contrato vence|el contrato se acaba} <deadlineEs>{,|} {necesito hablar con|páseme con} alguien',
    ],
    all,
    'es',
  ),

  // ---- nothing to hand off: answers, small talk, questions the AI can answer ----------------------------------------
  f(
    'none.answers',
    NO,
    [
      '{around|about|like|maybe} <amount>{| give or take|}',
      '{good|pretty good|decent|fair} credit{| i think|, maybe <score>}',
      '{its|it is} {my primary home|a rental|for my mom|our first place}',
      '{3|4|2} {bed|bedroom} {2|3} bath{| ideally| at least}',
    ],
    ['qualify'],
  ),
  f(
    'none.acks',
    NO,
    [
      '{ok|okay|k|kk|got it|cool|thanks|thx|ty|sounds good|perfect|great}{|!|.| 👍| 🙂}',
      '{ok|okay} {thanks|ty|thank you}{| for the info|}',
      '{makes sense|good to know|gotcha|understood}{|.|!}',
      '{lol ok|haha ok|nice|oh nice}',
    ],
    ['info'],
  ),
  f(
    'none.general-questions',
    NO,
    [
      'do you {do|offer|have} <product>{|s}{|?}',
      'what {areas|cities|states} do you {cover|serve|work in}{|?}',
      'how does {the process|it|this} work{|?}',
      '{are you|r u} open on {weekends|saturday|sundays}{|?}',
    ],
    ['qualify', 'info'],
  ),
  f(
    'none.general-price',
    NO,
    [
      'do you {charge|charge anything} for {quotes|estimates|a consultation}{|?}',
      'what are {rates|prices} like {right now|these days|in general}{|?}',
      'is there a fee to {get started|get a quote|sign up}{|?}',
      'how much is {the basic plan|the starter plan|a tune up|the inspection} usually{|?}',
    ],
    ['qualify', 'info'],
  ),
  f(
    'none.person-mention',
    NO,
    [
      'my {realtor|agent|husband|wife|accountant|dad} {is|will be} handling {the paperwork|that part|most of this}',
      'the <person> {i had|we used} last time was {great|really nice|super helpful}',
      '{my|our} <person> already has {the docs|my info|everything}',
      '{<name>|my sister} {is|works as} a <person> {lol|actually|}',
    ],
    ['qualify', 'info'],
  ),
  f(
    'none.past',
    NO,
    [
      'i {talked|spoke} to {someone|a guy|a lady|the <person>} {last week|yesterday|a while ago}{ and they said to text here|}',
      '{someone|a <person>} called me {yesterday|last week|this morning} about {it|the <product>}',
      'we {had|used} {a|an} <person> {last time|years ago} {when we bought|for our first place}',
      'the <person> came out {last year|in may} and {fixed it|said it was fine}',
    ],
    ['qualify', 'info'],
  ),
  f(
    'none.negated',
    NO,
    [
      '{dont|do not|no need to} {call|have anyone call}{| me}{, text is fine|. text only pls|}',
      '{no calls please|please no calls|no phone calls}{, just text|. text is better|}',
      'not ready to talk to {anyone|a person|the <person>} yet{, just looking|}',
      'i dont {want|need} {a salesman|a <person>|anyone} {calling me|to call|bugging me}{| yet|}',
    ],
    ['qualify', 'info'],
  ),
  f(
    'none.reported',
    NO,
    [
      'my {wife|husband|dad|mom} said {to|i should} talk to a real person {first|before signing|lol}',
      'my {friend|neighbor|coworker} said your {agents|people|techs} are {good|great|easy to work with}',
      '{my dad|my boss} told me to ask for {a manager|the owner} lol',
      'my {brother|sister} {talked to|worked with} {a|your} <person> and {liked them|said good things}',
    ],
    ['qualify', 'info'],
  ),
  f(
    'none.distant',
    NO,
    [
      '{thinking|probably|maybe} <distant>{| no rush|}',
      'just starting to {look|research|think about it}{, probably <distant>|}',
      '{no rush|not in a hurry} {at all|}{, maybe <distant>|}',
      'not until <distant>{ honestly|}{| just curious for now|}',
    ],
    ['qualify'],
  ),
  f(
    'none.declines-offer',
    NO,
    [
      '{no thanks|nah|not yet|no thank you|not right now|maybe later}{|, text is fine|, just text me|}',
      '{nah|no} {just|} {text|email} me the info{| pls|}',
      '{not now|not yet}{,|} im {at work|busy|just looking}',
      'no need{,|} {i can do it here|text works|this is fine}',
    ],
    ['offer', 'schedule'],
  ),
  f(
    'none.yes-to-question',
    NO,
    [
      '{yes|yeah|yep|ya|sure}{|!|.}',
      '{yes|yeah} {it is|we do|i am|i have}{| 👍|}',
      '{no|nope|nah}{|, not really|.}',
      '{correct|right|exactly}{|!|.}',
    ],
    ['qualify'],
  ),
  f(
    'none.mild',
    NO,
    [
      '{hmm|hm|hmmm} let me think{| about it|}',
      '{haha|lol} {no worries|all good|my bad}',
      '{sorry|sry} {was at work|was driving|was busy}{, whats next|. ok|}',
      "{not bad|that's wild|interesting|oh wow thats cheaper than i thought}{| lol|}",
    ],
    ['qualify', 'info', 'quote'],
  ),
  f(
    'none.slang-words',
    NO,
    [
      '{damn|dang} {thats a good rate|thats cheap|that was fast}{| lol|}',
      '{sick|killer|crazy good} {truck|deal|price}{| 🔥|}',
      'got my dumb bells in the garage so {need|want} room{| lol|}',
      '{the old roof|my old car|our old ac} is {terrible|awful|trash} lol thats why im looking',
    ],
    ['qualify', 'info'],
  ),
  f(
    'none.details',
    NO,
    [
      'zip is {78704|30318|85016|60614|33130|98103}',
      'we {have|own} {2|two|3} {cars|trucks|vehicles}',
      '{about|roughly} {2000|1800|2400} sq ft',
      '{we use|using} {spreadsheets|excel|a whiteboard|<competitor>} {rn|right now|for now}',
    ],
    ['qualify'],
  ),
  f(
    'none.info-request',
    NO,
    [
      '{can you|could u} {send|email|text} me {some info|the brochure|more details}{|?}',
      'whats your {website|email|address}{|?}',
      'do you have {reviews|photos|a link} i can look at{|?}',
      'what {brands|models|plans} do you {carry|have|offer}{|?}',
    ],
    ['qualify', 'info'],
  ),
  f(
    'none.bot-mention',
    NO,
    [
      'my {son|kid|boss} uses chatgpt for {everything|work} lol',
      'your {website|app} {chat|chatbot} {sent me here|said to text this number}',
      'is this the right number for {the <product>|quotes|<name>}{|?}',
      'the {robot|robotic} vacuum {is|was} {on sale|a gift} lol',
    ],
    ['qualify', 'info'],
  ),
  f(
    'none.es-answers',
    NO,
    [
      '{como|unos|más o menos} <amount>',
      '{sí|si}{,|} es para {mi casa|vivir|mi familia}',
      '{tenemos|son} {dos|tres} {carros|conductores}',
      '{ok|gracias|perfecto|va|está bien}{|!|.}',
    ],
    ['qualify', 'info'],
    'es',
  ),
  f(
    'none.es-negatives',
    NO,
    [
      '{hablé|platiqué} con alguien {la semana pasada|ayer|hace un mes}',
      'no necesito que me llamen{,|.} {por texto está bien|mejor por mensaje}',
      'mi {esposo|esposa|hermano} {maneja|ve} eso',
      '{todavía no|aún no}{,|} {apenas estoy viendo|tal vez el próximo año}',
    ],
    ['qualify', 'info'],
    'es',
  ),
  f(
    'none.es-questions',
    NO,
    [
      '¿ofrecen {financiamiento|préstamos FHA|seguro de casa|paneles}?',
      '¿en qué {zonas|ciudades} trabajan?',
      '¿cómo funciona el proceso?',
      '¿cobran por la {cotización|visita|consulta}?',
    ],
    ['qualify', 'info'],
    'es',
  ),
  f(
    'none.es-declines',
    NO,
    [
      '{no gracias|ahorita no|todavía no|luego}{|, por mensaje está bien}',
      'no{,|} mejor {mándeme|mándame} la información por {texto|correo}',
      '{ahorita estoy|estoy} en el trabajo{, luego|, después}',
      'no hace falta{,|} {por aquí está bien|así está bien}',
    ],
    ['offer', 'schedule'],
    'es',
  ),
  f(
    'none.spanglish',
    NO,
    [
      '{ok|va} {thanks|gracias}{, lo pienso|, ill think about it|}',
      'es para {my|mi} {mom|mamá}{, she lives with us|}',
      'maybe {el próximo año|next year}{, no rush|}',
      '{hablé|talked} {con|to} {someone|alguien} {last week|la semana pasada}',
    ],
    ['qualify', 'info'],
    'spanglish',
  ),
  // Added after the first model: one- and two-word answers to a qualifying question, and a "sure" to the AI
  // offering information rather than a person (the model had read every short reply as a request).
  f(
    'none.short-answers',
    NO,
    [
      '{buying|buy|selling|refi|refinance|both|neither|purchase|cash out}{|!|.| i think|, probably}',
      '{auto|home|life|renters|bundle|umbrella|used|new|lease|financing|cash|both|the suv|a truck|solar|battery|gas|electric}{|.| pls| i guess}',
      '{one|two|three|four|1|2|3|5|10|40|120|a few|just me|me and my {wife|husband|son}|my family}{|.| people| of us}',
      '{like|about|around|maybe|under|over} {30|40|25k|350|2k|15|600|1200|20 years}{| or so| tops|}',
    ],
    ['qualify'],
  ),
  f(
    'none.accepts-info',
    NO,
    [
      '{sure|yes|yeah|ok|okay|yes please|sure thing|pls do|go ahead|that works|why not}{|!|.| 👍| thx}',
      '{sure|yes|ok}{,|} {send it|email is fine|text it|send it over|thats fine}',
      '{yes|yeah} {email|text} {please|pls|is better}',
      '{sure|ok} {thanks|ty}{| ill take a look| will check it out}',
    ],
    ['sendInfo'],
  ),
  f(
    'none.more-answers',
    NO,
    [
      '{blue|gray|white|black} {or|and} {gray|silver|red}',
      '{no|nope|not really|none}{, first time|, never had one|, just starting|}',
      '{call coaching|reporting|forecasting|follow ups|scheduling|a dialer|lead routing}{| mostly| honestly|}',
      '{its|it is} {a|an} {2019 civic|old ranch|townhouse|single story|two story|condo}',
    ],
    ['qualify'],
  ),
  f(
    'none.es-short',
    NO,
    [
      '{comprar|vender|refinanciar|usado|nuevo|auto|casa|vida|los dos|ambos}{|.}',
      '{sí|si|ok|va|claro}{,|} {mándelo|mándemelo|por correo|por texto está bien}',
      '{dos|tres|uno|solo yo|mi esposa y yo}',
      '{como|unos|más o menos} {30|300 mil|2 mil|15 años}',
    ],
    ['qualify', 'sendInfo'],
    'es',
  ),
  // A second round of families, written after the first model, for phrasings the first round lacked.
  f(
    'hi.when-can-start',
    HI,
    [
      '{what|whats} the {earliest|soonest} {you|u} can {start|install|close|deliver|come out|get it done}{|?}',
      '{is|whats} {there|the} {anything|an opening|a slot} {tomorrow|this week|before the weekend|today}{|?} {we want it done|need it|}',
      'how {fast|quick|soon} {do you|can you|could u} {get|have} {it|the <product>|someone} {done|installed|out here|ready}{|?}',
      '{we|i} {can|could} {start|sign|pay the deposit} {tomorrow|today|monday} if {that works|the numbers work|you can fit us in}',
    ],
    notOffer,
  ),
  f(
    'hi.decided',
    HI,
    [
      '{we|i} {talked it over|thought about it|decided} and {want to|are going to|will} {go ahead|do it|move forward|buy it|sign}',
      '{my wife|my husband|my partner|my boss|the team} {said yes|approved it|signed off}{, lets go|, what now|. ready}',
      '{ok|alright} {lets|lets just} {book|lock|schedule|start} {it|the install|the <product>|this}{| today| asap|}',
      'take my {card|deposit|money}{| lol|} {i want|we want} {it|the <product>|this done}',
    ],
    notOffer,
  ),
  f(
    'hi.timeline-months',
    HI,
    [
      '{hoping|planning|trying} to {close|buy|move|switch|install|be in} {within|in} {30 days|2 weeks|a month|the next 3 weeks|10 days}',
      '{need|want} {it|everything|the <product>} {wrapped up|done|in place|sorted} before {<deadline>|school starts|the baby comes|we move}',
      '{our|my} {closing|move in|start|go live} date is <deadline>{, tight timeline|, can you hit that|}',
      '{we have|i have|only have} {2|3|two|three} weeks to {find something|get this done|close|get coverage}',
    ],
    notOffer,
  ),
  f(
    'hi.es-3',
    HI,
    [
      '¿{qué tan pronto|cuándo es lo más pronto} {pueden|puede} {empezar|venir|instalar}?',
      '{ya lo platicamos|ya decidimos} y {queremos|vamos a} {seguir|firmar|comprarlo}',
      '{necesitamos|ocupamos} {cerrar|mudarnos|la póliza} en {dos semanas|un mes|10 días}',
      '{mañana|hoy|el lunes} {puedo|podemos} dar el depósito',
    ],
    notOffer,
    'es',
  ),
  f(
    'ss.process',
    SS,
    [
      'why {do i|do you need me to|should i} {have to|} {repeat|answer|fill out} {this|all this|the same thing} {again|twice|every time}{|??}',
      '{this|this process|the whole thing} is {exhausting|a nightmare|a mess|way too complicated}{|.| honestly}',
      '{every time|each time} i {text|ask|call} {i get|its} {a different answer|another question|the runaround}',
      '{just|can you just} answer {the|my} question{|!|!!| please}',
    ],
    all,
  ),
  f(
    'ss.disappointed',
    SS,
    [
      '{pretty|really|so} {disappointed|frustrated|annoyed|irritated} {with|by} {this|how this is going|the service|you guys}',
      '{not happy|unhappy} {at all|with the answers|with this}{|.|!}',
      'i {expected|thought} {better|this would be easier|a straight answer}{|.| honestly}',
      '{this is going nowhere|we are going in circles|im getting nowhere}{|.|!}',
    ],
    all,
  ),
  f(
    'ss.short-fuse',
    SS,
    [
      '{ugh|smh|omg|jeez|ffs}{|.| again|!!| 🙄}',
      '{seriously|come on|really} {now|dude|man|guys}{|??|!!}',
      '{no|NO}{.|!} {i said|i told you|not} {that|<amount>|this}{|!}',
      '{stop|quit} {asking|texting|spamming} {me|}{|!|.}',
    ],
    all,
  ),
  f(
    'ss.es-3',
    SS,
    [
      '{qué fastidio|qué molesto|qué horror}{|, otra vez}',
      '¿por qué {me preguntan|tengo que repetir} {lo mismo|todo} otra vez?',
      '{no me sirve|no me ayuda} {para nada|en nada}{| esto}',
      '{ya basta|deje de} {de preguntas|mandarme mensajes}',
    ],
    all,
    'es',
  ),
  f(
    'er.want-call',
    ER,
    [
      "{id|i would|i'd} {like|love|appreciate} a {call|phone call|quick call} {from|with} {someone|the <person>|a person}{| today| <time>}",
      '{a|one} {call|phone call} would be {easier|better|great}{, {can|could} {someone|the <person>} {reach out|call}|}',
      '{can|could} {we|i} {hop|jump|get} on {the phone|a call} {with|w} {someone|the <person>|a person}{| real quick|}',
      '{rather|prefer to} {hear|talk} it {from|with} a {real|live|actual} {person|human}',
    ],
    all,
  ),
  f(
    'er.need-help-person',
    ER,
    [
      'i need {someone|a person|a human} to {help me|walk me through|look at|explain} {this|the <product>|my situation}',
      '{need|want} {a|some} {real|actual|human} help{|, not a bot| from a person}',
      'can {i|we} get {someone|a person|the <person>} to {look at|go over|review} {my|the} <product>{| with me}',
      '{please|pls} {escalate|pass} this to {someone|a person|the <person>|a supervisor}',
    ],
    all,
  ),
  f(
    'er.es-3',
    ER,
    [
      '{necesito|ocupo} que alguien me {ayude|explique|atienda}{| por teléfono| en persona}',
      '{mejor|prefiero} {una llamada|por teléfono}{, ¿me pueden marcar?|, llámenme}',
      '¿{me pasa|me comunica} con {su supervisor|el encargado|un humano}?',
      '¿{puede|podría} {alguien|el asesor} {revisar|ver} mi caso {conmigo|por teléfono}?',
    ],
    all,
    'es',
  ),
  f(
    'oc.depends',
    OC,
    [
      '{what|how much} would {i|we} {save|get back|pay in interest} {with|on|for} <detail>{|?}',
      '{is|would} {my|our} {situation|case|house|credit} {eligible|ok|good enough} for {the <product>|the program|the rebate|approval}{|?}',
      '{can|could} you {tell me|say} {exactly|for sure} {if|whether} {i|we} {qualify|get approved|are covered}{|?}',
      'what {documents|paperwork|proof} {do i|would i} need {with|for|if i have} <detail>{|?}',
    ],
    notOffer,
  ),
  f(
    'none.who-is-this',
    NO,
    [
      '{who is this|whos this|who dis}{|?| lol}',
      '{is this|this is} {<name>|the right number|the office|the number from the ad}{|?}',
      '{are you|r u} {guys|all} {open|local|hiring|licensed} {today|here|in texas|}{|?}',
      '{is this a|is that a} {good time|real offer|limited deal|fixed rate}{|?}',
    ],
    ['qualify', 'info'],
  ),
  f(
    'none.third-party',
    NO,
    [
      '{my|our} {agent|realtor|lawyer|accountant|dad} {will|is going to} call {you|your office} {tomorrow|later|this week}',
      '{the|your} <person> {texted|called|emailed} me {already|earlier|this morning}, {all good|thanks|just confirming}',
      'i {work|worked} {with|for} a <person> {years ago|at my old job}{ lol|, small world|}',
      '{my|our} {neighbor|friend|brother} {needs|wants} to talk to someone about {solar|a roof|insurance} too, ill pass your number',
    ],
    ['qualify', 'info'],
  ),
  f(
    'none.later',
    NO,
    [
      '{ill|i will|let me} {think about it|talk to my wife|check my budget|look at the numbers} and {get back to you|text you back|let you know}',
      '{not this year|after tax season|once we sell|when the lease is up next year} {probably|maybe|}',
      '{just|only} {gathering|collecting|comparing} {info|quotes|options} {for now|right now|at the moment}',
      '{busy|swamped} {this week|right now|today}{, ill reach out later|, maybe next month|}',
    ],
    ['qualify', 'info', 'quote'],
  ),
  f(
    'none.es-who',
    NO,
    [
      '¿{quién habla|quién es}{|?}',
      '¿{están|trabajan} {abiertos|en mi zona} {hoy|el sábado|}{|?}',
      '{lo voy a pensar|lo hablo con mi esposo|déjeme ver} y le aviso',
      '{solo estoy|nada más estoy} {comparando|viendo} {precios|opciones}',
    ],
    ['qualify', 'info', 'quote'],
    'es',
  ),
  // A third round, written before the final model for ways of saying things the first two rounds lacked.
  f(
    'er.manager',
    ER,
    [
      '{let me|can i|i want to} {speak|talk} {to|with} {your|the} {manager|supervisor|boss|owner}{| please| now|}',
      '{get|put} {your|the} {manager|supervisor|owner} on {the phone|this|here}',
      '{i want|id like} {the|your} {manager|owner|supervisor}{| to call me|}',
      '{escalate|bump} {this|me} {up|to a manager|to someone senior}',
    ],
    all,
  ),
  f(
    'er.who-can',
    ER,
    [
      'who {can|should} i {talk to|call|speak with} about {the <product>|this|my options}{|?}',
      'is there {someone|anyone|a person} who can {help|explain|go over} {this|the <product>} {with me|by phone|}{|?}',
      'who do i {call|phone|reach} {about|for} {the <product>|this|a quote}{|?}',
      '{whats|what is} the {best|direct} {way|number} to {reach|get} {a person|someone|the <person>}{|?}',
    ],
    all,
  ),
  f(
    'er.es-4',
    ER,
    [
      '{márcame|marcame|llámame|llamame|háblame|hablame} {al cel|porfa|cuando puedas|<timeEs>}',
      '¿{me marca|me llama|me habla} {alguien|el asesor|usted}{| hoy| <timeEs>}?',
      '{mejor|prefiero} {que me hablen|hablar por teléfono|una llamada}',
      '¿con quién {hablo|puedo hablar} {sobre|para} {el préstamo|la póliza|los paneles|esto}?',
    ],
    all,
    'es',
  ),
  f(
    'er.my-number',
    ER,
    [
      '{my|here is my|heres my} {number|cell} {512-555-0148|555 0199|its the one im texting from}{, call me|, have someone call| call anytime}',
      '{call|ring} {this number|my cell|me on this number} {whenever|<time>|asap}',
      '{best|easiest} {to|way is to} call me{| at <time>| on this number}',
      '{yes|ok} {call|ring} {this number|me here}{| <time>}',
    ],
    all,
  ),
  f(
    'hi.next-step',
    HI,
    [
      '{whats|what is} the next step{|?| to get started| to lock it in}',
      'what do you need from me to {get started|move forward|apply|lock it in|start}{|?}',
      'how do we {get this going|start|make it official|lock it in}{|?}',
      'send {me|over} whatever {i need|we need} to {sign|get started|apply}',
    ],
    notOffer,
  ),
  f(
    'hi.life-event',
    HI,
    [
      '{baby due|new baby coming} in {march|2 months|the spring} {need|and we need} {a bigger place|more coverage|to move fast}',
      '{my|our} car got {totaled|stolen|wrecked} {need|and i need} {a new one|a car|coverage} {this week|asap|by monday}',
      '{insurance|my carrier} {dropped|cancelled} me{,|} {need|i need} {coverage|a new policy} {now|today|asap}',
      '{job|new job|transfer} {starts|in} <deadline>{,|} {have to|need to} {buy|move|find a place} {fast|quick|before then}',
    ],
    notOffer,
  ),
  f(
    'hi.funds',
    HI,
    [
      '{i have|got|we have} the {cash|money|down payment|funds} {ready|in hand|in the bank}{, lets go|, ready to buy|}',
      '{budget is|funds are|financing is} {set|approved|ready|lined up}{| lets do it| and we want to start}',
      '{we|i} got {approved|pre approved|preapproved} for <amount>{| yesterday| this week}{, ready|}',
      '{deposit|earnest money} {is|can be} ready {today|tomorrow|this week}',
    ],
    notOffer,
  ),
  f(
    'hi.es-4',
    HI,
    [
      'lo {necesito|ocupo} para {hoy|ya|mañana}{| urgente}',
      '{es|son} para {ya|hoy}{, cuanto antes|}',
      '¿cuál es el siguiente paso{| para empezar}?',
      '{ya tengo|tenemos} el {enganche|dinero|depósito} {listo|ahorrado}',
    ],
    notOffer,
    'es',
  ),
  f(
    'ss.no-callback',
    SS,
    [
      '{you people|you guys|yall} never {call back|answer|respond|follow up}',
      'i{ve| have} {called|texted|emailed} {3|three|5|like 4} times {and nothing|already|with no answer}',
      '{nobody|no one} {ever|} {answers|calls back|gets back to me}{| here| at your company}',
      'still {no|not a} {call|reply|word} from {anyone|your team|the <person>}{|??}',
    ],
    all,
  ),
  f(
    'ss.threat',
    SS,
    [
      '{im|i am} {about to|going to|gonna} {leave a review|report this|cancel everything|file a complaint}',
      '{cancel|forget} {everything|the whole thing|my application}{, this is a mess|. done|}',
      '{last|final} {chance|warning} {or im gone|before i go elsewhere|}',
      '{ill|i will} {tell everyone|post about this|go to <competitor>} {if this keeps up|honestly|}',
    ],
    all,
  ),
  f(
    'ss.not-following',
    SS,
    [
      '{lost me there|you lost me|not following|wait what}{|??|?}',
      'i {dont|do not} {get it|understand what you mean|follow}{|??|.}',
      '{what|huh} are you {talking about|asking}{|??|?}',
      'that {doesnt|does not} answer my question{|.|!}',
    ],
    all,
  ),
  f(
    'ss.es-4',
    SS,
    [
      '{nadie|nunca} me {contesta|contestan|llama|regresan la llamada}',
      '{ya|mejor} no quiero nada{| con ustedes}',
      '{qué mal|que mal|terrible} {servicio|atención}',
      '¿{qué|que} me está preguntando{|?} no entiendo',
    ],
    all,
    'es',
  ),
  f(
    'oc.advice',
    OC,
    [
      'should i {buy now|wait for rates to drop|lock now|go 15 or 30 year|lease or buy}{|?}',
      'is {it|this|the <product>} worth it for {me|someone like me|my situation}{|?}',
      'which {plan|option|loan|policy} is {best|right} for {me|my situation|<detail>}{|?}',
      'would {refinancing|switching|adding a battery} {save me money|be smart|make sense} {for me|in my case|}{|?}',
    ],
    notOffer,
  ),
  f(
    'oc.es-3',
    OC,
    [
      '¿cuánto me {cobrarían|saldría} {por|con} {<detail>|la instalación|el seguro}?',
      '¿me {cubre|cubren} si {tengo un accidente|se inunda|me roban}?',
      '¿es legal {rentar|subarrendar} {el cuarto|la casa}?',
      '¿me conviene {comprar ahora|esperar|refinanciar}?',
    ],
    notOffer,
    'es',
  ),
  f(
    'none.polite',
    NO,
    [
      '{thank you so much|appreciate it|thanks a ton|much appreciated}{|!| 🙏}',
      '{have a good one|have a great day|talk soon|ttyl}{|!|}',
      '{ok cool|cool cool|sounds great|awesome}{, thanks|!|}',
      '{no worries|all good|no problem} {at all|}{| 🙂}',
    ],
    ['info', 'quote'],
  ),
  f(
    'none.es-more',
    NO,
    [
      'gracias por la {info|información}{| 🙏|}',
      '{sí|si}{,|} tengo {dos carros|una casa propia|buen crédito}',
      'es una casa de {una planta|dos pisos}',
      '{mi esposo|mi hija} {habló|hablo} con ustedes {el año pasado|antes}',
    ],
    ['qualify', 'info'],
    'es',
  ),
  f(
    'none.general-2',
    NO,
    [
      '{do you|do u} {work with|cover|serve} {first time buyers|self employed people|my area|older homes}{|?}',
      '{what|which} {lenders|carriers|brands|panels} do you {work with|use|carry}{|?}',
      '{how long|how many days} does {it|the process|install|approval} usually take{|?}',
      '{can i|could i} {do it|apply|sign up} online{|?}',
    ],
    ['qualify', 'info'],
  ),
  // A fourth round, written after the model read ordinary first messages as signals ("Hi, I'm looking to refinance
  // my house" as out of confidence): first messages with no AI turn before them (`open`), fuller answers to
  // qualifying questions, and small talk. Signal families that read the same with or without an AI turn may open
  // a conversation too (build-sales-set.ts), so having no AI turn says nothing by itself.
  f(
    'none.open-looking',
    NO,
    [
      '{hi|hey|hello|good morning|hi there|hey there|} {im|i am|we are|were} {looking|looking into|thinking about|interested in|shopping for|shopping around for} {a|an|some|} <product>{| for my house| for our family| for the business|}',
      '{hi|hey|hello|good afternoon} {i want|i would like|id like|wanted to get|looking to get|can i get} {a quote|some info|information|pricing info|an estimate|details} {on|for|about} {a|the|} <product>',
      '{saw|got|found} your {ad|post|flyer|listing|email|website} {about|for|on} <product>{|, whats the process|, can you tell me more|, how does it work}',
      '{hi|hello|hey} {i |}{just |}{filled out|submitted|sent} the form {on your site|online|on facebook|} {about|for} {a|the|} <product>',
    ],
    ['open'],
  ),
  f(
    'none.open-curious',
    NO,
    [
      '{hi|hey|hello}{| there} {im|i am} {curious|wondering} about <product>{| and how it works| for our place|}',
      '{hello|hi|hey}{| there} {just|} starting to {look|research|shop around} {for|into|at} <product>{|s}',
      '{a friend|my neighbor|my coworker|my brother|my sister} {recommended you|told me about you|said you guys are good|gave me this number}{| for <product>|}',
      '{hi|hey|hello} do you {guys |}{do|offer|handle|have} <product>{|s}{| in my area| around here|}{|?}',
    ],
    ['open'],
  ),
  f(
    'none.open-intro',
    NO,
    [
      '{hi|hello|hey} {this is|its|my name is} <name>{|, i filled out a form|, you texted me|, following up on the form}',
      '{hi|hey|hello} {i have a few|i have some|got a couple|quick} questions about <product>',
      '{hello|hi} {im|i am} a {first time|new|returning} {customer|buyer|client}{| looking at <product>|}',
      '{hi|hello|hey} {we just moved|we moved here recently|we just bought a place} and {are looking at|need to sort out|want info on} <product>',
    ],
    ['open'],
  ),
  f(
    'none.open-es',
    NO,
    [
      '{hola|buenas|buenos días|buenas tardes|buenas noches}{,|} {quiero|quisiera|me gustaría} {información|info|saber más|detalles} {sobre|de} {un préstamo|una casa|un seguro|los paneles solares|un presupuesto|un carro|su programa}',
      '{hola|buenas}{,|} {estoy|estamos} {buscando|viendo|pensando en} {casa|un seguro|refinanciar|paneles|un carro|una camioneta|un sistema para el negocio}',
      '{vi|encontré} su {anuncio|página|publicación} {en facebook|en internet|}{|, cómo funciona|, me interesa}',
      '{hola|buenas}{,|} {me interesa|me interesan} {el servicio|sus servicios|lo que ofrecen|la promoción}',
    ],
    ['open'],
    'es',
  ),
  f(
    'none.answers-detail',
    NO,
    [
      '{we|i} {bought|got} {it|the place|the house} {in|around|back in} {2015|2019|2021|2008|2012} and {owe|still owe|have} {about|around|like} <amount>{| left|}',
      '{yeah|yes|yep|no|nope}{,|} {its|it is} {a|} {single family|townhouse|condo|two story|ranch|duplex}{| with a basement| built in the 90s| on a corner lot|}',
      '{just|only|} me and my {wife|husband|partner|kids|mom|son|daughter}{| lol|}',
      '{probably|maybe|i think|leaning towards} {financing|cash|a lease|paying over time}{| but not sure yet| honestly|}',
    ],
    ['qualify'],
  ),
  f(
    'none.answers-facts',
    NO,
    [
      '{its|it is|the roof is|the unit is|the car is} {about|around|like|maybe} {5|8|10|12|15|20} {years old|yrs old|years}{| i think| or so|}',
      '{with|through|we have} {another company|a local guy|the bank|our old agent|my dads company} {right now|currently|for years|}{| and its fine|}',
      '{around|about|like|maybe} {10|25|40|60|150} {people|employees|of us|users}{| give or take|}',
      '{my|our} {zip|zip code|address} is {78704|30301|85210|60614|123 oak st|4410 pine ridge}',
    ],
    ['qualify'],
  ),
  f(
    'none.smalltalk',
    NO,
    [
      '{you too|same to you|thanks you too|likewise}{!|| 😊| 🙂}',
      '{haha|lol|lmao} {yeah|true|ok|for real}{| thats fair|}',
      '{no worries|no problem|np|all good} {take your time|thanks for checking|}{|!}',
      '{glad to help|of course|sure thing|anytime|happy to}{|!|.}',
    ],
    ['info', 'quote', 'qualify'],
  ),
  f(
    'none.es-answers-detail',
    NO,
    [
      '{la compramos|la compré} {en|hace} {2018|cinco años|diez años} y {debemos|debo} {como|unos} <amount>',
      '{somos|seríamos} {dos|tres|cuatro}{,|} {mi esposo y yo|con los niños|en la familia}',
      '{tiene|tenemos} {como|unos} {10|15|20} años {con ellos|con esa compañía|ahí}',
      '{igualmente|gracias igual|que le vaya bien}{|!| 🙂}',
    ],
    ['qualify', 'info'],
    'es',
  ),
  f(
    'none.open-es-2',
    NO,
    [
      '{hola|buenas|buen día}{,|} {me llamo|soy} <name>{|, llené el formulario|, me mandaron un mensaje}',
      '{hola|buenas}{,|} {tengo|traigo} {unas preguntas|una pregunta|dudas} {sobre|de} {el préstamo|la casa|el seguro|los paneles|el servicio|el carro|el programa}',
      '{un amigo|mi vecina|mi cuñado|mi hermana} me {recomendó|pasó} {este número|su número|con ustedes}',
      '{hola|buenas}{,|} {acabamos de|recién} {mudarnos|comprar casa|llegar a la ciudad} y {queremos|necesitamos} {información|ver opciones}',
    ],
    ['open'],
    'es',
  ),
  f(
    'none.open-asks',
    NO,
    [
      '{hi|hey|hello}{,|} {how does|how do} {this|it|the process|<product>} work{|?}',
      '{hi|hello|hey} {what do you|what do u} {need from me|need to know|need to get started}{|?}',
      '{hi|hey}{,|} {i got|got} {a text|your text|a message} from {this number|you guys}{| about <product>|}',
      '{hello|hi} {there|}{,|} {i |}{want|wanted|would like} to {learn|hear|know} more about <product>{|s}',
    ],
    ['open'],
  ),
  f(
    'none.open-es-3',
    NO,
    [
      '{hola|buenas}{,|} {cómo funciona|cómo es} {el proceso|esto|lo del programa}{|?}',
      '{hola|buenas}{,|} {me llegó|recibí} {un mensaje|su mensaje|un correo} de ustedes',
      '{buenas|hola}{,|} {estoy|ando} {comparando|viendo} opciones{| nada más| para el próximo mes|}',
      '{hola|buenas tardes} {quisiera|quiero} {una cotización|un presupuesto|precios}{| por favor|}',
    ],
    ['open'],
    'es',
  ),
  f(
    'none.open-plain',
    NO,
    [
      '{hi|hey|hello|good evening}{,|} {we need|i need|we want|i want} {a|an|some|} <product>{| at some point| for the house| for the new place|}',
      '{hi|hello}{,|} {i am|im|we are} {new here|new to this|just getting started} {with|on} <product>',
      '{got|saw|read} your {text|message|mailer|postcard}{,|} {what is|whats} {this|the offer|it} about{|?}',
      '{hey|hi} {just|} {checking|looking} {what|which} <product>{|s} {you have|you offer|are available}',
    ],
    ['open'],
  ),
  // A fifth round: more ways of asking for a person, of intent, of frustration and of hard questions, in English
  // and Spanish, for the phrasings the earlier rounds lacked (out-of-family folds of the train split showed the
  // model generalizing poorly from too few families per signal).
  f(
    'er.rather-talk',
    ER,
    [
      "{id|i would|i'd} {rather|prefer to|sooner} {talk|speak} to {someone|a person|a human|the <person>}{| than text| tbh| honestly|}",
      '{texting|this|typing} is {a pain|too slow|annoying}{,|.|} {can|could} {someone|a person|the <person>} {just |}{call|ring} me',
      '{easier|quicker|faster} if {someone|the <person>|a real person} {calls|phones|rings} me{| honestly| tbh|}',
      '{i|we} {dont|do not} {do|like} {texting|chatbots|this back and forth}{,|.} {call|phone} me{| pls| at <time>|}',
    ],
    all,
  ),
  f(
    'er.connect-me',
    ER,
    [
      '{connect|put|patch|hook} me {with|through to|up with} {a|the|your|an actual} <person>{| pls| please| today|}',
      '{i need|i want|can i get} {a|the} <person> {on the line|on the phone|to reach out}{| asap| today|}',
      '{please |pls |}{forward|pass|send} {this|my info|my number} to {a|the|your} <person> {so they can|and have them} call me',
      'whos {the|your|my} <person>{| there}{?|} {i want|id like|can i} {to talk to them|their number|them to call me}',
    ],
    all,
  ),
  f(
    'er.give-number',
    ER,
    [
      '{whats|what is|can i get} {the|your|a} {number|phone number|direct line} {for|of|to} {a|the|your} <person>{|?}',
      '{is there|do you have} a {number|line|phone} i can call{| to talk to someone| to reach a person|}{|?}',
      '{send|text|give} me {the|a} {number|phone} {to call|for the <person>|to reach someone}{| pls|}',
      'what number {do i|can i|should i} call to {talk to|reach|get} {a person|someone|the <person>}{|?}',
    ],
    all,
  ),
  f(
    'er.es-5',
    ER,
    [
      '{prefiero|mejor} {hablar|platicar} con {una persona|alguien|el asesor|un agente}{| la verdad| por teléfono|}',
      '{me pueden|pueden|podrían} {llamar|marcar|hablar}{| por favor| porfa|} {<timeEs>|hoy|mañana|}',
      '¿{cuál es|me da|me pasa} el {número|teléfono} {de|del} {asesor|agente|encargado}{|?}',
      '{comuníqueme|pásame|páseme|conécteme} con {alguien|un asesor|una persona}{| por favor|}',
    ],
    all,
    'es',
  ),
  f(
    'er.yes-call',
    ER,
    [
      '{yeah|yes|yep|sure|ok|definitely|absolutely} {call me|give me a call|have them call|ring me}{| <time>| anytime| whenever|}',
      '{that works|works for me|sounds good|perfect}{,|.|} {<time>|call me then|ill be around|im free then}',
      '{yes|yeah|ok}{,|} {my|the} number {is|on file is} {fine|good|the best one}{| to call|}',
      '{i can do|i could do|free} <time>{| if that works|, call me then|}',
    ],
    ['offer', 'schedule'],
  ),
  f(
    'er.spanglish-3',
    ER,
    [
      '{can|puede} someone {llamarme|call me}{| porfa| please|}{| hoy| today|}',
      'quiero {talk|hablar} with {a|un} <person>{| please| porfa|}',
      'mejor {call me|llámame}{,|} {texting|escribir} {is hard|me cuesta}',
      '{yes|sí} {porfa|please}{, llámame <timeEs>|, call me after work|}',
    ],
    all,
    'spanglish',
  ),
  f(
    'hi.buy-now',
    HI,
    [
      '{we|i} {want|need|are ready} to {move forward|get started|sign up|buy|go ahead} {this week|today|asap|right away|now}',
      "{lets|let's|ok lets} {do|get} {it|this|the <product>} {going|started|done}{| today| this week|}",
      '{how soon|when} can {we|i} {sign|close|start|get it installed}{|?} {we|i} {want|need} it {before|by} <deadline>',
      '{ready|good} to {pull the trigger|commit|buy|sign}{| if the numbers work| today|}',
    ],
    ['quote', 'info', 'qualify'],
  ),
  f(
    'hi.deadline-2',
    HI,
    [
      '{my|our} {lease|policy|contract|rate lock|offer} {ends|expires|runs out|is up} {on |}<deadline>',
      '{closing|moving|starting} {is|on} <deadline>{| so we need this done| so time matters|}',
      '{need|have} to {have this|get this|be} {done|sorted|settled|approved} {by|before} <deadline>',
      '{we|i} {close|move|start} <deadline>{,|.|} {need|want} {the <product>|this|everything} {in place|ready|sorted} {before then|by then|}',
    ],
    ['qualify', 'info', 'quote'],
  ),
  f(
    'hi.competitor-2',
    HI,
    [
      '<competitor> {offered|quoted|gave} me {<amount>|a better rate|a lower price|a deal}{, can you beat it|, can you match|}',
      '{got|have} a {quote|offer} from <competitor> {for|at} <amount>{| already| last week|}',
      '{about to|going to|gonna} {sign|go} with <competitor> {unless|if you cant} {you|u} {can beat|beat|match} {it|them}',
      '{switching|moving|leaving} {from|away from} <competitor>{| this month| asap| because of the price|}',
    ],
    ['qualify', 'info', 'quote'],
  ),
  f(
    'hi.es-5',
    HI,
    [
      '{queremos|quiero} {empezar|firmar|comprar|contratar} {esta semana|hoy|ya|lo antes posible}',
      '{se me vence|vence|se termina} {el contrato|la póliza|la renta|el seguro} {el viernes|<deadlineEs>|pronto}',
      '<competitor> me {ofreció|dio|cotizó} {<amount>|mejor precio}{, ¿lo pueden mejorar?|, ¿pueden igualarlo?|}',
      '{estoy|estamos} {listo|listos|lista} para {firmar|avanzar|comprar}{| hoy| ya|}',
    ],
    ['qualify', 'info', 'quote'],
    'es',
  ),
  f(
    'hi.urgent-2',
    HI,
    [
      '{the|our|my} {ac|heater|roof|car|water heater|furnace|system} {just |}{died|broke|is leaking|quit|stopped working}{, need help asap|, need someone today|, how fast can you come|}',
      '{need|gotta have} {a|the|} <product> {asap|today|by tonight|this week|right away}{| please| seriously|}',
      '{this is|its} {urgent|an emergency|time sensitive}{,|.|} {need|want} {it|this|the <product>} {asap|today|now}',
      '{can you|could u} {come out|start|do it|get it done} {today|tomorrow|this week}{|?} {its|it is} {urgent|kind of an emergency|pretty urgent}',
    ],
    ['qualify', 'info', 'quote'],
  ),
  f(
    'ss.frustrated-2',
    SS,
    [
      '{this is|thats|this has been} {so|really|super|incredibly} {frustrating|annoying|exhausting|ridiculous}{| honestly| ngl|}',
      '{i already|already} {told you|answered that|said that|gave you that}{| twice| like 3 times|}{!|.|}',
      '{why|how come} {do you keep|are you} {asking|asking me} {the same thing|that again|this again}{|?|??}',
      '{ugh|omg|seriously|cmon}{,|} {just|} {answer|read} {my|the} {question|message}{|!|.}',
    ],
    ['qualify', 'info', 'quote'],
  ),
  f(
    'ss.wasting-time',
    SS,
    [
      '{youre|ur|you are} wasting my time{| honestly|.|!}',
      '{this|you} {is|are} {useless|pointless|not helping|going nowhere}{| lol| smh|}',
      '{i have|ive} been {waiting|trying} {for|since} {days|a week|hours|monday}{| and nothing|, nobody called|}',
      '{forget it|never mind|im done|whatever}{,|.|} {this|you guys} {is|are} {a joke|ridiculous|not worth it}',
    ],
    ['qualify', 'info', 'quote', 'offer'],
  ),
  f(
    'ss.es-5',
    SS,
    [
      '{qué|que} {mal servicio|desesperante|fastidio|frustrante}{|!|.}',
      '{ya|yo ya} le {dije|contesté|expliqué} {eso|lo mismo}{| dos veces| tres veces|}',
      '{no me|no} {está|estás|están} {entendiendo|escuchando|ayudando}{|.|!}',
      '{llevo|llevamos} {días|una semana|horas} {esperando|sin respuesta}{|.|!}',
    ],
    ['qualify', 'info', 'quote'],
    'es',
  ),
  f(
    'ss.confused-2',
    SS,
    [
      "{im|i am|i'm} {so|totally|really|kinda} {lost|confused}{| now| here|}{|.|?}",
      '{that|this} {makes no sense|doesnt make sense|is confusing}{|.|?| at all|}',
      '{wait|hold on}{,|} {what|huh}{?|??} {that|this} {is not|isnt} what {you said|i asked|we talked about}',
      '{you said|u said} {one thing|<amount>|something else} {before|earlier|yesterday}{, now this|?|, which is it}',
    ],
    ['qualify', 'info', 'quote'],
  ),
  f(
    'oc.my-situation',
    OC,
    [
      '{with|given} {my|our} {credit|income|history|situation|<detail>}{,|} {what|how much} {would|could} {i|we} {pay|get|qualify for}{|?}',
      '{will|would|does} {my|our} {policy|plan|coverage|warranty|contract} {cover|include|pay for} <detail>{|?}',
      '{do i|would i|can i} {need|get} a {permit|inspection|hoa approval|license|background check} for {this|the <product>|that}{|?}',
      '{what|how} {happens|does it work} {with|if} {taxes|the tax credit|my deduction|the lien|my bankruptcy|the hoa}{|?}',
    ],
    notOffer,
  ),
  f(
    'oc.exact-numbers',
    OC,
    [
      '{whats|what is|what would be} {my|the} {exact|actual|real} {rate|payment|price|premium|monthly} {on|for|with} <amount>{|?}',
      '{give|send} me {an exact|the real|my actual} {number|quote|price|payment} {for|on} {my|our} {house|car|situation|setup}',
      'how much {exactly |}{would|will} {it|the <product>} cost {for|with} {me|us|my <detail>|<amount>}{|?}',
      '{can you|could u} {run|check|figure out} {my|the} {numbers|payment|rate|price} {for|on} <amount>{|?}',
    ],
    notOffer,
  ),
  f(
    'oc.es-4',
    OC,
    [
      '¿{cuánto|qué} {me saldría|pagaría|me cobrarían} {al mes|mensual|en total} {con|por} <amount>{|?}',
      '¿{califico|calificaría|puedo calificar} {con|si tengo} {mal crédito|un ITIN|bancarrota|<detail>}{|?}',
      '¿{necesito|ocupo} {permiso|licencia|aprobación} {de la ciudad|del HOA|del dueño} para {esto|eso}{|?}',
      '¿{mi|la} {póliza|garantía|cobertura} {cubre|incluye} {eso|<detail>|daños de agua}{|?}',
    ],
    notOffer,
    'es',
  ),
];
