// ImClient: the public API of the SDK and the wiring of its parts. It owns the presence
// subscriptions and what every new session must redo (resends, subscriptions, syncs, acks due).
// Elsewhere: the socket lifecycle (connection.ts, placement.ts), inbound frames (router.ts), ack
// coalescing (acks.ts), option checks and defaults (options.ts).
//
// Event loop: everything runs on the caller's single event loop; listeners are called synchronously
// from it, and a listener that throws is reported without disturbing the client (events.ts).

import { Acks } from "./acks.js";
import { Backoff } from "./backoff.js";
import { Connection, type ConnectionState, type StateChange } from "./connection.js";
import { Emitter } from "./events.js";
import {
  Frames,
  MAX_USERS_PER_SUBSCRIBE,
  type Accepted,
  type Delivered,
  type Message,
  type Presence,
  type ServerFrame,
} from "./frames.js";
import { Inbox } from "./inbox.js";
import { settingsOf, type ClientOptions } from "./options.js";
import { Outbox, type SendRefusedError } from "./outbox.js";
import { Placement } from "./placement.js";
import { Router, type ClientEvents } from "./router.js";
import { Syncer, type HistoryPage } from "./syncer.js";

/** The default of `history`. */
const HISTORY_PAGE = 50;

/**
 * The client of docs/protocol.md. It keeps one connection to the gateway that owns its user and
 * hides the failure cases from the application:
 *
 * - placement: connects to any gateway and follows `redirect`;
 * - reconnect: after any unexpected close, with exponential backoff and full jitter, cycling over the
 *   bootstrap gateways;
 * - sync: at every welcome (and once more `resyncAfterMs` later after a failure, for messages routed to
 *   a dead node while the cluster noticed), and on every gap;
 * - delivery: every conversation reaches "message" listeners in seq order, gap-free, each message once,
 *   the user's own messages included;
 * - sending: a message stays in the outbox until `accepted`, written again with the same clientMsgId
 *   after a reconnect or `resendAfterMs`, so the server stores it once.
 *
 * Everything runs on the caller's event loop; listeners are called synchronously from it.
 */
export class ImClient {
  private readonly resyncAfterMs: number;
  private readonly events = new Emitter<ClientEvents>();
  private readonly connection: Connection;
  private readonly inbox: Inbox;
  private readonly outbox: Outbox;
  private readonly syncer: Syncer;
  private readonly router: Router;
  private readonly acks: Acks;
  /** Waits before asking again a sync the server could not answer; reset at every welcome. */
  private readonly syncBackoff: Backoff;
  private readonly subscriptions = new Set<string>();
  private ref = 0;

  constructor(options: ClientOptions) {
    const s = settingsOf(options);
    this.resyncAfterMs = s.resyncAfterMs;
    this.syncBackoff = new Backoff(s.backoff.baseMs, s.backoff.maxMs);
    this.connection = new Connection(
      new Placement(s.gateways, s.backoff),
      { device: s.device, token: s.token, open: s.webSocket },
      {
        welcomed: (f, afterFailure) => this.welcomed(f, afterFailure),
        frame: (f) => this.router.frame(f),
        lost: () => {
          this.syncer.reset();
          this.outbox.disconnected();
        },
        state: (change) => this.events.emit("state", change),
      },
    );
    const io = { write: (f: string) => this.connection.write(f), connected: () => this.connection.live };
    this.inbox = new Inbox(
      (m) => this.events.emit("message", m),
      (conv) => this.syncer.conversation(conv),
      () => this.acks.schedule(),
    );
    this.acks = new Acks(this.inbox, io, s.ackDelayMs);
    this.outbox = new Outbox(io, {
      resendAfterMs: s.resendAfterMs,
      backoff: s.backoff,
      onRefused: (e) => this.events.emit("refused", e),
    });
    this.syncer = new Syncer(this.inbox, {
      ...io,
      nextRef: () => ++this.ref,
      retryDelayMs: () => this.syncBackoff.nextMs(),
      peerDelivered: (conv, seq) => this.router.syncedPeer(conv, seq),
    });
    this.router = new Router({ inbox: this.inbox, outbox: this.outbox, syncer: this.syncer, events: this.events });
  }

  /** Connects; from then on reconnects after every unexpected close until {@link close}. */
  start(): void {
    this.connection.start();
  }

