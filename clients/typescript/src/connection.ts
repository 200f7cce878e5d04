// The connection lifecycle of ImClient: one WebSocket at a time to the gateway that owns the user.
// Owns connect, reconnect (where to and when: placement.ts), the welcome timeout, the heartbeat and
// idle check, and the connection state. Frames other than `welcome` and `redirect` go to the handler.
//
// Event loop: all of it runs on the caller's single event loop (socket events, timers, the token
// promise), without locks. Callbacks can come late for a socket already given up (an error then a
// close), so each checks its socket is still `ws`; a token for an abandoned attempt is dropped by `generation`.

import { Frames, parseFrame, type ServerFrame } from "./frames.js";
import { connectUrl, type Placement } from "./placement.js";

export type ConnectionState = "idle" | "connecting" | "connected" | "reconnecting" | "closed";

export interface StateChange {
  state: ConnectionState;
  node: string | null;
  closeCode?: number;
  reason?: string;
}

export interface ConnectionOptions {
  device: string;
  token: () => string | Promise<string>;
  open: (url: string) => WebSocket;
}

/** What the client does at the events of a connection; all called synchronously from the event loop. */
export interface ConnectionHandler {
  /** Welcomed (`live`, `node` set), before the state turns "connected"; `afterFailure`: a welcomed connection was lost. */
  welcomed(f: ServerFrame, afterFailure: boolean): void;
  /** A frame of the current connection other than `welcome` and `redirect`. */
  frame(f: ServerFrame): void;
  /** The current connection ended, before any reconnect is scheduled. */
  lost(): void;
  state(change: StateChange): void;
}

const OPEN = 1; // WebSocket readyState
/** No welcome this long after opening a socket: give it up and try again (a hung gateway, a black hole). */
const CONNECT_TIMEOUT_MS = 10_000;
/** When the welcome does not say. */
const DEFAULT_HEARTBEAT_MS = 25_000;

