import { placeOfNumber, stateOf } from './place';
import { strictestPlace } from './windows';

describe('where a lead is, from their number', () => {
  it('reads the state from the geocoder', () => {
    expect(stateOf('Texas')).toBe('TX');
    expect(stateOf('San Francisco, CA')).toBe('CA');
    expect(stateOf('Washington State')).toBe('WA');
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(stateOf(key)).toBeUndefined();
    expect(stateOf('Atlantis')).toBeUndefined();
  });
  it('places a number by its area code', async () => {
    expect(await placeOfNumber('+13055550100')).toEqual({ zones: ['America/New_York'], state: 'FL' }); // Miami
    expect(await placeOfNumber('+15125550100')).toEqual({ zones: ['America/Chicago'], state: 'TX' }); // Austin
    expect(await placeOfNumber('+12065550100')).toEqual({ zones: ['America/Los_Angeles'], state: 'WA' }); // Seattle
  });
  it('falls back to the strictest place when the number says nothing', async () => {
    expect(await placeOfNumber('not a number')).toEqual(strictestPlace);
  });
});