  /** State "closed": no reconnect, pending sends and history requests rejected. */
  close(): void {
    if (this.connection.closed) {
      return;
    }
    this.acks.close(); // what the application got is recorded: the next session starts after it
    this.connection.close(() => {
      const why = new Error("ImClient closed");
      this.outbox.failAll(why);
      this.syncer.close(why);
    });
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  /** The gateway node id from the current welcome; null while not connected. */
  get node(): string | null {
    return this.connection.node;
  }

  get userId(): string | null {
    return this.router.userId;
  }

  /** A direct message; resolves once stored, rejects with SendRefusedError if refused for good. */
  send(to: string, body: string): Promise<Accepted> {
    return this.enqueue(to, false, body);
  }

  /** A message to the group `groupId` (the user must be a member). */
  sendToGroup(groupId: string, body: string): Promise<Accepted> {
    return this.enqueue(groupId, true, body);
  }

  private enqueue(to: string, group: boolean, body: string): Promise<Accepted> {
    if (this.connection.closed) {
      return Promise.reject(new Error("ImClient closed"));
    }
    return this.outbox.add(to, group, body);
  }

  /** Sends not yet accepted. */
  pending(): number {
    return this.outbox.size();
  }

  /**
   * The newest `limit` messages of `conv` with seq below `before`, oldest first, and whether older
   * ones remain. Not fed to the inbox: "message" listeners do not see them.
   */
  history(conv: string, before: number, limit: number = HISTORY_PAGE): Promise<HistoryPage> {
    if (this.connection.closed) {
      return Promise.reject(new Error("ImClient closed"));
    }
    const l = Math.max(1, Math.min(500, Math.floor(limit)));
    return this.syncer.history(conv, before, l);
  }

  /** Presence of `users` ("presence" events); remembered and subscribed again after every reconnect. */
  subscribe(users: string[]): void {
    const fresh = [...new Set(users)].filter((u) => !this.subscriptions.has(u));
    fresh.forEach((u) => this.subscriptions.add(u));
    if (this.connection.live) {
      this.writeInChunks(fresh, Frames.subscribe);
    }
  }

  unsubscribe(users: string[]): void {
    const known = [...new Set(users)].filter((u) => this.subscriptions.delete(u));
    if (this.connection.live) {
      this.writeInChunks(known, Frames.unsubscribe);
    }
  }

  /** What the inbox holds per conversation: the highest seq handed to the application. */
  conversations(): { conv: string; lastSeq: number }[] {
    return this.inbox.conversations();
  }

  /** The highest seq the other participant's devices hold in `conv`; 0 if unknown. */
  peerDelivered(conv: string): number {
    return this.router.peerDelivered(conv);
  }

  on(event: "message", listener: (m: Message) => void): () => void;
  on(event: "accepted", listener: (a: Accepted) => void): () => void;
  on(event: "state", listener: (s: StateChange) => void): () => void;
  on(event: "presence", listener: (p: Presence) => void): () => void;
  on(event: "delivered", listener: (d: Delivered) => void): () => void;
  on(event: "refused", listener: (e: SendRefusedError) => void): () => void;
  on<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** A new session (the connection is live): everything the previous one left unfinished is redone. */
  private welcomed(f: ServerFrame, afterFailure: boolean): void {
    this.router.welcomed(f);
    this.syncBackoff.reset();
    if (afterFailure) {
      // Messages routed to the dead node while the cluster noticed it are stored but were pushed
      // nowhere, and nothing newer may arrive to reveal the gap: look again a little later.
      this.connection.later(() => this.syncer.all(), this.resyncAfterMs);
    }
    this.outbox.resendAll(); // in the order sent; duplicates of stored ones are answered, not stored
    this.writeInChunks([...this.subscriptions], Frames.subscribe);
    this.syncer.connected();
    this.syncer.all();
    for (const conv of this.inbox.gaps()) {
      this.syncer.conversation(conv);
    }
    if (this.inbox.hasUnacked()) {
      this.acks.schedule();
    }
  }

  private writeInChunks(users: string[], frame: (users: string[]) => string): void {
    for (let i = 0; i < users.length; i += MAX_USERS_PER_SUBSCRIBE) {
      this.connection.write(frame(users.slice(i, i + MAX_USERS_PER_SUBSCRIBE)));
    }
  }
}
