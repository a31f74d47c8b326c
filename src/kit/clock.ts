/** Time in unix seconds, like Stripe. Injected everywhere so tests can move it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  set(t: number): void {
    this.#now = t;
  }
  advance(seconds: number): void {
    this.#now += seconds;
  }
}
