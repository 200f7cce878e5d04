// The options of ImClient, checked and with their defaults filled in. Checked once, in the
// constructor, so a misconfigured client fails loudly at once rather than in its reconnect loop.
// Pure functions; no event-loop assumptions.

export interface ClientOptions {
  /** Bootstrap WebSocket URLs, e.g. "ws://127.0.0.1:8081/ws": tried in turn when there is no redirect to follow. */
  gateways: string[];
  /** Called before every connect (tokens expire). */
  token: () => string | Promise<string>;
  /** A stable name for this installation (the server keeps the delivered cursor per user and device); default "web". */
  device?: string;
  /** Default: url => new globalThis.WebSocket(url). */
  webSocket?: (url: string) => WebSocket;
  /** No `accepted` within it: the send is written again with the same clientMsgId. Default 10000. */
  resendAfterMs?: number;
  /** The second full sync after a reconnect that followed a failure. Default 3000. */
  resyncAfterMs?: number;
  /** Reconnect backoff, full jitter. Default 250 / 10000. */
  backoff?: { baseMs: number; maxMs: number };
  /** Acks are coalesced per conversation for this long. Default 250. */
  ackDelayMs?: number;
}

/** ClientOptions with every default applied. */
export interface Settings {
  gateways: string[];
  device: string;
  token: () => string | Promise<string>;
  webSocket: (url: string) => WebSocket;
  resendAfterMs: number;
  resyncAfterMs: number;
  backoff: { baseMs: number; maxMs: number };
  ackDelayMs: number;
}

/** Throws on options no client can work with. */
export function settingsOf(options: ClientOptions): Settings {
  if (!Array.isArray(options.gateways) || options.gateways.length === 0) {
    throw new Error("ImClient: at least one gateway URL");
  }
  if (typeof options.token !== "function") {
    throw new Error("ImClient: a token function");
  }
  if (options.webSocket === undefined && typeof (globalThis as { WebSocket?: unknown }).WebSocket !== "function") {
    // Loud at once rather than a reconnect loop that never opens a socket.
    throw new Error("ImClient: no globalThis.WebSocket; pass options.webSocket (Node 20: --experimental-websocket)");
  }
  return {
    gateways: [...options.gateways],
    device: options.device ?? "web",
    token: options.token,
    webSocket: options.webSocket ?? defaultWebSocket,
    resendAfterMs: options.resendAfterMs ?? 10_000,
    resyncAfterMs: options.resyncAfterMs ?? 3_000,
    backoff: options.backoff ?? { baseMs: 250, maxMs: 10_000 },
    ackDelayMs: options.ackDelayMs ?? 250,
  };
}

function defaultWebSocket(url: string): WebSocket {
  const W = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
  if (W === undefined) {
    throw new Error("no globalThis.WebSocket: pass options.webSocket (Node 20: run with --experimental-websocket)");
  }
  return new W(url);
}
