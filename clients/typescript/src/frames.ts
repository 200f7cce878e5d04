// The protocol's frames (docs/protocol.md, "Frames") and the shapes the application sees.
// Server frames are checked field by field before use: a frame this client cannot read is
// ignored rather than allowed to corrupt the inbox.

/** A message of a conversation, as the application gets it: per conversation in `seq` order, once. */
export interface Message {
  id: string;
  conv: string;
  seq: number;
  from: string;
  /** The recipient user, or the group id. */
  to: string;
  clientMsgId: string;
  body: string;
  /** Epoch milliseconds: when the sender's gateway received it. */
  sentAt: number;
  /** Epoch milliseconds: when the server stored it. */
  storedAt: number;
}

/** The server stored a message this client sent. */
export interface Accepted {
  clientMsgId: string;
  id: string;
  conv: string;
  seq: number;
  storedAt: number;
}

export interface Presence {
  userId: string;
  online: boolean;
  devices: string[];
  /** ISO-8601 instant, or null when never seen (or unknown to the live store). */
  lastSeen: string | null;
}

/** `user`'s devices hold every message of `conv` up to `seq`. */
export interface Delivered {
  conv: string;
  seq: number;
  user: string;
}

/** One entry of a `sync_state` answer. */
export interface ConversationState {
  conv: string;
  lastSeq: number;
  delivered: number;
}

/** A server frame: a JSON object with a string `type`; its other fields are read by the functions below. */
export type ServerFrame = { type: string; [field: string]: unknown };

/** The largest text frame the gateway takes (`im.gateway.connection.max-frame-length`). */
export const MAX_FRAME_LENGTH = 131_072;

/** The largest `sync` page. */
export const MAX_PAGE = 500;

/** The most ids per `subscribe`/`unsubscribe`. */
export const MAX_USERS_PER_SUBSCRIBE = 500;

/** Parses one text frame; null if it is not a JSON object with a string `type`. */
export function parseFrame(data: unknown): ServerFrame | null {
  if (typeof data !== "string") {
    return null; // the protocol only uses text frames
  }
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value.type !== "string") {
    return null;
  }
  return value as ServerFrame;
}

export function toMessage(o: unknown): Message | null {
  if (!isObject(o)) {
    return null;
  }
  const { id, conv, seq, from, to, clientMsgId, body, sentAt, storedAt } = o;
  if (
    typeof id !== "string" ||
    typeof conv !== "string" ||
    !isSeq(seq) ||
    typeof from !== "string" ||
    typeof to !== "string" ||
    typeof clientMsgId !== "string" ||
    typeof body !== "string"
  ) {
    return null;
  }
  return { id, conv, seq, from, to, clientMsgId, body, sentAt: num(sentAt), storedAt: num(storedAt) };
}

export function toAccepted(f: ServerFrame): Accepted | null {
  const { clientMsgId, id, conv, seq, storedAt } = f;
  if (typeof clientMsgId !== "string" || typeof id !== "string" || typeof conv !== "string" || !isSeq(seq)) {
    return null;
  }
  return { clientMsgId, id, conv, seq, storedAt: num(storedAt) };
}

export function toPresence(f: ServerFrame): Presence | null {
  const { userId, online, devices, lastSeen } = f;
  if (typeof userId !== "string" || typeof online !== "boolean") {
    return null;
  }
  return {
    userId,
    online,
    devices: Array.isArray(devices) ? devices.filter((d): d is string => typeof d === "string") : [],
    lastSeen: typeof lastSeen === "string" ? lastSeen : null,
  };
}

export function toDelivered(f: ServerFrame): Delivered | null {
  const { conv, seq, user } = f;
  if (typeof conv !== "string" || !isSeq(seq) || typeof user !== "string") {
    return null;
  }
  return { conv, seq, user };
}

export function toConversationStates(f: ServerFrame): ConversationState[] {
  const list = Array.isArray(f.conversations) ? f.conversations : [];
  const out: ConversationState[] = [];
  for (const c of list) {
    if (isObject(c) && typeof c.conv === "string") {
      out.push({ conv: c.conv, lastSeq: num(c.lastSeq), delivered: num(c.delivered) });
    }
  }
  return out;
}

/** The messages of a `messages` answer that can be read, oldest first. */
export function toMessages(f: ServerFrame): Message[] {
  const list = Array.isArray(f.messages) ? f.messages : [];
  const out: Message[] = [];
  for (const o of list) {
    const m = toMessage(o);
    if (m !== null) {
      out.push(m);
    }
  }
  return out;
}

/**
 * For a direct conversation `d:<a>:<b>` of `me`, the other participant; null for a group, a
 * conversation with oneself, or one `me` is not part of.
 */
export function peerOf(conv: string, me: string | null): string | null {
  if (me === null || !conv.startsWith("d:")) {
    return null;
  }
  const parts = conv.split(":");
  if (parts.length !== 3 || parts[1] === parts[2]) {
    return null;
  }
  if (parts[1] === me) {
    return parts[2] ?? null;
  }
  return parts[2] === me ? (parts[1] ?? null) : null;
}

// ---- client → server ----

export const Frames = {
  ping(): string {
    return JSON.stringify({ type: "ping" });
  },
  send(clientMsgId: string, to: string, group: boolean, body: string): string {
    return JSON.stringify(
      group ? { type: "send", group: to, clientMsgId, body } : { type: "send", to, clientMsgId, body },
    );
  },
  /** `sync` without `conv`: the conversations with messages past this device's cursor. */
  syncState(ref: number, afterConv: string | null, limit: number): string {
    return JSON.stringify(
      afterConv === null ? { type: "sync", ref, limit } : { type: "sync", ref, afterConv, limit },
    );
  },
  syncAfter(ref: number, conv: string, after: number, limit: number): string {
    return JSON.stringify({ type: "sync", ref, conv, after, limit });
  },
  syncBefore(ref: number, conv: string, before: number, limit: number): string {
    return JSON.stringify({ type: "sync", ref, conv, before, limit });
  },
  ack(conv: string, seq: number): string {
    return JSON.stringify({ type: "ack", conv, seq });
  },
  subscribe(users: string[]): string {
    return JSON.stringify({ type: "subscribe", users });
  },
  unsubscribe(users: string[]): string {
    return JSON.stringify({ type: "unsubscribe", users });
  },
};

// ---- helpers ----

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isSeq(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 1;
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}
