import {
  Frames,
  MAX_PAGE,
  toConversationStates,
  toMessages,
  type Message,
  type ServerFrame,
} from "./frames.js";
import type { Inbox } from "./inbox.js";

/** A page of older messages (`sync` with `before`). */
export interface HistoryPage {
  messages: Message[];
  more: boolean;
}

/** A `sync` in flight, by its `ref`: the answer says nothing else about which request it answers. */
type Request =
  | { kind: "state"; afterConv: string | null }
  | { kind: "conv"; conv: string }
  | History;

interface History {
  kind: "history";
  conv: string;
  before: number;
  limit: number;
  resolve: (p: HistoryPage) => void;
  reject: (e: Error) => void;
}

export interface SyncerIo {
  /** Writes a frame on the current connection; false if there is none. */
  write(frame: string): boolean;
  connected(): boolean;
  /** A `ref` never used before by this client, so an answer cannot be matched to the wrong request. */
  nextRef(): number;
  /** The wait before retrying a sync the server could not answer now (`unavailable`). */
  retryDelayMs(): number;
  /** A `messages` answer carried `peerDelivered` for `conv`. */
  peerDelivered(conv: string, seq: number): void;
}

/** Error codes after which the same sync is asked again later. */
const RETRY = new Set(["unavailable", "rate_limited", "internal"]);

/**
 * The sync side of the client (docs/protocol.md, "Receiving"): at every connect, ask what this device
 * is missing (`sync_state`, paged by `afterConv`), then page through each such conversation from the
 * newest message held (`after`); on a gap, the same for one conversation. At most one forward sync
 * per conversation is in flight. History pages (`before`) go to their caller, never to the inbox.
 */
export class Syncer {
  private readonly inFlight = new Map<number, Request>();
  private readonly syncing = new Set<string>();
  /** Conversations that showed a gap while a sync of them was in flight: sync again after it if still needed. */
  private readonly resync = new Set<string>();
  /** History requests waiting for a connection. */
  private waiting: History[] = [];
  /** Retries waiting for their time, with the history request each carries (kept across a reset). */
  private readonly retryTimers = new Map<ReturnType<typeof setTimeout>, History | null>();

  constructor(
    private readonly inbox: Inbox,
    private readonly io: SyncerIo,
  ) {}

  /** Every conversation with something past this device's cursor (as at connect). */
  all(): void {
    this.requestState(null);
  }

  /** One conversation, from the newest message held. */
  conversation(conv: string): void {
    if (!this.io.connected()) {
      return; // the sync at the next welcome covers it
    }
    if (this.syncing.has(conv)) {
      this.resync.add(conv); // the page in flight may end before the message that showed the gap
      return;
    }
    const ref = this.io.nextRef();
    if (this.io.write(Frames.syncAfter(ref, conv, this.inbox.held(conv), MAX_PAGE))) {
      this.syncing.add(conv);
      this.inFlight.set(ref, { kind: "conv", conv });
    }
  }

  /** Older messages of `conv`: the newest `limit` below `before`, oldest first. */
  history(conv: string, before: number, limit: number): Promise<HistoryPage> {
    return new Promise<HistoryPage>((resolve, reject) => {
      const h: History = { kind: "history", conv, before, limit, resolve, reject };
      if (!this.sendHistory(h)) {
        this.waiting.push(h); // sent at the next welcome
      }
    });
  }

  /** Welcomed: the history requests that waited for a connection go out. */
  connected(): void {
    const w = this.waiting;
    this.waiting = [];
    for (const h of w) {
      if (!this.sendHistory(h)) {
        this.waiting.push(h);
      }
    }
  }

  /** A `sync_state` answer; false if it answers nothing of ours. */
  onSyncState(f: ServerFrame): boolean {
    const req = this.take(f.ref);
    if (req === undefined || req.kind !== "state") {
      return false;
    }
    let last: string | null = null;
    for (const c of toConversationStates(f)) {
      // From max(held, delivered): what the device got in an earlier session is not handed over again.
      this.inbox.atLeast(c.conv, c.delivered);
      if (c.lastSeq > this.inbox.held(c.conv)) {
        this.conversation(c.conv);
      }
      last = c.conv;
    }
    if (f.more === true && last !== null) {
      this.requestState(last);
    }
    return true;
  }

