/**
 * Exponential backoff with full jitter: attempt n waits a uniform random time in
 * [0, min(maxMs, baseMs·2ⁿ)]. The jitter spreads the reconnects of a dead node's users over the
 * window instead of a stampede on the surviving gateways (which throttle connects, close 4429).
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The wait before the next attempt, in milliseconds. */
  nextMs(): number {
    const cap = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    // random() is in [0, 1): floor over cap + 1 values makes both ends reachable.
    return Math.min(cap, Math.floor(this.random() * (cap + 1)));
  }

  /** Back to the shortest wait (after a successful connect). */
  reset(): void {
    this.attempt = 0;
  }
}
