import { Backoff } from "./backoff.js";
import { Frames, MAX_FRAME_LENGTH, type Accepted } from "./frames.js";

/** The server refused a message for good (`blocked`, `forbidden`, `validation_failed`): resending will not help. */
export class SendRefusedError extends Error {
  readonly code: string;
  readonly clientMsgId: string;

  constructor(code: string, clientMsgId: string, message?: string) {
    super(message ? `${code}: ${message}` : code);
    this.name = "SendRefusedError";
    this.code = code;
    this.clientMsgId = clientMsgId;
  }
}

/** Error codes that end a send: the server stored nothing and never will. */
const FINAL = new Set(["blocked", "forbidden", "validation_failed"]);
/** Error codes after which the same send is written again after a backoff. */
const RETRY = new Set(["unavailable", "rate_limited"]);

/** A message waiting for its `accepted`. */
export interface Pending {
  readonly clientMsgId: string;
  /** The recipient user, or the group id when `group`. */
  readonly to: string;
  readonly group: boolean;
  readonly body: string;
  /** When it was first written (epoch ms), 0 before that. */
  firstSentAt: number;
  readonly frame: string;
  readonly resolve: (a: Accepted) => void;
  readonly reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  retries: Backoff | undefined;
}

export interface OutboxIo {
  /** Writes a frame on the current connection; false if there is none. */
  write(frame: string): boolean;
  /** Whether a connection is up (welcomed). */
  connected(): boolean;
}

export interface OutboxOptions {
  resendAfterMs: number;
  backoff: { baseMs: number; maxMs: number };
  newId?: () => string;
  /** Told about every send refused for good (its promise rejects too). */
  onRefused?: (e: SendRefusedError) => void;
}

/**
 * Messages sent but not yet `accepted`, in the order they were sent. Each is written again after a
 * reconnect and whenever it has waited `resendAfterMs`, always with its first clientMsgId, so the
 * server stores it once however often it arrives (docs/protocol.md, "Sending").
 */
export class Outbox {
  private readonly pending = new Map<string, Pending>();
  private readonly newId: () => string;

  constructor(
    private readonly io: OutboxIo,
    private readonly options: OutboxOptions,
  ) {
    this.newId = options.newId ?? randomId;
  }

  /** Queues a message and writes it at once when connected; settles on `accepted` or a refusal. */
  add(to: string, group: boolean, body: string): Promise<Accepted> {
    const clientMsgId = this.newId();
    const frame = Frames.send(clientMsgId, to, group, body);
    let resolve!: (a: Accepted) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<Accepted>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Handled here so that a fire-and-forget send cannot crash Node with an unhandled rejection;
    // the caller's own .then/.catch still sees the outcome, and "refused" tells listeners.
    promise.catch(() => {});
    if (frame.length > MAX_FRAME_LENGTH) {
      // The gateway would close the connection (1009) and the resend after the reconnect would do
      // the same, forever: refuse it here.
      const e = new SendRefusedError("validation_failed", clientMsgId, `the frame exceeds ${MAX_FRAME_LENGTH} characters`);
      reject(e);
      this.options.onRefused?.(e);
      return promise;
    }
    const p: Pending = {
      clientMsgId,
      to,
      group,
      body,
      firstSentAt: 0,
      frame,
      resolve,
      reject,
      timer: undefined,
      retries: undefined,
    };
    this.pending.set(clientMsgId, p);
    if (this.io.connected()) {
      this.write(p);
    }
    return promise;
  }

  /** Writes every pending message again, in the order sent (after a reconnect). */
  resendAll(): void {
    for (const p of this.pending.values()) {
      this.write(p);
    }
  }

  /** Completes the message `a` answers and returns it; undefined if it was answered before. */
  accepted(a: Accepted): Pending | undefined {
    const p = this.pending.get(a.clientMsgId);
    if (p === undefined) {
      return undefined; // the answer to a resend of a message already accepted
    }
    this.forget(p);
    p.resolve(a);
    return p;
  }

  /** An `error` frame naming `clientMsgId`. */
  error(clientMsgId: string, code: string, message: string): void {
    const p = this.pending.get(clientMsgId);
    if (p === undefined) {
      return;
    }
    if (FINAL.has(code)) {
      this.forget(p);
      const e = new SendRefusedError(code, clientMsgId, message);
      p.reject(e);
      this.options.onRefused?.(e);
    } else if (RETRY.has(code)) {
      // Nothing was stored: write it again after a backoff, one per message so a burst over the
      // rate limit spreads out.
      p.retries ??= new Backoff(this.options.backoff.baseMs, this.options.backoff.maxMs);
      this.schedule(p, p.retries.nextMs());
    }
    // Any other code: the message stays pending and the resend timer writes it again.
  }

  /** The connection dropped: no timers until the next welcome resends everything. */
  disconnected(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.timer = undefined;
    }
  }

  /** Fails every pending message (the client closes). */
  failAll(why: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) {
      clearTimeout(p.timer);
      p.reject(why);
    }
  }

  size(): number {
    return this.pending.size;
  }

  private write(p: Pending): void {
    if (this.io.write(p.frame)) {
      if (p.firstSentAt === 0) {
        p.firstSentAt = Date.now();
      }
      // No answer within resendAfterMs (lost on a dying node, say): write it again, same id.
      this.schedule(p, this.options.resendAfterMs);
    }
  }

  private schedule(p: Pending, delayMs: number): void {
    clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      p.timer = undefined;
      if (this.pending.get(p.clientMsgId) === p && this.io.connected()) {
        this.write(p);
      }
    }, delayMs);
  }

  private forget(p: Pending): void {
    clearTimeout(p.timer);
    this.pending.delete(p.clientMsgId);
  }
}

/** A random UUID: crypto.randomUUID where available (it needs a secure context in browsers). */
export function randomId(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c !== undefined && typeof c.randomUUID === "function") {
    return c.randomUUID();
  }
  const b = new Uint8Array(16);
  if (c !== undefined && typeof c.getRandomValues === "function") {
    c.getRandomValues(b);
  } else {
    for (let i = 0; i < b.length; i++) {
      b[i] = Math.floor(Math.random() * 256);
    }
  }
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40; // version 4
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80; // variant 10
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
