// What the page shows per conversation: messages by seq (push, sync and history pages all land here,
// so one arriving twice is shown once), sends not yet accepted, unread counts. The list of
// conversations is kept in localStorage per user: the server lists only conversations with something
// new (sync_state), and a reloaded page should still show the rest.

import type { Message } from "@im-cluster/client";

export interface Shown {
  seq: number;
  from: string;
  body: string;
  at: number;
}

export interface Pending {
  key: number;
  body: string;
  failed?: string;
}

export class Conversation {
  readonly messages = new Map<number, Shown>();
  readonly pending = new Map<number, Pending>();
  unread = 0;
  /** Whether older messages may exist before the oldest shown (null: not asked yet). */
  older: boolean | null = null;
  loading = false;

  constructor(
    readonly id: string,
    readonly kind: "direct" | "group",
    readonly target: string, // the other user, or the group id
    public title: string,
  ) {}

  add(m: Message | Shown): boolean {
    if (this.messages.has(m.seq)) return false;
    const at = "storedAt" in m ? m.storedAt : m.at;
    this.messages.set(m.seq, { seq: m.seq, from: m.from, body: m.body, at });
    return true;
  }

  oldest(): number {
    let min = Number.MAX_SAFE_INTEGER;
    for (const s of this.messages.keys()) min = Math.min(min, s);
    return min;
  }

  sorted(): Shown[] {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }
}

export function directId(a: string, b: string): string {
  return a < b ? `d:${a}:${b}` : `d:${b}:${a}`;
}

export class Conversations {
  private readonly byId = new Map<string, Conversation>();

  constructor(private readonly me: string) {
    for (const saved of this.load()) {
      this.byId.set(saved.id, new Conversation(saved.id, saved.kind, saved.target, saved.title));
    }
  }

  get(id: string): Conversation | undefined {
    return this.byId.get(id);
  }

  all(): Conversation[] {
    return [...this.byId.values()];
  }

  direct(peer: string): Conversation {
    return this.ensure(directId(this.me, peer), "direct", peer, peer);
  }

  group(groupId: string, name: string): Conversation {
    const c = this.ensure(`g:${groupId}`, "group", groupId, name);
    if (c.title !== name && name !== groupId) {
      c.title = name;
      this.save();
    }
    return c;
  }

  /** The conversation a message belongs to, created from its id when the page has not seen it yet. */
  of(conv: string): Conversation {
    const known = this.byId.get(conv);
    if (known) return known;
    if (conv.startsWith("g:")) return this.group(conv.slice(2), conv.slice(2));
    const [, a, b] = conv.split(":");
    return this.direct(a === this.me ? b : a);
  }

  private ensure(id: string, kind: "direct" | "group", target: string, title: string): Conversation {
    let c = this.byId.get(id);
    if (!c) {
      c = new Conversation(id, kind, target, title);
      this.byId.set(id, c);
      this.save();
    }
    return c;
  }

  private key(): string {
    return `im.chat.${this.me}.conversations`;
  }

  private load(): { id: string; kind: "direct" | "group"; target: string; title: string }[] {
    try {
      return JSON.parse(localStorage.getItem(this.key()) ?? "[]");
    } catch {
      return [];
    }
  }

  private save(): void {
    const list = this.all().map((c) => ({ id: c.id, kind: c.kind, target: c.target, title: c.title }));
    localStorage.setItem(this.key(), JSON.stringify(list));
  }
}
