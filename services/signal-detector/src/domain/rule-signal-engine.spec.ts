import { RuleSignalEngine } from './rule-signal-engine';
import type { SignalKind, Turn } from './signal-engine.port';

// Examples written for Baton, from the sales conversations it serves: mortgage, insurance, real estate, B2B.
const engine = new RuleSignalEngine();
const signalsOf = (text: string, context: Turn[] = []) =>
  engine.detectNow({ text, context }).filter((d) => d.confidence >= 0.5).map((d) => d.signal);
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
    ])('finds it in "%s"', (text) => expect(signalsOf(text)).toContain('explicit_request'));

    it.each([
      "I don't need a person yet, just send the rates",
      'my wife said talk to a real person before signing',
      'my agent is handling the inspection',
      'the listing agent never called back about the HOA',
      'our rep Maria already sent the contract',
      'no need to get a human involved',
    ])('does not find it in "%s"', (text) => expect(signalsOf(text)).not.toContain('explicit_request'));

    it('gives the span of the words that ask', () => {
      const [found] = engine.detectNow({ text: 'ok. Can I talk to a human?', context: [] });
      expect(found).toMatchObject({ signal: 'explicit_request', evidence: { text: 'talk to a human', start: 10, end: 25 }, detector: 'rules' });
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

    it.each([
      'just looking for now, no rush',
      'what neighborhoods do you cover?',
      'can we talk next week?',
    ])('does not find it in "%s"', (text) => expect(signalsOf(text)).not.toContain('high_intent'));
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

    it.each(['what time works for a call?', 'I filed my taxes last week', 'thanks, that helps'])('does not find it in "%s"', (text) =>
      expect(signalsOf(text)).not.toContain('out_of_confidence'));
  });

  describe('sentiment shift across turns', () => {
    it('does not fire on one mild word', () => expect(signalsOf('hmm, that seems a bit weird')).not.toContain('sentiment_shift'));
    it('fires on a clearly angry message', () => expect(signalsOf('This is ridiculous, stop wasting my time')).toContain('sentiment_shift'));
    it('fires when mild displeasure keeps rising over the lead\'s turns', () => {
      const context = [lead('that rate seems weird'), ai('Rates depend on a few things. What is your credit range?'), lead("i'm confused, why do you need that")];
      expect(signalsOf('seriously? this is confusing', context)).toContain('sentiment_shift');
      expect(signalsOf('seriously? this is confusing')).not.toContain('sentiment_shift');
    });
    it('fires when the lead has to repeat themselves', () => {
      const context = [lead('Can you do a 15 year fixed on a condo?'), ai('Great question! Are you buying or refinancing?')];
      const found = engine.detectNow({ text: 'I already told you, can you do a 15 year fixed on a condo?', context });
      expect(found.find((d) => d.signal === 'sentiment_shift')?.reason).toMatch(/repeating|asked again/);
    });
  });

  it('names several signals in one message', () => {
    const found = new Set<SignalKind>(signalsOf('This is taking forever. My lease ends Friday, I need to talk to a real person now'));
    expect(found).toEqual(new Set(['explicit_request', 'high_intent', 'sentiment_shift']));
  });
});
