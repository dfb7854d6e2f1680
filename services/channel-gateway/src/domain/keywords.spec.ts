import { keywordMeaning } from './keywords';

describe('keywords', () => {
  it.each([
    'STOP',
    'stop',
    ' Stop ',
    'STOPALL',
    'unsubscribe',
    'Cancel',
    'END',
    'quit',
    'REVOKE',
    'OptOut',
    'opt out',
    'stop.',
    'S T O P',
  ])('"%s" opts out', (body) => expect(keywordMeaning(body)).toBe('opt_out'));
  it.each(['START', 'start', 'Unstop'])('"%s" opts in', (body) => expect(keywordMeaning(body)).toBe('opt_in'));
  it.each(['HELP', 'help', 'Info'])('"%s" asks for help', (body) => expect(keywordMeaning(body)).toBe('help'));
  it.each([
    'please stop texting me',
    "don't text me again",
    'remove me from your list',
    'no more texts please',
    'no me escribas más',
  ])('"%s" revokes in the lead\'s own words', (body) => expect(keywordMeaning(body)).toBe('revocation'));
  it.each([
    'stop by the open house at 5?',
    'can we end the call early',
    'I want to cancel my old policy and switch to you',
    'help me compare rates',
  ])('"%s" is not a keyword', (body) => expect(keywordMeaning(body)).toBe('none'));
});
