// Against a running cluster (npm run test:cluster): pairs of users exchange messages both ways while
// the gateway of one client is killed with SIGKILL mid-conversation. Nothing may be lost, duplicated
// or reordered, and every send must be accepted.
//
//   IM_GATEWAYS        comma-separated WebSocket URLs of two gateways (ws://127.0.0.1:8081/ws,ws://127.0.0.1:8082/ws)
//   IM_TOKEN_URL       GET <url>?user=<id> → {"user":..,"token":..} (a gateway's /dev/token)
//   IM_KILL_PIDS_FILE  a JSON file {"gw-1": 1234, "gw-2": 5678}: gateway node id → process id
//
// Without them the test is skipped and passes ("skipped: no cluster").
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ImClient, type Accepted, type Message } from "../src/index.js";

const GATEWAYS = (process.env.IM_GATEWAYS ?? "").split(",").map((s) => s.trim()).filter((s) => s.length > 0);
const TOKEN_URL = process.env.IM_TOKEN_URL ?? "";
const PIDS_FILE = process.env.IM_KILL_PIDS_FILE ?? "";
const configured = GATEWAYS.length > 0 && TOKEN_URL !== "" && PIDS_FILE !== "";

/** Pairs run at once: with users placed by a ring we cannot see, some pairs surely span both gateways. */
const PAIRS = 20;
const PER_SIDE = 50;
/** The kill comes after this many messages of the first pair's alice. */
const KILL_AFTER = 25;
const PACE_MS = 40;
const TIMEOUT_MS = 90_000;

if (!configured) {
  console.log("skipped: no cluster (set IM_GATEWAYS, IM_TOKEN_URL and IM_KILL_PIDS_FILE)");
}

test("cluster: 0 lost, 0 duplicated, in order, all sends accepted, across a SIGKILL of a gateway", { skip: configured ? false : "skipped: no cluster", timeout: TIMEOUT_MS + 60_000 }, async () => {
  assert.equal(typeof globalThis.WebSocket, "function", "run with node --experimental-websocket");
  const run = Date.now().toString(36);
  const pairs: Pair[] = [];
  try {
    for (let i = 0; i < PAIRS; i++) {
      pairs.push(new Pair(`alice-${run}-${i}`, `bob-${run}-${i}`));
    }
    await Promise.all(pairs.flatMap((p) => [p.alice.token(), p.bob.token()]));
    pairs.forEach((p) => p.start());
    await within(30_000, "every client connected", () => pairs.every((p) => p.alice.client.state === "connected" && p.bob.client.state === "connected"));
    const spanning = pairs.filter((p) => p.alice.client.node !== p.bob.client.node).length;
    console.log(`${spanning} of ${PAIRS} pairs have alice and bob on different gateways`);

    const first = pairs[0]!;
    let killed: string | null = null;
    const kill = (): void => {
      const node = first.alice.client.node;
      assert.ok(node !== null, "alice is connected when her gateway is killed");
      const pids = JSON.parse(readFileSync(PIDS_FILE, "utf8")) as Record<string, number>;
      const pid = pids[node];
      assert.ok(typeof pid === "number", `no pid for node ${node} in ${PIDS_FILE}: ${JSON.stringify(pids)}`);
      console.log(`killing ${node} (pid ${pid}) with SIGKILL after alice's ${KILL_AFTER}th message`);
      process.kill(pid, "SIGKILL");
      killed = node;
    };

    await Promise.all(pairs.map((p, i) => p.exchange(i === 0 ? kill : null)));
    assert.ok(killed !== null, "the gateway was killed");

    const deadline = Date.now() + TIMEOUT_MS;
    await within(deadline - Date.now(), "every send accepted", () => pairs.every((p) => p.allAccepted()), () =>
      pairs.map((p) => p.describe()).join("\n"),
    );
    await within(deadline - Date.now(), "every message received on both sides", () => pairs.every((p) => p.complete()), () =>
      pairs.filter((p) => !p.complete()).map((p) => p.describe()).join("\n"),
    );
    for (const p of pairs) {
      p.check();
    }
    console.log(`alice of pair 0 now on ${first.alice.client.node} (killed: ${killed})`);
  } finally {
    pairs.forEach((p) => p.close());
  }
});

class Side {
  readonly received: Message[] = [];
  readonly sent: { clientMsgId?: string; body: string; accepted?: Accepted; error?: unknown }[] = [];
  client!: ImClient;
  private cached = "";

  constructor(readonly user: string) {}

  /** Fetched once: the token URL is served by a gateway, which may be the one that gets killed. */
  async token(): Promise<string> {
    const r = await fetch(`${TOKEN_URL}${TOKEN_URL.includes("?") ? "&" : "?"}user=${encodeURIComponent(this.user)}`);
    assert.equal(r.status, 200, `token for ${this.user}: HTTP ${r.status}`);
    this.cached = ((await r.json()) as { token: string }).token;
    return this.cached;
  }

