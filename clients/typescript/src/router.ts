// Inbound frames: what each server frame (but `welcome` and `redirect`, which are Connection's)
// means to the client's parts: messages to the inbox, sync answers to the syncer, send answers to
// the outbox, presence and peers' delivered cursors to the listeners. Also owns the user id of the
// session and the peers' cursors. Called synchronously on the caller's event loop, one frame at a
// time; listeners run inside those calls.

import type { Emitter } from "./events.js";
import type { StateChange } from "./connection.js";
import {
  peerOf,
  toAccepted,
  toDelivered,
  toMessage,
  toPresence,
  type Accepted,
  type Delivered,
  type Message,
  type Presence,
  type ServerFrame,
} from "./frames.js";
import type { Inbox } from "./inbox.js";
import type { Outbox, SendRefusedError } from "./outbox.js";
import type { Syncer } from "./syncer.js";

/** The events of ImClient and their payloads. */
export interface ClientEvents {
  message: Message;
  accepted: Accepted;
  state: StateChange;
  presence: Presence;
  delivered: Delivered;
  refused: SendRefusedError;
}

export interface RouterParts {
  inbox: Inbox;
  outbox: Outbox;
  syncer: Syncer;
  events: Emitter<ClientEvents>;
}

export class Router {
  private readonly peer = new Map<string, number>();
  private user: string | null = null;

  constructor(private readonly parts: RouterParts) {}

  /** From the latest welcome that named one; kept across reconnects. */
  get userId(): string | null {
    return this.user;
  }

  welcomed(f: ServerFrame): void {
    this.user = typeof f.userId === "string" ? f.userId : this.user;
  }

  /** The highest seq the other participant's devices hold in `conv`; 0 if unknown. */
  peerDelivered(conv: string): number {
    return this.peer.get(conv) ?? 0;
  }

  /** A sync page's `peerDelivered`: the other participant's cursor, in a direct conversation. */
  syncedPeer(conv: string, seq: number): void {
    const user = peerOf(conv, this.user);
    if (user !== null) {
      this.peerSeen({ conv, seq, user });
    }
  }

  frame(f: ServerFrame): void {
    const { inbox, syncer, events } = this.parts;
    switch (f.type) {
      case "accepted":
        this.accepted(f);
        break;
      case "message": {
        const m = toMessage(f);
        if (m !== null) {
          inbox.offer(m);
        }
        break;
      }
      case "messages":
        syncer.onMessages(f);
        break;
      case "sync_state":
        syncer.onSyncState(f);
        break;
      case "presence": {
        const p = toPresence(f);
        if (p !== null) {
          events.emit("presence", p);
        }
        break;
      }
      case "delivered":
        this.delivered(f);
        break;
      case "error":
        this.error(f);
        break;
      default:
        break; // pong, subscribed, unsubscribed, and types newer than this client
    }
  }

  private accepted(f: ServerFrame): void {
    const a = toAccepted(f);
    if (a === null) {
      return;
    }
    const p = this.parts.outbox.accepted(a);
    if (p === undefined) {
      return; // the answer to a resend of a message already accepted
    }
    this.parts.events.emit("accepted", a);
    // Our own message takes its place in the conversation like any other.
    this.parts.inbox.offer({
      id: a.id,
      conv: a.conv,
      seq: a.seq,
      from: this.user ?? "",
      to: p.to,
      clientMsgId: a.clientMsgId,
      body: p.body,
      sentAt: p.firstSentAt || a.storedAt,
      storedAt: a.storedAt,
    });
  }

  private delivered(f: ServerFrame): void {
    const d = toDelivered(f);
    // Only the other participant's devices count; a notice about this user is not the peer's.
    if (d !== null && !(d.user === this.user && peerOf(d.conv, this.user) !== null)) {
      this.peerSeen(d);
    }
  }

  private error(f: ServerFrame): void {
    const code = typeof f.code === "string" ? f.code : "";
    const message = typeof f.message === "string" ? f.message : "";
    if (typeof f.clientMsgId === "string") {
      this.parts.outbox.error(f.clientMsgId, code, message);
    } else if (f.ref !== undefined) {
      this.parts.syncer.onError(f.ref, code, message);
    }
  }

  private peerSeen(d: Delivered): void {
    if (d.seq > (this.peer.get(d.conv) ?? 0)) {
      this.peer.set(d.conv, d.seq);
      this.parts.events.emit("delivered", d);
    }
  }
}
