// Where the next connect goes and how long to wait first: the bootstrap gateways in turn, a
// `redirect` (close 4307) followed at once, and a full-jitter backoff after any other failure. Also
// the URL of a connect. Used by Connection only, on the caller's event loop (no timers of its own).

import { Backoff } from "./backoff.js";

/** Redirects followed at once in a row; the next one waits a backoff (two nodes must not bounce a client in a hot loop). */
const MAX_REDIRECTS = 5;
/** Close code 4307: another node owns the user; the `redirect` frame before it says where. */
const REDIRECT = 4307;

export class Placement {
  private readonly backoff: Backoff;
  private bootstrap = 0;
  private redirectTo: string | null = null;
  private redirects = 0;

  constructor(
    private readonly gateways: string[],
    backoff: { baseMs: number; maxMs: number },
  ) {
    this.backoff = new Backoff(backoff.baseMs, backoff.maxMs);
  }

  /** The target of the next attempt: the pending redirect's URL, else the next bootstrap gateway. */
  next(): string {
    const target = this.redirectTo ?? this.gateways[this.bootstrap++ % this.gateways.length]!;
    this.redirectTo = null;
    return target;
  }

  /** A `redirect` frame: the close that follows it sends the next attempt there. */
  redirected(url: unknown): void {
    this.redirectTo = typeof url === "string" && url.length > 0 ? url : null;
  }

  /** Whether a close with `code` is a redirect to follow at once (counted); if not, redirects start over. */
  followsRedirect(code: number): boolean {
    if (code === REDIRECT && this.redirectTo !== null && this.redirects < MAX_REDIRECTS) {
      this.redirects++;
      return true;
    }
    // Redirects bouncing between nodes (a ring in flux) are followed again after a backoff, so an
    // owner that is not a bootstrap gateway is still reached.
    this.redirectTo = null;
    this.redirects = 0;
    return false;
  }

  /** The wait before retrying after a failure. */
  delayMs(): number {
    return this.backoff.nextMs();
  }

  /** A welcome: the placement worked, the next failure starts from the shortest wait. */
  welcomed(): void {
    this.backoff.reset();
    this.redirects = 0;
  }
}

/**
 * The URL of a connect: the target (a bootstrap gateway, or a redirect's URL, which already names
 * the device) with `device` and the token in the query, since browsers cannot set headers.
 */
export function connectUrl(target: string, device: string, token: string): string {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  const url = base !== undefined ? new URL(target, base) : new URL(target);
  if (url.protocol === "http:") {
    url.protocol = "ws:";
  } else if (url.protocol === "https:") {
    url.protocol = "wss:";
  }
  if (!url.searchParams.has("device")) {
    url.searchParams.set("device", device);
  }
  url.searchParams.set("token", token);
  return url.toString();
}
