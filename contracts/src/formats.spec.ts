import { isTimeZone } from './formats';

describe('the time-zone format', () => {
  it('accepts a zone the runtime knows and refuses others, the same when asked again (the answers are kept)', () => {
    for (let round = 0; round < 2; round++) {
      expect(isTimeZone('America/New_York')).toBe(true);
      expect(isTimeZone('UTC')).toBe(true);
      expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
      expect(isTimeZone('America/New_York; DROP')).toBe(false);
    }
  });
});