  start(): void {
    this.client = new ImClient({
      gateways: GATEWAYS,
      token: () => this.cached,
      device: "it",
      backoff: { baseMs: 100, maxMs: 2_000 },
      resendAfterMs: 5_000,
    });
    this.client.on("message", (m) => this.received.push(m));
    this.client.start();
  }

  send(to: string, body: string): void {
    const entry: (typeof this.sent)[number] = { body };
    this.sent.push(entry);
    this.client.send(to, body).then(
      (a) => {
        entry.accepted = a;
        entry.clientMsgId = a.clientMsgId;
      },
      (e: unknown) => {
        entry.error = e;
      },
    );
  }
}

class Pair {
  readonly alice: Side;
  readonly bob: Side;
  readonly conv: string;

  constructor(a: string, b: string) {
    this.alice = new Side(a);
    this.bob = new Side(b);
    this.conv = `d:${a < b ? a : b}:${a < b ? b : a}`;
  }

  start(): void {
    this.alice.start();
    this.bob.start();
  }

  /** Both sides send PER_SIDE messages at once, paced; `afterKillPoint` runs after alice's KILL_AFTER-th. */
  async exchange(afterKillPoint: (() => void) | null): Promise<void> {
    const side = async (from: Side, to: Side, hook: (() => void) | null): Promise<void> => {
      for (let i = 1; i <= PER_SIDE; i++) {
        from.send(to.user, `${from.user}#${i}`);
        if (i === KILL_AFTER && hook !== null) {
          hook();
        }
        await sleep(PACE_MS);
      }
    };
    await Promise.all([side(this.alice, this.bob, afterKillPoint), side(this.bob, this.alice, null)]);
  }

  allAccepted(): boolean {
    const all = [...this.alice.sent, ...this.bob.sent];
    const failed = all.find((s) => s.error !== undefined);
    if (failed !== undefined) {
      throw new Error(`a send failed: ${failed.body}: ${String(failed.error)}`);
    }
    return all.every((s) => s.accepted !== undefined) && this.alice.client.pending() === 0 && this.bob.client.pending() === 0;
  }

  complete(): boolean {
    const n = 2 * PER_SIDE;
    return this.mine(this.alice).length >= n && this.mine(this.bob).length >= n;
  }

  check(): void {
    const n = 2 * PER_SIDE;
    const sentIds = new Map<string, number>(); // clientMsgId → the seq its sender was told
    for (const s of [...this.alice.sent, ...this.bob.sent]) {
      sentIds.set(s.accepted!.clientMsgId, s.accepted!.seq);
    }
    assert.equal(sentIds.size, n, `${this.conv}: ${n} distinct sends accepted`);
    assert.deepEqual(
      [...sentIds.values()].sort((a, b) => a - b),
      Array.from({ length: n }, (_, i) => i + 1),
      `${this.conv}: the accepted seqs are 1..${n}: each stored once`,
    );
    for (const side of [this.alice, this.bob]) {
      const got = this.mine(side);
      const label = `${this.conv} at ${side.user}`;
      assert.equal(got.length, n, `${label}: ${got.length} messages, expected ${n} (lost or duplicated)`);
      assert.deepEqual(got.map((m) => m.seq), Array.from({ length: n }, (_, i) => i + 1), `${label}: in order, gap-free`);
      assert.equal(new Set(got.map((m) => m.id)).size, n, `${label}: no id twice`);
      for (const m of got) {
        assert.equal(sentIds.get(m.clientMsgId), m.seq, `${label}: seq ${m.seq} is the message its sender had accepted`);
      }
      for (const from of [this.alice, this.bob]) {
        const bodies = got.filter((m) => m.from === from.user).map((m) => m.body);
        assert.equal(bodies.length, PER_SIDE, `${label}: ${PER_SIDE} from ${from.user}`);
        assert.equal(new Set(bodies).size, PER_SIDE, `${label}: each of ${from.user}'s once`);
      }
    }
  }

  /** For a failure message: where each side stands. */
  describe(): string {
    return [this.alice, this.bob]
      .map((s) => {
        const got = this.mine(s);
        const accepted = s.sent.filter((x) => x.accepted !== undefined).length;
        return `${s.user} (${s.client.state} on ${s.client.node}): received ${got.length}, last seq ${got[got.length - 1]?.seq ?? 0}, sent ${s.sent.length}, accepted ${accepted}, pending ${s.client.pending()}`;
      })
      .join("; ");
  }

  close(): void {
    for (const s of [this.alice, this.bob]) {
      try {
        s.client?.close();
      } catch {
        // closing anyway
      }
    }
  }

  private mine(side: Side): Message[] {
    return side.received.filter((m) => m.conv === this.conv);
  }
}

async function within(ms: number, what: string, cond: () => boolean, state: () => string = () => ""): Promise<void> {
  const end = Date.now() + Math.max(ms, 0);
  while (!cond()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for: ${what}\n${state()}`);
    }
    await sleep(100);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
