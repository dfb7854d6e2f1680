import type { Slot } from '@baton/contracts';

/** An offer made Tuesday 2026-03-03 at 09:00 in New York: tomorrow (Wednesday) at 10:30 or 1:15. */
export const offerContext = { zone: 'America/New_York', now: '2026-03-03T14:00:00Z' };
export const offered: Slot[] = [
  { start: '2026-03-04T15:30:00.000Z', end: '2026-03-04T15:45:00.000Z' },
  { start: '2026-03-04T18:15:00.000Z', end: '2026-03-04T18:30:00.000Z' },
];
export type Expected = { kind: 'pick'; index: number } | { kind: 'either' } | { kind: 'unclear' } | { kind: 'other'; wish?: Record<string, unknown> };

/**
 * Held out: written before the parser was first run and never used to tune it. The test holds them to
 * "never a wrong booking" (a miss may only be a clarifying question) and reports how many it reads right.
 */
export const heldOut: [string, Expected][] = [
  ["I'll take the 1:15", { kind: 'pick', index: 1 }],
  ['10:30 is perfect', { kind: 'pick', index: 0 }],
  ['lets do the first', { kind: 'pick', index: 0 }],
  ['number 2 please', { kind: 'pick', index: 1 }],
  ['the afternoon one', { kind: 'pick', index: 1 }],
  ['morning works better for me', { kind: 'pick', index: 0 }],
  ['either time is good', { kind: 'either' }],
  ['neither works, maybe thursday?', { kind: 'other' }],
  ['do you have anything next week instead', { kind: 'other' }],
  ['la segunda está bien', { kind: 'pick', index: 1 }],
  ['prefiero a la 1:15', { kind: 'pick', index: 1 }],
  ['cualquiera de las dos', { kind: 'either' }],
  ['ninguna me sirve', { kind: 'other' }],
  ['hmm what', { kind: 'unclear' }],
  ['Wednesday at 10:30 works', { kind: 'pick', index: 0 }],
  ['1:15pm', { kind: 'pick', index: 1 }],
  ["can't do tomorrow, friday?", { kind: 'other' }],
  ['go with the earlier one', { kind: 'pick', index: 0 }],
];