  /** A `messages` answer; false if it answers nothing of ours. */
  onMessages(f: ServerFrame): boolean {
    const req = this.take(f.ref);
    if (req === undefined || req.kind === "state") {
      return false;
    }
    const conv = typeof f.conv === "string" ? f.conv : req.conv;
    if (typeof f.peerDelivered === "number" && f.peerDelivered > 0) {
      this.io.peerDelivered(conv, f.peerDelivered);
    }
    const messages = toMessages(f);
    if (req.kind === "history") {
      req.resolve({ messages, more: f.more === true });
      return true;
    }
    this.syncing.delete(req.conv);
    for (const m of messages) {
      this.inbox.offer(m);
    }
    const gapSeen = this.resync.delete(req.conv);
    // Page on from what is now held while `more`; an empty page with `more` would loop, so it ends here.
    if ((f.more === true && messages.length > 0) || (gapSeen && this.inbox.hasGap(req.conv))) {
      this.conversation(req.conv);
    }
    return true;
  }

  /** An `error` frame with a `ref`; false if it answers nothing of ours. */
  onError(ref: unknown, code: string, message: string): boolean {
    const req = this.take(ref);
    if (req === undefined) {
      return false;
    }
    const retry = RETRY.has(code);
    if (req.kind === "conv") {
      this.syncing.delete(req.conv);
      this.resync.delete(req.conv);
      if (retry) {
        this.later(() => this.conversation(req.conv));
      }
      // forbidden (no longer a member) or validation_failed: nothing to fetch.
    } else if (req.kind === "state") {
      if (retry) {
        this.later(() => this.requestState(req.afterConv));
      }
    } else if (retry) {
      this.later(() => {
        if (!this.sendHistory(req)) {
          this.waiting.push(req);
        }
      }, req);
    } else {
      req.reject(new Error(`history of ${req.conv}: ${code}: ${message}`));
    }
    return true;
  }

  /** The connection dropped: nothing is in flight any more; history requests wait for the next one. */
  reset(): void {
    for (const req of this.inFlight.values()) {
      if (req.kind === "history") {
        this.waiting.push(req);
      }
    }
    this.inFlight.clear();
    this.syncing.clear();
    this.resync.clear();
    for (const [t, history] of this.retryTimers) {
      clearTimeout(t);
      if (history !== null) {
        this.waiting.push(history);
      }
    }
    this.retryTimers.clear();
  }

  /** The client closed: history requests fail. */
  close(why: Error): void {
    this.reset();
    const w = this.waiting;
    this.waiting = [];
    for (const h of w) {
      h.reject(why);
    }
  }

  private requestState(afterConv: string | null): void {
    if (!this.io.connected()) {
      return;
    }
    const ref = this.io.nextRef();
    if (this.io.write(Frames.syncState(ref, afterConv, MAX_PAGE))) {
      this.inFlight.set(ref, { kind: "state", afterConv });
    }
  }

  private sendHistory(h: History): boolean {
    if (!this.io.connected()) {
      return false;
    }
    const ref = this.io.nextRef();
    if (!this.io.write(Frames.syncBefore(ref, h.conv, h.before, h.limit))) {
      return false;
    }
    this.inFlight.set(ref, h);
    return true;
  }

  private take(ref: unknown): Request | undefined {
    if (typeof ref !== "number") {
      return undefined;
    }
    const req = this.inFlight.get(ref);
    this.inFlight.delete(ref);
    return req;
  }

  private later(task: () => void, history: History | null = null): void {
    const t = setTimeout(() => {
      this.retryTimers.delete(t);
      task();
    }, this.io.retryDelayMs());
    this.retryTimers.set(t, history);
  }
}
