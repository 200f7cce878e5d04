// Ack coalescing: one `ack` per conversation with the highest seq handed to the application, sent
// `delayMs` after the first message that needs one, so a burst or a sync page costs one frame per
// conversation rather than one per message. What is due while disconnected stays in the inbox until
// the next welcome. Runs on the caller's event loop, like the rest of the client (one timer, no locks).

import { Frames } from "./frames.js";
import type { Inbox } from "./inbox.js";

export interface AcksIo {
  /** Writes on the current connection; false if there is none. */
  write(frame: string): boolean;
  /** Welcomed: an ack written now is recorded. */
  connected(): boolean;
}

export class Acks {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly inbox: Inbox,
    private readonly io: AcksIo,
    private readonly delayMs: number,
  ) {}

  /** Something is to be acked: one flush `delayMs` from now, unless one is already due. */
  schedule(): void {
    if (this.timer === undefined && !this.closed) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.delayMs);
    }
  }

  /** Sends what is due now, so the next session starts after what the application got; then no more. */
  close(): void {
    this.flush();
    this.closed = true;
    clearTimeout(this.timer);
  }

  private flush(): void {
    if (!this.io.connected()) {
      return; // kept: the next welcome sends them
    }
    for (const [conv, seq] of this.inbox.takeUnacked()) {
      this.io.write(Frames.ack(conv, seq));
    }
  }
}
