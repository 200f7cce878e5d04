// An in-memory stand-in for a WebSocket that the test drives: it opens, receives server frames and
// closes when told, and records every frame the client writes (parsed).
import { ImClient, type ClientOptions } from "../src/index.js";

type Listener = (e: unknown) => void;
export type Frame = { type: string; [k: string]: unknown };

export class FakeSocket {
  readyState = 0;
  readonly sent: Frame[] = [];
  closedByClient: { code?: number; reason?: string } | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(readonly url: string) {}

  // ---- the WebSocket surface the client uses ----
  addEventListener(type: string, l: Listener): void {
    let s = this.listeners.get(type);
    if (s === undefined) {
      s = new Set();
      this.listeners.set(type, s);
    }
    s.add(l);
  }
  removeEventListener(type: string, l: Listener): void {
    this.listeners.get(type)?.delete(l);
  }
  send(data: string): void {
    if (this.readyState !== 1) {
      throw new Error("InvalidStateError: not open");
    }
    this.sent.push(JSON.parse(data) as Frame);
  }
  close(code?: number, reason?: string): void {
    if (this.closedByClient === null) {
      this.closedByClient = { code, reason };
    }
    if (this.readyState < 2) {
      this.readyState = 3;
      queueMicrotask(() => this.emit("close", { code: code ?? 1005, reason: reason ?? "" }));
    }
  }

  // ---- the test's side ----
  /** Opens and sends the welcome. */
  welcome(node = "gw-1", userId = "alice", extra: Record<string, unknown> = {}): void {
    this.readyState = 1;
    this.emit("open", {});
    this.receive({ type: "welcome", sessionId: "s-" + node, userId, node, heartbeatMillis: 25_000, idleTimeoutMillis: 60_000, ...extra });
  }
  receive(frame: object | string): void {
    this.emit("message", { data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }
  /** The server (or the network) closes the connection. */
  drop(code = 1006, reason = ""): void {
    this.readyState = 3;
    this.emit("close", { code, reason });
  }
  frames(type: string): Frame[] {
    return this.sent.filter((f) => f.type === type);
  }
  lastOf(type: string): Frame {
    const all = this.frames(type);
    const f = all[all.length - 1];
    if (f === undefined) {
      throw new Error(`no '${type}' frame sent; sent: ${JSON.stringify(this.sent)}`);
    }
    return f;
  }
  query(name: string): string | null {
    return new URL(this.url).searchParams.get(name);
  }
  private emit(type: string, e: unknown): void {
    for (const l of [...(this.listeners.get(type) ?? [])]) {
      l(e);
    }
  }
}

/** Every socket the client opened, in order. */
export class FakeNetwork {
  readonly sockets: FakeSocket[] = [];
  readonly factory = (url: string): WebSocket => {
    const s = new FakeSocket(url);
    this.sockets.push(s);
    return s as unknown as WebSocket;
  };
  get last(): FakeSocket {
    const s = this.sockets[this.sockets.length - 1];
    if (s === undefined) {
      throw new Error("no socket opened");
    }
    return s;
  }
  /** Waits for socket number `n` (1-based) to be opened. */
  async socket(n: number, timeoutMs = 2000): Promise<FakeSocket> {
    await waitFor(() => this.sockets.length >= n, timeoutMs, `socket #${n}`);
    return this.sockets[n - 1]!;
  }
}

/** Every client made by fakeClient, closed after each test so a failed one cannot keep the runner alive. */
const made: ImClient[] = [];

export function closeAll(): void {
  for (const c of made.splice(0)) {
    c.close();
  }
}

/** A client on a fake network, with quick timings; returns both. */
export function fakeClient(options: Partial<ClientOptions> = {}): { client: ImClient; net: FakeNetwork } {
  const net = new FakeNetwork();
  const client = new ImClient({
    gateways: ["ws://gw1.test/ws", "ws://gw2.test/ws"],
    token: () => "tok",
    webSocket: net.factory,
    backoff: { baseMs: 1, maxMs: 5 },
    ackDelayMs: 10,
    resendAfterMs: 10_000,
    resyncAfterMs: 10_000,
    ...options,
  });
  made.push(client);
  return { client, net };
}

export async function waitFor(cond: () => boolean, timeoutMs = 2000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(1);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A message frame body (without `type`) of conversation `conv`. */
export function msg(conv: string, seq: number, from = "bob", extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `${conv}#${seq}`,
    conv,
    seq,
    from,
    to: from === "bob" ? "alice" : "bob",
    clientMsgId: `c-${from}-${seq}`,
    body: `m${seq}`,
    sentAt: 1000 + seq,
    storedAt: 2000 + seq,
    ...extra,
  };
}