export class Connection {
  private currentState: ConnectionState = "idle";
  private currentNode: string | null = null;
  /** The socket of the current attempt or connection; events of any other socket are ignored. */
  private ws: WebSocket | null = null;
  /** Welcomed on `ws`. */
  private welcomedOnWs = false;
  /** Counts connect attempts, so a token arriving for an abandoned attempt is dropped. */
  private generation = 0;
  /** A welcomed connection was lost: the next welcome says `afterFailure`. */
  private failed = false;
  private isClosed = false;
  private lastFrameAt = 0;

  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Timers of one connection (ping, liveness, connect timeout, the client's `later`): cleared when it ends. */
  private connectionTimers: ReturnType<typeof setTimeout>[] = [];

  constructor(
    private readonly placement: Placement,
    private readonly options: ConnectionOptions,
    private readonly handler: ConnectionHandler,
  ) {}

  get state(): ConnectionState {
    return this.currentState;
  }

  /** The gateway node id from the current welcome; null while not connected. */
  get node(): string | null {
    return this.currentNode;
  }

  /** Welcomed: frames written now reach the server's session. */
  get live(): boolean {
    return this.welcomedOnWs;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Connects; from then on reconnects after every unexpected close until {@link close}. */
  start(): void {
    if (this.isClosed || this.currentState !== "idle") {
      return;
    }
    this.setState("connecting");
    void this.connect();
  }

  /**
   * No reconnect from now on. `release` runs after the socket is closed and before the state turns
   * "closed", so a "closed" listener finds everything already settled.
   */
  close(release: () => void): void {
    if (this.isClosed) {
      return;
    }
    this.isClosed = true;
    clearTimeout(this.reconnectTimer);
    this.clearConnectionTimers();
    const ws = this.ws;
    this.ws = null;
    this.welcomedOnWs = false;
    this.currentNode = null;
    if (ws !== null) {
      try {
        ws.close(1000, "bye");
      } catch {
        // closing anyway
      }
    }
    release();
    this.setState("closed");
  }

  /** Writes on the current connection; false if there is none (the caller keeps what it must resend). */
  write(frame: string): boolean {
    const ws = this.ws;
    if (ws === null || ws.readyState !== OPEN) {
      return false;
    }
    try {
      ws.send(frame);
      return true;
    } catch {
      return false;
    }
  }

  /** Runs `task` after `ms` unless the current connection ends first. */
  later(task: () => void, ms: number): void {
    this.connectionTimers.push(setTimeout(task, ms));
  }

  private async connect(): Promise<void> {
    this.reconnectTimer = undefined;
    if (this.isClosed) {
      return;
    }
    const gen = ++this.generation;
    const target = this.placement.next();
    let ws: WebSocket;
    try {
      const token = await this.options.token();
      if (gen !== this.generation || this.isClosed) {
        return;
      }
      ws = this.options.open(connectUrl(target, this.options.device, token));
    } catch {
      // A failing token function or a bad URL must not end the reconnect loop.
      if (gen === this.generation && !this.isClosed) {
        this.retryLater();
      }
      return;
    }
    this.watch(ws);
  }

  private watch(ws: WebSocket): void {
    this.ws = ws;
    this.lastFrameAt = Date.now();
    ws.addEventListener("message", (e) => this.onText(ws, (e as MessageEvent).data));
    ws.addEventListener("close", (e) => {
      const c = e as CloseEvent;
      this.disconnected(ws, typeof c.code === "number" ? c.code : 1006, typeof c.reason === "string" ? c.reason : "");
    });
    // Browsers follow an error with a close; handling it here too covers transports that do not.
    ws.addEventListener("error", () => this.disconnected(ws, 1006, "error"));
    this.later(() => {
      if (this.ws === ws && !this.welcomedOnWs) {
        this.disconnected(ws, 1006, "no welcome within " + CONNECT_TIMEOUT_MS + " ms");
      }
    }, CONNECT_TIMEOUT_MS);
  }

  private retryLater(): void {
    if (this.isClosed) {
      return;
    }
    this.reconnectIn(this.placement.delayMs());
  }

  private reconnectIn(ms: number): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), ms);
  }

  /** `ws` closed with `code`, or is given up as if it had. */
  private disconnected(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) {
      return; // an earlier socket, or one already handled (error then close)
    }
    this.ws = null;
    const wasLive = this.welcomedOnWs;
    this.welcomedOnWs = false;
    this.currentNode = null; // no current welcome
    this.clearConnectionTimers();
    this.handler.lost();
    try {
      ws.close();
    } catch {
      // already closed
    }
    if (this.isClosed) {
      return;
    }
    if (wasLive) {
      this.failed = true;
    }
    const redirect = this.placement.followsRedirect(code);
    if (wasLive || !redirect) {
      this.setState("reconnecting", code, reason); // a redirect at connect is still "connecting"
    }
    if (redirect) {
      this.reconnectIn(0); // straight to the owner
    } else {
      this.retryLater();
    }
  }

  private onText(ws: WebSocket, data: unknown): void {
    if (ws !== this.ws) {
      return; // a frame of an earlier connection
    }
    this.lastFrameAt = Date.now();
    const f = parseFrame(data);
    if (f === null) {
      return; // not from a conforming server: ignored, the connection stays
    }
    if (f.type === "welcome") {
      this.welcomed(ws, f);
    } else if (f.type === "redirect") {
      this.placement.redirected(f.url);
    } else {
      this.handler.frame(f);
    }
  }

  private welcomed(ws: WebSocket, f: ServerFrame): void {
    if (this.welcomedOnWs) {
      return; // one welcome per connection
    }
    this.welcomedOnWs = true;
    this.currentNode = typeof f.node === "string" ? f.node : null;
    this.placement.welcomed();
    this.clearConnectionTimers(); // the connect timeout
    this.heartbeat(ws, f);
    const afterFailure = this.failed;
    this.failed = false;
    this.handler.welcomed(f, afterFailure);
    this.setState("connected");
  }

  /** `ping` every `heartbeatMillis`; gives up on a connection silent past the gateway's idle timeout. */
  private heartbeat(ws: WebSocket, welcome: ServerFrame): void {
    const every = positive(welcome.heartbeatMillis) ?? DEFAULT_HEARTBEAT_MS;
    // A gateway that vanished without closing (a cut cable) says nothing: the pongs stop. Give up on
    // the connection after the gateway's own idle timeout without a frame.
    const silence = Math.max(positive(welcome.idleTimeoutMillis) ?? 0, 2 * every);
    this.connectionTimers.push(
      setInterval(() => {
        if (this.ws !== ws) {
          return;
        }
        if (Date.now() - this.lastFrameAt > silence) {
          this.disconnected(ws, 4408, "no frame from the gateway within " + silence + " ms");
        } else {
          this.write(Frames.ping());
        }
      }, every),
    );
  }

  private clearConnectionTimers(): void {
    for (const t of this.connectionTimers) {
      clearTimeout(t);
      clearInterval(t);
    }
    this.connectionTimers = [];
  }

  private setState(state: ConnectionState, closeCode?: number, reason?: string): void {
    if (state === this.currentState && state !== "reconnecting") {
      return;
    }
    this.currentState = state;
    const node = this.currentNode;
    this.handler.state(closeCode === undefined ? { state, node } : { state, node, closeCode, reason: reason ?? "" });
  }
}

function positive(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : undefined;
}
