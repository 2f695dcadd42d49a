import type { Clock } from "../../src/core/clock.js";

/**
 * Real time that starts at `anchor` and runs on, and that a test can move
 * forward: order and durations between steps stay real, while a wait the
 * server measures (a grace period, say) ends when the test says, however
 * slow the machine is.
 */
export class RunningClock implements Clock {
  private readonly startedAt = Date.now();
  private skipped = 0;

  constructor(private readonly anchor: Date = new Date()) {}

  now(): Date {
    return new Date(this.anchor.getTime() + (Date.now() - this.startedAt) + this.skipped);
  }

  /** Moves the clock `ms` forward at once. */
  advance(ms: number): void {
    this.skipped += ms;
  }
}
