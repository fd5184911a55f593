/** Time, as every use case reads it. Epoch milliseconds. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock the local cloud and tests move: `set(now)` or `advance(ms)`; without either it follows real time. */
export class ControlledClock implements Clock {
  private offset = 0;
  constructor(private readonly base: () => number = () => Date.now()) {}
  now(): number {
    return this.base() + this.offset;
  }
  set(now: number): void {
    this.offset = now - this.base();
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}
