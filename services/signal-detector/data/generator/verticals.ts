// Per-vertical vocabulary and the AI's side of the conversation, written for Baton's sales-domain set.
// Every list is split by position: entries at positions 3, 7, 11, ... (every 4th) only ever appear in the dev split,
// so dev conversations read AI turns and slot values the training conversations never saw.

export type Vertical = 'mortgage' | 'real_estate' | 'insurance' | 'solar' | 'home_services' | 'auto' | 'b2b_software';
export const verticals: Vertical[] = ['mortgage', 'real_estate', 'insurance', 'solar', 'home_services', 'auto', 'b2b_software'];

/** What the AI said just before the lead's text: the kinds a family can follow. */
/** `open`: no AI turn before it, the lead's first message. */
export type AiKind = 'qualify' | 'offer' | 'quote' | 'info' | 'schedule' | 'sendInfo' | 'open';

export interface VerticalWords {
  person: string[];
  product: string[];
  competitor: string[];
  amount: string[];
  detail: string[];
  ai: Record<Exclude<AiKind, 'sendInfo' | 'open'>, string[]>;
  aiEs: Record<Exclude<AiKind, 'sendInfo' | 'open'>, string[]>;
}

/** The AI offering something other than a person: a "sure" to these asks for nothing but the thing. */
export const sendInfo = {
  en: ['Want me to send you our rate sheet?', 'Should I email you a brochure?', 'Want me to text you a link to our reviews?', 'Would you like market updates by text?', 'Can I send you a short checklist of what you will need?', 'Want the link to our online calculator?', 'Should I send photos of the options?', 'Would you like me to email the details?', 'Want me to save your info for later?', 'Shall I send a summary of what we covered?', 'Do you want our weekly newsletter?', 'Would a comparison chart help?'],
  es: ['¿Le mando la información por texto?', '¿Quiere que le envíe un folleto?', '¿Le mando el enlace a nuestras reseñas?', '¿Le envío un resumen por correo?', '¿Quiere recibir novedades por mensaje?', '¿Le mando fotos de las opciones?', '¿Le envío la lista de documentos?', '¿Quiere el enlace a la calculadora?'],
};

export const shared = {
  time: ['after 6', 'after 5', 'tmrw morning', 'around noon', 'at lunch', 'anytime after 3', 'this evening', 'before 9am', 'on my break at 2', 'after work', 'around 4:30', 'tonight', 'sat morning', 'between 1 and 3', 'first thing tmrw', 'after the kids are asleep'],
  deadline: ['friday', 'the 15th', 'end of the month', 'next week', 'monday', 'the 1st', 'this weekend', 'end of the quarter', 'the 30th', 'thursday', 'before christmas', 'next tuesday'],
  name: ['sarah', 'mike', 'jen', 'carlos', 'dave', 'ana', 'luis', 'priya', 'tom', 'maria', 'kevin', 'rosa'],
  score: ['620', '680', '580', '720', '640', '700', '599', '660'],
  distant: ['next year', 'in a year or two', 'sometime in 2027', 'maybe next spring', 'eventually', 'once the kids are out of school in a few years', 'not for a while', 'down the road', 'in like 18 months', 'whenever rates drop', 'later next year', 'someday'],
  timeEs: ['después de las 6', 'mañana en la mañana', 'al mediodía', 'en la tarde', 'después del trabajo', 'a las 5', 'hoy en la noche', 'el sábado temprano'],
  deadlineEs: ['el viernes', 'el 15', 'fin de mes', 'la próxima semana', 'el lunes', 'el primero', 'este fin de semana', 'el 30'],
};

