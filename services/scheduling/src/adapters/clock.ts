/** Time is an input: everything in scheduling that depends on now asks this (tests give their own). */
export interface Clock {
  now(): string;
}
export const CLOCK = Symbol('Clock');
export const systemClock: Clock = { now: () => new Date().toISOString() };
