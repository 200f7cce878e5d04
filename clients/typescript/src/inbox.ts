import type { Message } from "./frames.js";

/**
 * Per conversation, the highest `seq` handed to the application. A message is handed over only when
 * it is the next one: older ones are duplicates (a push and a sync page can carry the same message),
 * newer ones are buffered and reveal a gap, which asks for a sync from what is held. When the gap is
 * filled, the buffered ones follow in order. So the application sees every conversation in order,
 * gap-free, each message once.
 */
export class Inbox {
  private readonly highest = new Map<string, number>();
  /** Messages past a gap, by conversation and seq, waiting for the gap to be filled. */
  private readonly buffered = new Map<string, Map<number, Message>>();
  /** Conversations with messages handed over since the last ack. */
  private readonly unacked = new Set<string>();

  /**
   * @param deliver hands one message to the application
   * @param gap called with a conversation that has a gap: sync it after {@link held}
   * @param unacked called when a conversation gets something to acknowledge
   * @param maxBuffered per conversation; past it a message is dropped, the sync fetches it again
   */
  constructor(
    private readonly deliver: (m: Message) => void,
    private readonly gap: (conv: string) => void,
    private readonly onUnacked: (conv: string) => void = () => {},
    private readonly maxBuffered = 10_000,
  ) {}

  /** The highest seq handed over in `conv` (0 if none). */
  held(conv: string): number {
    return this.highest.get(conv) ?? 0;
  }

  /** Whether `conv` holds messages past a gap. */
  hasGap(conv: string): boolean {
    return (this.buffered.get(conv)?.size ?? 0) > 0;
  }

  /** The conversations with messages past a gap. */
  gaps(): string[] {
    return [...this.buffered.keys()];
  }

  /**
   * Starts `conv` at `seq` (this device's delivered cursor) when it holds less: the device got those
   * messages in an earlier session. Buffered messages up to it are dropped; those right after it follow.
   */
  atLeast(conv: string, seq: number): void {
    if (seq <= this.held(conv)) {
      return;
    }
    this.highest.set(conv, seq);
    const waiting = this.buffered.get(conv);
    if (waiting !== undefined) {
      for (const s of waiting.keys()) {
        if (s <= seq) {
          waiting.delete(s);
        }
      }
    }
    this.drain(conv);
  }

  /** Offers one message (push, sync page or own accepted send); true if it was handed over now. */
  offer(m: Message): boolean {
    const have = this.held(m.conv);
    if (m.seq <= have) {
      return false; // a duplicate
    }
    if (m.seq > have + 1) {
      let waiting = this.buffered.get(m.conv);
      if (waiting === undefined) {
        waiting = new Map();
        this.buffered.set(m.conv, waiting);
      }
      if (waiting.size < this.maxBuffered) {
        waiting.set(m.seq, m);
      }
      this.gap(m.conv);
      return false;
    }
    this.handOver(m);
    this.drain(m.conv);
    return true;
  }

  /** What is held per conversation, by conversation id. */
  conversations(): { conv: string; lastSeq: number }[] {
    return [...this.highest.entries()]
      .filter(([, seq]) => seq > 0)
      .map(([conv, lastSeq]) => ({ conv, lastSeq }))
      .sort((a, b) => (a.conv < b.conv ? -1 : a.conv > b.conv ? 1 : 0));
  }

  hasUnacked(): boolean {
    return this.unacked.size > 0;
  }

  /** Per conversation with messages handed over since the last call, the highest seq: one ack each. */
  takeUnacked(): Map<string, number> {
    const out = new Map<string, number>();
    for (const conv of this.unacked) {
      out.set(conv, this.held(conv));
    }
    this.unacked.clear();
    return out;
  }

  private handOver(m: Message): void {
    this.highest.set(m.conv, m.seq);
    this.unacked.add(m.conv);
    this.onUnacked(m.conv);
    this.deliver(m);
  }

  /** Hands over the buffered messages that now follow without a gap. */
  private drain(conv: string): void {
    const waiting = this.buffered.get(conv);
    if (waiting === undefined) {
      return;
    }
    for (;;) {
      const next = waiting.get(this.held(conv) + 1);
      if (next === undefined) {
        break;
      }
      waiting.delete(next.seq);
      this.handOver(next);
    }
    if (waiting.size === 0) {
      this.buffered.delete(conv);
    }
  }
}