export const words: Record<Vertical, VerticalWords> = {
  mortgage: {
    person: ['loan officer', 'loan guy', 'mortgage broker', 'lender', 'loan lady', 'LO', 'banker', 'mortgage person', 'processor', 'loan specialist', 'underwriter', 'mortgage advisor'],
    product: ['refi', 'loan', 'mortgage', 'heloc', 'pre approval', 'rate lock', 'fha loan', 'va loan', 'cash out refi', 'jumbo loan', 'preapproval letter', '30 yr fixed'],
    competitor: ['rocket', 'better.com', 'my credit union', 'wells fargo', 'chase', 'uwm', 'another lender', 'navy federal', 'the bank', 'loandepot', 'guaranteed rate', 'my cousins broker'],
    amount: ['300k', '$425,000', '250k', '600k', '350k', '$480k', '275k', '520k', '199k', '$710,000', '400k', '330k'],
    detail: ['a 620 score', '1099 income', 'a chapter 7 from 2021', 'student loans', 'a late payment last year', 'only 3% down', 'a cosigner', 'gift funds', 'self employed income', 'a recent job change', 'a collection on my report', 'rental income'],
    ai: {
      qualify: ['Are you looking to buy a home or refinance one you own?', 'Roughly what price range or loan amount are you thinking?', 'How would you describe your credit: excellent, good, fair, or not sure?', 'When are you hoping to close?', 'Is this for a primary residence, second home or investment?', 'Do you already have a property in mind?', 'About how much are you planning to put down?', 'Are you currently working with another lender?', 'Which city or area is the property in?', 'Is anyone else going to be on the loan with you?', 'Do you know roughly what your current rate is?', 'Are you a first-time buyer?'],
      offer: ['Want me to have a loan officer give you a call?', 'I can have one of our loan officers reach out. Would that help?', 'Would you like to talk it through with a loan officer?', 'Should I set up a quick call with a mortgage advisor?', 'Would it be easier if someone from our team called you?', 'I can connect you with a licensed loan officer, want that?', 'Happy to have a specialist call you to go over options. Interested?', 'Would a 10-minute call with one of our lenders be useful?'],
      quote: ['Based on what you shared, buyers in that range usually see payments around $2,400 a month. Want to get a pre-approval started?', 'Our 30-year fixed is advertised at 6.375% today for strong credit. Want me to start an application?', 'A pre-approval takes about 15 minutes online. Ready to get going?', 'We can lock rates for up to 60 days. Want to lock something in?', 'Our closing costs on that loan size usually run 2-3%. Shall we start the paperwork?', 'Most refis like yours close in about 30 days. Want me to open a file?', 'With 10% down on 400k you would be looking at roughly $2,700 all-in. Want the next step?', 'I can send you the application link now. Want it?'],
      info: ['We do conventional, FHA, VA and jumbo loans.', 'Pre-approval is free and does a soft credit pull first.', 'We lend in all 50 states except New York.', 'Our team is available 8am-8pm on weekdays.', 'Rates change daily, and yours depends on a few factors.', 'A HELOC lets you borrow against your equity as you need it.', 'You can upload documents from your phone.', 'Closing usually takes 30 to 45 days.'],
      schedule: ['What time works for a quick call with a loan officer?', 'When is a good time for our loan officer to call?', 'Which works better for a call, today or tomorrow?', 'What is the best time to reach you by phone?', 'Morning or afternoon for a call with the lender?', 'When would you like the loan officer to reach out?', 'What time should our advisor call you?', 'Any time today that works for a 10 minute call?'],
    },
    aiEs: {
      qualify: ['¿Busca comprar una casa o refinanciar la que tiene?', '¿Más o menos qué precio o monto de préstamo tiene en mente?', '¿Cómo describiría su crédito?', '¿Para cuándo quiere cerrar?', '¿Cuánto piensa dar de enganche?', '¿Es para vivienda principal?'],
      offer: ['¿Quiere que un oficial de préstamos le llame?', '¿Le gustaría hablar con uno de nuestros asesores?', 'Puedo pedir que un especialista le contacte. ¿Le parece?', '¿Prefiere que alguien del equipo le llame?'],
      quote: ['Con ese precio, el pago suele estar alrededor de $2,400 al mes. ¿Empezamos la pre-aprobación?', 'Nuestra tasa fija a 30 años está en 6.375% hoy. ¿Le envío la solicitud?', 'La pre-aprobación toma 15 minutos. ¿Lista para empezar?', 'Podemos congelar la tasa por 60 días. ¿Lo hacemos?'],
      info: ['Ofrecemos préstamos convencionales, FHA y VA.', 'La pre-aprobación es gratis.', 'Atendemos de 8am a 8pm entre semana.', 'Las tasas cambian todos los días.'],
      schedule: ['¿A qué hora le queda bien una llamada con el asesor?', '¿Cuándo es buen momento para llamarle?', '¿Mañana o pasado para la llamada?', '¿Prefiere en la mañana o en la tarde?'],
    },
  },
  real_estate: {
    person: ['realtor', 'agent', 'listing agent', 'buyers agent', 'broker', 'showing agent', 'team lead', 'real estate agent', 'someone from the brokerage', 'your agent', 'closing coordinator', 'transaction coordinator'],
    product: ['showing', 'tour', 'listing', 'the house on elm', 'the condo', 'an offer', 'the 3 bed on maple', 'open house', 'the townhome', 'the lot', 'the duplex', 'the ranch on 5th'],
    competitor: ['zillow', 'redfin', 'opendoor', 'compass', 'another agent', 'a discount broker', 'keller williams', 'offerpad', 'the listing agent', 'remax', 'exp', 'a flat fee broker'],
    amount: ['450k', '$389,900', '600k', '525k', '310k', '$1.1m', '720k', '299k', '415k', '$850,000', '275k', '640k'],
    detail: ['a dog', 'an hoa', 'a pending sale', 'a rent to own deal', 'an inherited house', 'a lease that ends in march', 'a tenant living there', 'a pool', 'a basement apartment', 'a short sale', 'a septic system', 'an easement'],
    ai: {
      qualify: ['Are you looking to buy, sell, or both?', 'Which neighborhoods are you focused on?', 'What timeline are you working with?', 'What price range feels comfortable?', 'Are you pre-approved, paying cash, or still sorting out financing?', 'How many bedrooms do you need?', 'Do you currently own or rent?', 'Is there a school district you need to be in?', 'Have you seen any listings you liked?', 'Do you need to sell before you buy?', 'Are you working with an agent already?', 'What matters most to you in the next place?'],
      offer: ['Want me to have one of our agents reach out?', 'I can connect you with a local agent who knows that area. Would you like that?', 'Would a quick call with an agent help?', 'Should I have a realtor call you to set up a tour?', 'Would you like to talk to one of our agents directly?', 'I can have our listing specialist give you a call, want that?', 'Want someone from our team to walk you through it by phone?', 'Would it help to speak with a buyer agent today?'],
      quote: ['Homes like that one are listing around $450k right now. Want me to set up a showing?', 'The condo is still available and open for tours this weekend. Want to book one?', 'Our commission for sellers is 2.5%. Ready to list?', 'A home valuation takes about a day. Want me to start one?', 'That listing just dropped $10k. Want to see it?', 'We can have your listing live within a week. Shall we start?', 'The sellers are reviewing offers Monday. Want to put one in?', 'I can send you the disclosure packet now. Want it?'],
      info: ['We cover the whole metro area and the suburbs north of it.', 'Tours are available seven days a week.', 'Our agents are all licensed in the state.', 'Inventory is tight right now but new listings come up daily.', 'We can set up alerts for new listings.', 'Most homes in that area sell within two weeks.', 'Our buyer consultations are free.', 'You can tour virtually too.'],
      schedule: ['What time works for a call with an agent?', 'When should our agent reach out?', 'What day works for a showing?', 'Is today or tomorrow better for a quick call?', 'Morning or evening for the tour?', 'What is the best time to call you?', 'When are you free to chat with the agent?', 'Should we aim for this weekend?'],
    },
    aiEs: {
      qualify: ['¿Busca comprar, vender o ambos?', '¿En qué zonas está buscando?', '¿Para cuándo quiere mudarse?', '¿Qué rango de precio le queda cómodo?', '¿Ya tiene pre-aprobación?', '¿Cuántas recámaras necesita?'],
      offer: ['¿Quiere que un agente le llame?', '¿Le conecto con un agente de la zona?', '¿Le ayudaría hablar con un agente?', '¿Prefiere que alguien le llame para agendar una visita?'],
      quote: ['Casas así están en unos $450 mil. ¿Agendamos una visita?', 'El condominio sigue disponible este fin de semana. ¿Lo quiere ver?', 'Nuestra comisión es 2.5%. ¿Listo para publicar?', 'Los vendedores revisan ofertas el lunes. ¿Hacemos una?'],
      info: ['Cubrimos toda el área metropolitana.', 'Hay visitas los siete días.', 'Todos nuestros agentes tienen licencia.', 'Podemos mandarle alertas de casas nuevas.'],
      schedule: ['¿A qué hora le queda bien la llamada?', '¿Qué día le conviene la visita?', '¿Hoy o mañana?', '¿En la mañana o en la tarde?'],
    },
  },
  insurance: {
    person: ['agent', 'licensed agent', 'adjuster', 'insurance agent', 'broker', 'producer', 'claims person', 'underwriter', 'account manager', 'customer service', 'your agent', 'an insurance guy'],
    product: ['policy', 'auto policy', 'home policy', 'quote', 'coverage', 'renters insurance', 'life policy', 'umbrella policy', 'bundle', 'sr22', 'term life', 'flood policy'],
    competitor: ['geico', 'progressive', 'state farm', 'allstate', 'lemonade', 'my current carrier', 'usaa', 'farmers', 'liberty mutual', 'nationwide', 'the general', 'my old insurer'],
    amount: ['$180 a month', '$1,200 a year', '$95/mo', '$2,400 for 6 months', '$140/month', '$310 a month', '$60/mo', '$1,850/yr', '$220 a month', '$900 a year', '$75 monthly', '$400/mo'],
    detail: ['a dui from 2022', 'two teen drivers', 'a speeding ticket', 'a pit bull', 'a trampoline', 'a claim last year', 'a roof from 2005', 'diabetes', 'a lapse in coverage', 'a home business', 'an old knob and tube house', 'a rideshare job'],
    ai: {
      qualify: ['What kind of coverage are you shopping for: auto, home, life, or a bundle?', 'Do you have a current policy, and when does it renew?', 'Who should the policy cover?', "What's the ZIP code where you live?", 'How many vehicles would be on the policy?', 'Do you own or rent your home?', 'Any claims in the last five years?', 'What year, make and model is the car?', 'How many drivers are in the household?', 'Roughly what are you paying now?', 'Is the home your primary residence?', 'What coverage amount were you thinking for life insurance?'],
      offer: ['Want me to have a licensed agent call you?', 'I can connect you with one of our agents to go over coverage. Interested?', 'Would you like an agent to review your current policy with you?', 'Should I have someone from our team give you a ring?', 'Would it help to speak with a licensed agent?', 'Want a quick call with an agent to finalize the quote?', 'I can have an agent reach out today, want that?', 'Would you prefer to go over this with a person on the phone?'],
      quote: ['Drivers like you typically pay around $140 a month with us. Want to lock that in?', 'Bundling home and auto usually saves about 15%. Want me to start the quote?', 'Coverage can start as soon as tomorrow. Ready to bind?', 'Term life for 20 years starts around $25 a month. Want to apply?', 'Your estimate comes to $1,200 a year. Want to move forward?', 'I can email you the quote summary now. Want it?', 'We can match your renewal date so there is no gap. Shall we set it up?', 'Renters coverage starts at $12 a month. Want to get it started?'],
      info: ['We offer auto, home, renters, umbrella and life coverage.', 'Quotes are free and take about five minutes.', 'Our agents are licensed in 40 states.', 'You can manage your policy in our app.', 'Discounts are available for safe drivers and bundles.', 'Claims can be filed 24/7 online.', 'We work with over a dozen carriers.', 'Payment can be monthly or in full.'],
      schedule: ['What time works for a call with an agent?', 'When should the agent reach out?', 'Is today or tomorrow better?', 'What is the best number and time to reach you?', 'Morning or afternoon for the call?', 'When are you free for five minutes?', 'Should the agent call you this evening?', 'What time is good tomorrow?'],
    },
    aiEs: {
      qualify: ['¿Qué tipo de seguro busca: auto, casa o vida?', '¿Tiene una póliza actual y cuándo se renueva?', '¿Cuál es su código postal?', '¿Cuántos carros serían?', '¿Es dueño o renta?', '¿Cuántos conductores hay en la casa?'],
      offer: ['¿Quiere que un agente con licencia le llame?', '¿Le conecto con un agente para revisar la cobertura?', '¿Le gustaría hablar con un agente?', '¿Prefiere que alguien le llame hoy?'],
      quote: ['Conductores como usted pagan unos $140 al mes. ¿Lo aseguramos?', 'Juntar casa y auto ahorra como 15%. ¿Empiezo la cotización?', 'La cobertura puede empezar mañana. ¿Listo?', 'Su estimado es $1,200 al año. ¿Seguimos?'],
      info: ['Ofrecemos seguro de auto, casa y vida.', 'Las cotizaciones son gratis.', 'Puede manejar su póliza en la app.', 'Hay descuentos por buen manejo.'],
      schedule: ['¿A qué hora le llamo?', '¿Cuándo puede hablar con el agente?', '¿Hoy o mañana?', '¿En la mañana o en la tarde?'],
    },
  },
  solar: {
    person: ['solar consultant', 'installer', 'energy advisor', 'site surveyor', 'tech', 'project manager', 'the guy who came out', 'design engineer', 'sales rep', 'someone from the install team', 'solar advisor', 'electrician'],
    product: ['panels', 'system', 'battery', 'install', 'lease', 'ppa', 'solar loan', 'powerwall', 'roof mount', 'inverter', 'ground mount', 'net metering'],
    competitor: ['sunrun', 'tesla', 'sunpower', 'a local installer', 'another company', 'freedom forever', 'sunnova', 'vivint', 'the costco solar people', 'palmetto', 'momentum', 'a guy my neighbor used'],
    amount: ['$28k', '$19,500', '$32,000', '$24k', '$150 a month', '$41k', '$22,800', '$110/mo', '$35k', '$17k', '$199 a month', '$26,400'],
    detail: ['a north facing roof', 'a 20 year old roof', 'an hoa', 'a lot of shade', 'a tile roof', 'an ev', 'a pool pump', 'a 200 amp panel', 'a flat roof', 'a well pump', 'a metal roof', 'a fixer upper'],
    ai: {
      qualify: ['Do you own the home?', 'Roughly what is your average electric bill?', 'Which utility are you with?', 'How old is your roof?', 'Is your roof mostly sunny or shaded?', 'Are you interested in a battery as well?', 'Would you prefer to buy, finance or lease?', 'What is your ZIP code?', 'Do you drive an electric vehicle?', 'Are you looking to cut your bill or go fully off grid?', 'Have you had any solar quotes before?', 'Is your HOA okay with solar?'],
      offer: ['Want me to have a solar consultant call you?', 'I can set up a call with an energy advisor to design your system. Interested?', 'Would you like someone to come do a free site survey?', 'Should I have one of our advisors reach out?', 'Would a quick call with a consultant help?', 'I can connect you with our design team, want that?', 'Want a specialist to walk you through savings by phone?', 'Would it help to talk with an installer directly?'],
      quote: ['A system for a bill like yours usually runs around $24k before the tax credit. Want to book a site survey?', 'Financing starts around $110 a month. Want to get a custom design?', 'Installs are booking about three weeks out. Want to reserve a spot?', 'Most homes like yours offset 90% of their bill. Want the proposal?', 'We can send the proposal today. Want to move forward?', 'A battery adds about $12k. Want it included?', 'Our lease has zero down. Ready to sign up?', 'I can hold this month\'s pricing for you. Want me to?'],
      info: ['We install in most of the state.', 'Site surveys are free.', 'Our panels come with a 25-year warranty.', 'Installation usually takes one or two days.', 'We handle the permits and utility paperwork.', 'You can monitor production in our app.', 'We offer cash, loan and lease options.', 'Batteries can keep the lights on in an outage.'],
      schedule: ['What time works for a call with a consultant?', 'When could we do the site survey?', 'Is this week or next better?', 'What is the best time to call you?', 'Morning or afternoon for the survey?', 'When are you home so the surveyor can come by?', 'Should the advisor call today?', 'What day works for a quick call?'],
    },
    aiEs: {
      qualify: ['¿Es dueño de la casa?', '¿Cuánto paga de luz al mes?', '¿Qué edad tiene el techo?', '¿Le interesa una batería también?', '¿Prefiere comprar, financiar o rentar?', '¿Cuál es su código postal?'],
      offer: ['¿Quiere que un asesor solar le llame?', '¿Le agendo una visita gratis al sitio?', '¿Le ayudaría hablar con un consultor?', '¿Prefiere que alguien del equipo le llame?'],
      quote: ['Un sistema para su recibo cuesta unos $24 mil antes del crédito. ¿Agendamos la visita?', 'El financiamiento empieza en $110 al mes. ¿Le hago un diseño?', 'Las instalaciones van a tres semanas. ¿Le aparto un lugar?', 'Le mando la propuesta hoy. ¿Seguimos?'],
      info: ['Instalamos en casi todo el estado.', 'La visita es gratis.', 'Los paneles tienen garantía de 25 años.', 'Nosotros hacemos los permisos.'],
      schedule: ['¿A qué hora le llamo?', '¿Cuándo podemos hacer la visita?', '¿Esta semana o la próxima?', '¿Mañana o tarde?'],
    },
  },
  home_services: {
    person: ['tech', 'technician', 'plumber', 'roofer', 'estimator', 'contractor', 'the owner', 'dispatcher', 'service manager', 'hvac guy', 'project manager', 'electrician'],
    product: ['ac', 'furnace', 'water heater', 'roof', 'estimate', 'repair', 'service call', 'inspection', 'heat pump', 'gutters', 'sewer line', 'mini split'],
    competitor: ['another contractor', 'home depot', 'a guy from nextdoor', 'angi', 'the other company', 'my brother in law', 'lowes', 'a handyman', 'thumbtack', 'the company that did my neighbors', 'one hour', 'roto rooter'],
    amount: ['$8,500', '$12k', '$450', '$3,200', '$14,000', '$900', '$6k', '$22k', '$1,750', '$5,400', '$300', '$9,800'],
    detail: ['a 2 story house', 'a 20 year old unit', 'a leak in the ceiling', 'an attic unit', 'a slab foundation', 'a crawlspace', 'asbestos tiles maybe', 'a home warranty', 'a gas line', 'a septic tank', 'an old fuse box', 'a flat roof'],
    ai: {
      qualify: ['What is going on with the system?', 'How old is the unit?', 'Is this for a repair or a replacement?', 'What is the address for the service?', 'Is the home a single story or two?', 'Is anyone home during the day?', 'Do you have a home warranty?', 'When did the problem start?', 'Is it gas or electric?', 'Have you had anyone look at it yet?', 'Roughly how big is the house?', 'Do you rent or own?'],
      offer: ['Want me to have a technician call you?', 'I can have our service manager reach out to schedule. Interested?', 'Would you like an estimator to come take a look?', 'Should I have the dispatcher give you a call?', 'Would a quick call with a tech help?', 'I can connect you with our project manager, want that?', 'Want someone from the office to call and book it?', 'Would you prefer to talk with a technician directly?'],
      quote: ['A replacement like that usually runs $8-12k installed. Want to book a free estimate?', 'Our diagnostic visit is $89, waived with the repair. Want to schedule it?', 'We have openings tomorrow afternoon. Want one?', 'Financing is available from $99 a month. Want to start?', 'I can send the estimate over now. Want to go ahead?', 'The tune-up special is $79 this month. Book it?', 'We can get a crew out Thursday. Want that slot?', 'A roof inspection is free. Want me to put you down?'],
      info: ['We do heating, cooling, plumbing and roofing.', 'Estimates are free.', 'We are licensed and insured.', 'Our techs are available seven days a week.', 'We service the whole county.', 'All work comes with a one-year warranty.', 'We offer financing on larger jobs.', 'Emergency calls are answered 24/7.'],
      schedule: ['What time works for a tech to call?', 'When could someone come out?', 'Is today or tomorrow better?', 'What is the best time to reach you?', 'Morning or afternoon for the visit?', 'When will someone be home?', 'Should the tech call ahead?', 'What window works for you?'],
    },
    aiEs: {
      qualify: ['¿Qué le pasa al sistema?', '¿Cuántos años tiene la unidad?', '¿Es reparación o reemplazo?', '¿Cuál es la dirección?', '¿Tiene garantía de hogar?', '¿Cuándo empezó el problema?'],
      offer: ['¿Quiere que un técnico le llame?', '¿Le mando un estimador a ver?', '¿Le ayudaría hablar con un técnico?', '¿Prefiere que la oficina le llame para agendar?'],
      quote: ['Un reemplazo así cuesta entre $8 y $12 mil. ¿Agendamos el estimado gratis?', 'La visita de diagnóstico es $89. ¿La agendo?', 'Tenemos espacio mañana en la tarde. ¿Lo quiere?', 'Le mando el estimado. ¿Seguimos?'],
      info: ['Hacemos calefacción, aire y plomería.', 'Los estimados son gratis.', 'Tenemos licencia y seguro.', 'Atendemos emergencias 24/7.'],
      schedule: ['¿A qué hora puede venir el técnico?', '¿Cuándo hay alguien en casa?', '¿Hoy o mañana?', '¿En la mañana o en la tarde?'],
    },
  },
  auto: {
    person: ['salesman', 'sales guy', 'finance manager', 'f&i guy', 'sales manager', 'dealer', 'service advisor', 'the manager', 'sales consultant', 'someone at the dealership', 'internet sales manager', 'the lady I talked to'],
    product: ['truck', 'car', 'lease', 'trade in', 'test drive', 'the civic', 'financing', 'the suv', 'the f150', 'the rav4', 'the used tahoe', 'the model y'],
    competitor: ['carmax', 'carvana', 'the dealer down the street', 'another dealership', 'the toyota place', 'autonation', 'the honda dealer', 'my credit union', 'vroom', 'the ford store', 'a private seller', 'the lot on main'],
    amount: ['$38k', '$450 a month', '$29,900', '$5k down', '$52,000', '$399/mo', '$21k', '$600 a month', '$33,500', '$2k down', '$44k', '$310/mo'],
    detail: ['a 580 score', 'a repo from 2020', 'no credit history', 'a trade still owed on', 'negative equity', 'a cosigner', 'an itin', 'a bankruptcy last year', 'a leased car to turn in', 'gig income', 'a salvage title trade', 'an out of state license'],
    ai: {
      qualify: ['Are you looking for new or used?', 'Do you have a trade-in?', 'What budget are you working with?', 'Are you financing, leasing, or paying cash?', 'Which model caught your eye?', 'What color are you hoping for?', 'How soon do you need a vehicle?', 'Do you have a preferred monthly payment?', 'What are you driving now?', 'Would you like a third row?', 'Do you need all-wheel drive?', 'Have you been pre-approved anywhere?'],
      offer: ['Want me to have a sales consultant call you?', 'I can have our finance manager reach out with options. Interested?', 'Would you like to set up a test drive with one of our team?', 'Should I have the sales manager give you a call?', 'Would a quick call with someone at the dealership help?', 'I can connect you with our internet sales manager, want that?', 'Want someone to call with today\'s numbers?', 'Would you prefer to talk to a person about financing?'],
      quote: ['That SUV is listed at $38,500 with $1,000 off this month. Want to come see it?', 'Leases on that model start around $399 a month. Want to lock it in?', 'We can appraise your trade online in two minutes. Want the link?', 'It is still on the lot and available for a test drive today. Want a time?', 'I can send you the out-the-door price. Want to move forward?', 'We have 0.9% financing for qualified buyers this month. Ready to apply?', 'Our credit application takes five minutes. Want to start?', 'I can hold the truck for 24 hours with a refundable deposit. Want me to?'],
      info: ['We carry new and certified pre-owned vehicles.', 'Test drives are available every day.', 'We work with over 20 lenders.', 'Every used car comes with a history report.', 'We deliver within 50 miles.', 'Our service department is open Saturdays.', 'Trade-in appraisals are free.', 'We are open until 8pm weekdays.'],
      schedule: ['What time works for a test drive?', 'When should our sales consultant call?', 'Is today or tomorrow better to come in?', 'What is the best time to reach you?', 'Morning or afternoon for the appointment?', 'When are you free to stop by?', 'Should I have someone call this evening?', 'What time tomorrow works?'],
    },
    aiEs: {
      qualify: ['¿Busca nuevo o usado?', '¿Tiene carro para dar a cuenta?', '¿Qué presupuesto tiene?', '¿Va a financiar, rentar o pagar de contado?', '¿Qué modelo le interesa?', '¿Para cuándo necesita el carro?'],
      offer: ['¿Quiere que un vendedor le llame?', '¿Le conecto con el gerente de finanzas?', '¿Le agendo una prueba de manejo?', '¿Prefiere que alguien le llame con los números?'],
      quote: ['Esa camioneta está en $38,500 con $1,000 de descuento. ¿Viene a verla?', 'El lease empieza en $399 al mes. ¿Lo aseguramos?', 'Le mando el precio final. ¿Seguimos?', 'Tenemos 0.9% de financiamiento este mes. ¿Aplica?'],
      info: ['Tenemos carros nuevos y usados certificados.', 'Hay pruebas de manejo todos los días.', 'Trabajamos con más de 20 bancos.', 'La tasación es gratis.'],
      schedule: ['¿A qué hora le queda la prueba de manejo?', '¿Cuándo le llama el vendedor?', '¿Hoy o mañana?', '¿En la mañana o en la tarde?'],
    },
  },
  b2b_software: {
    person: ['sales rep', 'account exec', 'AE', 'solutions engineer', 'sales team', 'account manager', 'CSM', 'someone technical', 'an engineer', 'your founder', 'someone in sales', 'product specialist'],
    product: ['demo', 'trial', 'pilot', 'license', 'plan', 'enterprise plan', 'integration', 'contract', 'the api', 'sso add on', 'the pro tier', 'onboarding'],
    competitor: ['salesforce', 'hubspot', 'zendesk', 'gong', 'our current vendor', 'a competitor', 'pipedrive', 'intercom', 'monday', 'outreach', 'zoho', 'freshworks'],
    amount: ['$40k a year', '$25 per seat', '$120k', '$8,000/yr', '$15 a user', '$60k annually', '$300/mo', '$95k', '$12 per seat', '$2,500 a month', '$45 per user', '$18k'],
    detail: ['250 seats', 'an on prem sap instance', 'data residency in the eu', 'a hipaa requirement', 'sso via okta', 'a 3 year contract', 'a procurement review', 'a security questionnaire', 'an existing salesforce contract', 'a custom sla', 'fedramp needs', 'a reseller'],
    ai: {
      qualify: ['What problem are you hoping to solve?', 'How many people would use it?', 'What are you using today?', 'When would you want this in place?', 'Who else is involved in the decision?', 'Do you have a budget set aside?', 'Which integrations matter most to you?', 'What is your role on the team?', 'How are you handling this today?', 'Is this for one team or company-wide?', 'What would success look like in 90 days?', 'Are you evaluating other tools?'],
      offer: ['Want me to set up a call with one of our account executives?', 'I can have a solutions engineer walk you through it live. Interested?', 'Would a 20-minute demo with our team help?', 'Should I have someone from sales reach out?', 'Would you like to talk to a product specialist?', 'I can connect you with an account manager, want that?', 'Want me to book time with our sales team?', 'Would it help to speak with someone technical?'],
      quote: ['Our Pro plan is $25 per seat per month, billed annually. Want to start a trial?', 'Most teams your size go with the Business tier. Want me to send the order form?', 'A pilot can be live within two weeks. Ready to kick one off?', 'Annual billing saves 20%. Want to lock that in?', 'I can send over the contract today. Want to move forward?', 'Onboarding is included on annual plans. Want to get started?', 'We can start a 14-day trial right now. Want the link?', 'Enterprise includes SSO and a dedicated CSM. Want a proposal?'],
      info: ['We integrate with Salesforce, HubSpot and Slack.', 'Setup takes about a day for most teams.', 'We have a free tier for up to 3 users.', 'Support is available 24/5.', 'You can export your data anytime.', 'Our API is REST with webhooks.', 'There is a 99.9% uptime SLA on paid plans.', 'We are used by over 2,000 teams.'],
      schedule: ['What time works for a demo?', 'When should our account executive reach out?', 'Is this week or next better for a call?', 'What is the best time to connect?', 'Morning or afternoon for the demo?', 'Which day works for a 20 minute call?', 'Should I send a calendar invite for tomorrow?', 'What time zone are you in for the call?'],
    },
    aiEs: {
      qualify: ['¿Qué problema quiere resolver?', '¿Cuántas personas lo usarían?', '¿Qué usan hoy?', '¿Para cuándo lo necesitan?', '¿Quién más decide?', '¿Tienen presupuesto?'],
      offer: ['¿Quiere una llamada con un ejecutivo de cuenta?', '¿Le agendo una demo con el equipo?', '¿Le ayudaría hablar con un especialista?', '¿Prefiere que alguien de ventas le contacte?'],
      quote: ['El plan Pro cuesta $25 por usuario al mes. ¿Empezamos una prueba?', 'Un piloto puede estar listo en dos semanas. ¿Lo arrancamos?', 'Le mando el contrato hoy. ¿Seguimos?', 'El pago anual ahorra 20%. ¿Lo aseguramos?'],
      info: ['Nos integramos con Salesforce y HubSpot.', 'La instalación toma un día.', 'Hay plan gratis hasta 3 usuarios.', 'Puede exportar sus datos cuando quiera.'],
      schedule: ['¿A qué hora le queda la demo?', '¿Cuándo le contacta el ejecutivo?', '¿Esta semana o la próxima?', '¿En la mañana o en la tarde?'],
    },
  },
};
