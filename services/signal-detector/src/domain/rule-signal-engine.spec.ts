import { RuleSignalEngine } from './rule-signal-engine';
import type { SignalKind, Turn } from './signal-engine.port';

// Examples written for Baton, from the sales conversations it serves: mortgage, insurance, real estate, B2B.
const engine = new RuleSignalEngine();
const signalsOf = (text: string, context: Turn[] = []) =>
  engine
    .readNow({ text, context })
    .detections.filter((d) => d.confidence >= 0.5)
    .map((d) => d.signal);
const lead = (text: string): Turn => ({ author: 'lead', text });
const ai = (text: string): Turn => ({ author: 'ai', text });

describe('the offline engine', () => {
  describe('explicit request for a person', () => {
    it.each([
      'Can I just talk to a real person?',
      'connect me with a loan officer please',
      'I want to speak to someone about my policy',
      'Have someone call me tonight',
      'is there a human I can talk to',
      'agent',
      'you are not helping, how do I reach a live agent?',
      'I said I want to talk to a person',
      'quiero hablar con una persona',
      'necesito un asesor por favor',
      'pásame con alguien de ventas',
      // "call me" after another clause, before a time or an emoji; "w/"; a slip of the key in "want"
      'ready to move forward, call me around 4:30',
      'we dont like this back and forth. call me👍',
      'put me w/ a person',
      'i wabt the manager',
    ])('finds it in "%s"', (text) => expect(signalsOf(text)).toContain('explicit_request'));

    it.each(['he will call me later', 'they call me crazy', 'if you call me i wont answer'])('not in "%s"', (text) =>
      expect(signalsOf(text)).not.toContain('explicit_request'),
    );

    it('reads a four-letter verb hit by the key beside it as the verb, and real words one key away as themselves', () => {
      expect(signalsOf('pls csll me tmrw')).toContain('explicit_request');
      expect(signalsOf('the tall guy called me yesterday')).not.toContain('explicit_request');
    });

    it.each([
      "I don't need a person yet, just send the rates",
      'my wife said talk to a real person before signing',
      'my agent is handling the inspection',
      'the listing agent never called back about the HOA',
      'our rep Maria already sent the contract',
      'no need to get a human involved',
    ])('does not find it in "%s"', (text) => expect(signalsOf(text)).not.toContain('explicit_request'));

    it('gives the span of the words that ask', () => {
      const [found] = engine.readNow({ text: 'ok. Can I talk to a human?', context: [] }).detections;
      expect(found).toMatchObject({
        signal: 'explicit_request',
        evidence: { text: 'talk to a human', start: 10, end: 25 },
        detector: 'rules',
      });
    });
  });

  describe('high intent', () => {
    it.each([
      'my contract expires Friday',
      'we need this live by Q1',
      'Zillow quoted me 6.1%, can you beat that?',
      "I'm pre-approved and ready to make an offer",
      'send me the contract, we are ready to sign',
      'our current carrier renewal is due in 10 days',
    ])('finds it in "%s"', (text) => expect(signalsOf(text)).toContain('high_intent'));

    it.each(['just looking for now, no rush', 'what neighborhoods do you cover?', 'can we talk next week?'])(
      'does not find it in "%s"',
      (text) => expect(signalsOf(text)).not.toContain('high_intent'),
    );
  });

  describe('out of the confidence band', () => {
    it.each([
      'what would my rate be with a 640 score?',
      'how much would I pay a month on a 400k loan',
      'is the closing cost tax deductible?',
      'is it legal to rent out the basement?',
      'do you have enterprise pricing for 300 seats?',
      'what premium would we get with two teen drivers?',
      'What exact interest rate would you give me on a 30-year fixed?',
      'and how much are the closing costs?',
    ])('finds it in "%s"', (text) => expect(signalsOf(text)).toContain('out_of_confidence'));

    it.each(['what time works for a call?', 'I filed my taxes last week', 'thanks, that helps'])(
      'does not find it in "%s"',
      (text) => expect(signalsOf(text)).not.toContain('out_of_confidence'),
    );
  });

  describe('sentiment shift across turns', () => {
    it('does not fire on one mild word', () =>
      expect(signalsOf('hmm, that seems a bit weird')).not.toContain('sentiment_shift'));
    it('fires on a clearly angry message', () =>
      expect(signalsOf('This is ridiculous, stop wasting my time')).toContain('sentiment_shift'));
    it.each([
      'this r not helping lol',
      'ya r not paying attention!',
      'u asked me that already',
      'u said 450k earlier, now this',
      'llevamos días esperando',
      'nadie me contesta',
      'that does not answer my q',
    ])('hears the complaint in "%s"', (text) => expect(signalsOf(text)).toContain('sentiment_shift'));
    it('does not take "we\'re with another company" for a competitor\'s offer', () => {
      expect(signalsOf('yeah we are with another company, renews in the spring')).not.toContain('high_intent');
      expect(signalsOf('another company offered me 5.9%')).toContain('high_intent');
    });
    it("fires when mild displeasure keeps rising over the lead's turns", () => {
      const context = [
        lead('that rate seems weird'),
        ai('Rates depend on a few things. What is your credit range?'),
        lead("i'm confused, why do you need that"),
      ];
      expect(signalsOf('seriously? this is confusing', context)).toContain('sentiment_shift');
      expect(signalsOf('seriously? this is confusing')).not.toContain('sentiment_shift');
    });
    it('fires when the lead has to repeat themselves', () => {
      const context = [
        lead('Can you do a 15 year fixed on a condo?'),
        ai('Great question! Are you buying or refinancing?'),
      ];
      const found = engine.readNow({
        text: 'I already told you, can you do a 15 year fixed on a condo?',
        context,
      }).detections;
      expect(found.find((d) => d.signal === 'sentiment_shift')?.reason).toMatch(/repeating|asked again/);
    });
  });

  it('leaves a hard question to a question: a message that asks nothing is no ground for the model to find one', () => {
    const unanchored = (text: string) => engine.readNow({ text, context: [] }).unanchored;
    for (const statement of [
      "Hi, I'd like to refinance my house",
      'Hello! Looking to lease a car',
      'quiero paneles solares para mi casa',
    ])
      expect(unanchored(statement)).toContain('out_of_confidence');
    for (const question of [
      'whats my payment on 300k',
      'would a chapter 7 stop me',
      'does the warranty cover hail?',
      '¿cuánto me costaría al mes?',
      'not sure if my hoa allows panels',
    ])
      expect(unanchored(question)).not.toContain('out_of_confidence');
  });

  it('names several signals in one message', () => {
    const found = new Set<SignalKind>(
      signalsOf('This is taking forever. My lease ends Friday, I need to talk to a real person now'),
    );
    expect(found).toEqual(new Set(['explicit_request', 'high_intent', 'sentiment_shift']));
  });

  describe('the bugs the issue lists, each fixed', () => {
    it('reads "what\'s" and "whats" as what is', () => {
      expect(signalsOf("what's my rate on 300k?")).toContain('out_of_confidence');
      expect(signalsOf('whats my payment on 300k')).toContain('out_of_confidence');
    });
    it('takes "an agent" as it takes "a agent", and articles or "just" between the words', () => {
      for (const text of [
        'can an agent call me',
        'have the loan guy call me',
        'can someone just call me',
        'get me on a call w sales',
        'loop in a human',
      ]) {
        expect(signalsOf(text)).toContain('explicit_request');
      }
    });
    it('sees punctuation runs glued to a word ("loan??")', () => {
      const context = [lead('how do i get a loan??'), ai('What price range are you thinking?')];
      expect(
        engine
          .readNow({ text: 'i asked about the loan??', context })
          .detections.find((d) => d.signal === 'sentiment_shift')?.reason,
      ).toMatch(/confusion/);
    });
    it('reads "i\'m in" as commitment anywhere in the message, never "i\'m in Austin"', () => {
      expect(signalsOf("ok i'm in. what do you need from me")).toContain('high_intent');
      expect(signalsOf('im in, send it over')).toContain('high_intent');
      expect(signalsOf("i'm in Austin, near downtown")).not.toContain('high_intent');
      expect(signalsOf('im in the market for a condo')).not.toContain('high_intent');
    });
    it('never reads a number after "by" as a deadline unless it is a date or a time', () => {
      expect(signalsOf('rates dropped by 15% this year')).not.toContain('high_intent');
      expect(signalsOf('my flight got delayed by 7 hours lol')).not.toContain('high_intent');
      expect(signalsOf('need it signed by the 15th')).toContain('high_intent');
      expect(signalsOf('need it by 5pm')).toContain('high_intent');
    });
    it('does not hear anger in "dumb bells"', () => {
      expect(signalsOf('got my dumb bells in the garage so we need room')).not.toContain('sentiment_shift');
      expect(signalsOf('this is dumb, stop asking')).toContain('sentiment_shift');
    });
    it('reads misspelt person words and verbs by edit distance, not from a list', () => {
      for (const text of [
        'can i tlak to a peson',
        'i need to speek with an agnet',
        'conect me with a represenative',
        'somoene call me pls',
      ]) {
        expect(signalsOf(text)).toContain('explicit_request');
      }
      // real words one edit away are left alone
      expect(signalsOf('can you walk me through the process')).not.toContain('explicit_request');
    });
  });

  describe("the AI's previous turn", () => {
    const offer = ai('Want me to have a loan officer give you a call?');
    it('reads "yes please" or a time after an offer of a person as a request for one', () => {
      expect(signalsOf('yes please', [offer])).toContain('explicit_request');
      expect(signalsOf('after 6 works', [ai('What time works for a quick call with a loan officer?')])).toContain(
        'explicit_request',
      );
      expect(signalsOf('si por favor', [ai('¿Quiere que un agente le llame?')])).toContain('explicit_request');
    });
    it('does not read the same words as a request after a plain question, or a refusal after the offer', () => {
      expect(signalsOf('yes please', [ai('Is this for your primary residence?')])).not.toContain('explicit_request');
      expect(signalsOf('no thanks, text is fine', [offer])).not.toContain('explicit_request');
    });
    it('reads "ok im in" after a quote, and "yes" to the next step, as commitment', () => {
      expect(
        signalsOf('yes lets do that', [ai('Our 30-year fixed is 6.375% today. Want me to start an application?')]),
      ).toContain('high_intent');
      expect(signalsOf('yes', [ai('Do you have a trade-in?')])).not.toContain('high_intent');
    });
  });

  describe('third round: frames, typos of complaint words, answers to an offered call, browsing', () => {
    it.each([
      'could i maybe get one of the loan people to ring me',
      "i'd really like the estimator to give me a call",
      'prefer to hear it from a live human thx',
      'patch me through with your underwriter',
      'can we set up a quick zoom with your AE',
      'pls pass my info to the licensed agent so they can call me',
      'get your scheduler to call me',
      'can i get a callback this afternoon',
      'ok this is getting annoying. can a real person take over',
      'No more bots get me a human',
      'me gustaría que me llamaran mañana',
      'conécteme con alguien x fa',
    ])('finds a request in "%s"', (text) => expect(signalsOf(text)).toContain('explicit_request'));

    it.each([
      'my husband wants to talk to a lender before we decide',
      'an agent already called me last week',
      'i dont want anyone to call me, text is fine',
      'no bots please, just text me the info',
    ])('no request in "%s"', (text) => expect(signalsOf(text)).not.toContain('explicit_request'));

    it('reads a time or a number given to an offered call as a request, and "i can do it myself" as none', () => {
      const offer = ai('Want a quick call with one of our agents to finalize the quote?');
      expect(signalsOf('i can do on my break at 2 if that works', [offer])).toContain('explicit_request');
      expect(
        signalsOf('ok, my number on file is the best one', [
          ai('I can connect you with one of our agents to go over coverage'),
        ]),
      ).toContain('explicit_request');
      expect(signalsOf('i can do it myself thanks', [offer])).not.toContain('explicit_request');
    });

    it.each([
      'this is ridiculoous',
      'Ur wasitng my time.',
      'i am kinda confused',
      "that's not what i asked",
      'I TOLD YA ALREADY IT IS $32,000',
      'wow super helpful 🙄',
      'who gave you this number?',
      "i've asked three times what my rate would be",
      'no me estan escuchando',
      'nunca me regresan la llamada',
    ])('finds a sentiment shift in "%s"', (text) => expect(signalsOf(text)).toContain('sentiment_shift'));

    it.each([
      'my listing went live yesterday',
      'first time buyer here',
      'damn thats a good rate',
      'still figuring out the budget lol',
    ])('no sentiment shift in "%s"', (text) => expect(signalsOf(text)).not.toContain('sentiment_shift'));

    it('reads a number restated from an earlier turn as repetition', () => {
      const context = [
        ai('What loan amount are you looking for?'),
        lead('around 320k'),
        ai('Sorry, what was your loan amount again?'),
      ];
      expect(signalsOf('320k', context)).toContain('sentiment_shift');
      expect(signalsOf('320k', [ai('What loan amount are you looking for?')])).not.toContain('sentiment_shift');
    });

    it('keeps a quote request alone from the model for high intent and hard questions, not one with a deadline', () => {
      const read = (text: string) => engine.readNow({ text, context: [] });
      expect(read('Hi there, I need a quote for homeowners insurance').unanchored).toEqual(
        expect.arrayContaining(['high_intent', 'out_of_confidence']),
      );
      expect(read('hola necesito una cotización de seguro de auto').unanchored).toEqual(
        expect.arrayContaining(['high_intent']),
      );
      const urgent = read('need a quote asap, policy ends friday');
      expect(urgent.unanchored).not.toContain('high_intent');
      expect(urgent.detections.map((d) => d.signal)).toContain('high_intent');
    });
  });

  describe('fourth round: kinds rather than phrases', () => {
    it.each([
      'does a real person ever answer over there?',
      'are there any humans working there today',
      'can we get your roofer to go over the estimate with us',
      'i need someone to walk me through the closing docs',
      "what's the number for your finance manager",
      'is there an office where i can meet someone',
      'need some real help here, not a script',
      'r u ai? connect me with someone',
      'prefiero una llamada, es más fácil',
      '¿con quién hablo para lo del seguro?',
    ])('finds a request in "%s"', (text) => expect(signalsOf(text)).toContain('explicit_request'));

    it.each([
      'what is the number of panels we would need',
      'my number of dependents changed this year',
      'we met someone from your team at the home show',
      'do people usually lock the rate before the appraisal?',
    ])('finds no request in "%s"', (text) => expect(signalsOf(text)).not.toContain('explicit_request'));

    it.each([
      'ur not helping at all',
      'stop dodging and give me a number',
      'yall never call back',
      'nobody ever follows up with me',
      'still no call from the installer',
      'i have emailed four times about this',
      'i asked twice already what the fee is',
      'the whole process is a nightmare',
      'every agent gives me a different answer',
    ])('hears a complaint in "%s"', (text) => expect(signalsOf(text)).toContain('sentiment_shift'));

    it.each([
      'i asked my wife and she agrees',
      'i said yes to the inspection already, thanks',
      'the old furnace gave us a headache for years lol',
      'i called the county about the permit',
    ])('hears none in "%s"', (text) => expect(signalsOf(text)).not.toContain('sentiment_shift'));

    it('reads another firm\'s offer, a start offered soon and a breakdown as high intent, a bare "what do you need" opener not', () => {
      expect(signalsOf('got a quote from a local installer, can you beat it')).toContain('high_intent');
      expect(signalsOf('we can sign tomorrow if the numbers hold')).toContain('high_intent');
      expect(signalsOf('what do you need from me to get started')).toContain('high_intent');
      expect(signalsOf('our furnace just stopped working')).toContain('high_intent');
      expect(signalsOf('hi what do you need to get started')).not.toContain('high_intent');
    });

    it('reads technical fit and case-specific requirements as hard questions', () => {
      expect(signalsOf('does it integrate with our netsuite instance?')).toContain('out_of_confidence');
      expect(signalsOf('do i need a contractor license for that?')).toContain('out_of_confidence');
      expect(signalsOf('just tell me my rate')).toContain('out_of_confidence');
    });

    it('reads one typo in the words a frame is built on, but no real word as another', () => {
      expect(signalsOf('is theer a phone numebr i can call someone')).toContain('explicit_request');
      expect(signalsOf('i nede a person to explain the quote')).toContain('explicit_request');
      expect(signalsOf('are there any humans worknig there?')).toContain('explicit_request');
      expect(signalsOf('nobody ever follows up with me')).toContain('sentiment_shift');
      expect(signalsOf('these three numbers are my options?')).not.toContain('explicit_request');
    });

    it('hears "if you\'re a bot" and "r u real" as the identity question', () => {
      const asks = (text: string) => engine.readNow({ text, context: [] }).identityQuestion;
      expect(asks("if you're a bot just say so")).toMatchObject({ detector: 'rules' });
      expect(asks('r u real')).toMatchObject({ detector: 'rules' });
      expect(asks('are you real estate licensed in ohio?')).toBeUndefined();
    });
  });

  describe('are you a bot?', () => {
    const asks = (text: string) => engine.readNow({ text, context: [] }).identityQuestion;
    it.each([
      'are you a bot?',
      'is this a real person?',
      'am i talking to AI',
      'r u human',
      'bot or human?',
      '¿eres un robot?',
      'estoy hablando con una máquina?',
    ])('hears it in "%s"', (text) => expect(asks(text)).toMatchObject({ detector: 'rules' }));
    it.each([
      'are you a real estate agent?',
      'my son uses chatgpt for everything',
      'is this the right number?',
      'the robot vacuum was a gift lol',
    ])('not in "%s"', (text) => expect(asks(text)).toBeUndefined());
    it('names the language it was asked in and is not a request for a person by itself', () => {
      expect(asks('¿eres una persona real?')).toMatchObject({ language: 'es' });
      expect(signalsOf('am i talking to a real person?')).not.toContain('explicit_request');
    });
  });
});
