// The client on a fake transport: connecting, redirects, reconnects, heartbeats, acks, sending,
// presence, receipts and closing.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { ImClient, SendRefusedError, connectUrl, type Message } from "../src/index.js";
import { closeAll, fakeClient, msg, sleep, waitFor } from "./fake-ws.js";

afterEach(closeAll);

test("client: connects to the first gateway with device and token in the query; state connecting → connected", async () => {
  let tokens = 0;
  const { client, net } = fakeClient({ device: "laptop", token: async () => `t${++tokens}` });
  const states: unknown[] = [];
  client.on("state", (s) => states.push(s));
  assert.equal(client.state, "idle");
  client.start();
  assert.equal(client.state, "connecting");
  const ws = await net.socket(1);
  assert.equal(new URL(ws.url).origin + new URL(ws.url).pathname, "ws://gw1.test/ws");
  assert.equal(ws.query("device"), "laptop");
  assert.equal(ws.query("token"), "t1");
  ws.welcome("gw-1", "alice");
  assert.equal(client.state, "connected");
  assert.equal(client.node, "gw-1");
  assert.equal(client.userId, "alice");
  assert.deepEqual(states, [
    { state: "connecting", node: null },
    { state: "connected", node: "gw-1" },
  ]);
  client.close();
  assert.equal(client.state, "closed");
  assert.equal(client.node, null);
});

test("client: default device is 'web'; connectUrl keeps a redirect's device and replaces a token", () => {
  const { client, net } = fakeClient();
  client.start();
  return net.socket(1).then((ws) => {
    assert.equal(ws.query("device"), "web");
    client.close();
    const u = new URL(connectUrl("ws://gw2.test:8082/ws?device=my%20phone", "web", "a.b.c"));
    assert.equal(u.searchParams.get("device"), "my phone");
    assert.equal(u.searchParams.get("token"), "a.b.c");
    assert.equal(new URL(connectUrl("http://h/ws", "d", "t")).protocol, "ws:");
    assert.equal(new URL(connectUrl("https://h/ws", "d", "t")).protocol, "wss:");
  });
});

test("client: follows a redirect at once to its URL, keeping the device, with a fresh token", async () => {
  let tokens = 0;
  const { client, net } = fakeClient({ device: "phone", backoff: { baseMs: 5000, maxMs: 5000 }, token: () => `t${++tokens}` });
  const states: string[] = [];
  client.on("state", (s) => states.push(s.state));
  client.start();
  const ws1 = await net.socket(1);
  ws1.readyState = 1;
  ws1.receive({ type: "redirect", node: "gw-2", url: "ws://gw2.test/ws?device=phone" });
  ws1.drop(4307, "owned by gw-2");
  const ws2 = await net.socket(2, 500); // no 5 s backoff: straight to the owner
  const u = new URL(ws2.url);
  assert.equal(u.host, "gw2.test");
  assert.deepEqual(u.searchParams.getAll("device"), ["phone"]);
  assert.equal(u.searchParams.get("token"), "t2");
  ws2.welcome("gw-2");
  assert.deepEqual(states, ["connecting", "connected"], "a redirect at connect is still connecting");
  // a redirect later (the ring moved the user): reconnecting, then connected to the new owner
  ws2.receive({ type: "redirect", node: "gw-1", url: "ws://gw1.test/ws?device=phone" });
  ws2.drop(4307, "owned by gw-1");
  const ws3 = await net.socket(3, 500);
  assert.equal(new URL(ws3.url).host, "gw1.test");
  ws3.welcome("gw-1");
  assert.deepEqual(states, ["connecting", "connected", "reconnecting", "connected"]);
  client.close();
});

test("client: reconnects after an unexpected close with backoff, cycling over the bootstrap gateways", async () => {
  let tokens = 0;
  const { client, net } = fakeClient({ token: () => `t${++tokens}` });
  const states: unknown[] = [];
  client.on("state", (s) => states.push(s));
  client.start();
  const ws1 = await net.socket(1);
  ws1.welcome("gw-1");
  ws1.drop(1006, "gone");
  assert.equal(client.state, "reconnecting");
  assert.deepEqual(states[states.length - 1], { state: "reconnecting", node: null, closeCode: 1006, reason: "gone" });
  const ws2 = await net.socket(2);
  assert.equal(new URL(ws2.url).host, "gw2.test");
  assert.equal(ws2.query("token"), "t2", "the token function is called before every connect");
  ws2.drop(1006); // refused before a welcome
  const ws3 = await net.socket(3);
  assert.equal(new URL(ws3.url).host, "gw1.test");
  ws3.welcome("gw-1");
  assert.equal(client.state, "connected");
  client.close();
});

test("client: a failing token function does not stop the reconnect loop", async () => {
  let calls = 0;
  const { client, net } = fakeClient({
    token: () => {
      if (++calls < 3) throw new Error("identity provider down");
      return "ok";
    },
  });
  client.start();
  const ws = await net.socket(1);
  assert.equal(calls, 3);
  assert.equal(ws.query("token"), "ok");
  client.close();
});

test("client: pings every heartbeatMillis of the welcome", async () => {
  const { client, net } = fakeClient();
  client.start();
  const ws = await net.socket(1);
  ws.welcome("gw-1", "alice", { heartbeatMillis: 20, idleTimeoutMillis: 1000 });
  await waitFor(() => ws.frames("ping").length >= 3, 1000, "three pings");
  client.close();
  const n = ws.frames("ping").length;
  await sleep(60);
  assert.equal(ws.frames("ping").length, n, "no ping after close");
});

test("client: a silent gateway (no frame within its idle timeout) is given up and replaced", async () => {
  const { client, net } = fakeClient();
  client.start();
  const ws1 = await net.socket(1);
  ws1.welcome("gw-1", "alice", { heartbeatMillis: 10, idleTimeoutMillis: 30 });
  const ws2 = await net.socket(2, 1000);
  ws2.welcome("gw-2");
  assert.equal(client.node, "gw-2");
  client.close();
});

test("client: acks are coalesced per conversation to the highest seq handed over, after ackDelayMs", async () => {
  const { client, net } = fakeClient({ ackDelayMs: 150 });
  client.start();
  const ws = await net.socket(1);
  ws.welcome();
  for (let s = 1; s <= 5; s++) ws.receive({ type: "message", ...msg("d:alice:bob", s) });
  ws.receive({ type: "message", ...msg("d:alice:carol", 1, "carol") });
  ws.receive({ type: "message", ...msg("d:alice:carol", 2, "carol") });
  ws.receive({ type: "message", ...msg("d:alice:dave", 3, "dave") }); // past a gap: not handed over, not acked
  await sleep(10);
  assert.equal(ws.frames("ack").length, 0, "not before ackDelayMs");
  await waitFor(() => ws.frames("ack").length > 0, 1000, "acks");
  await sleep(10);
  const acks = ws.frames("ack").map((a) => [a.conv, a.seq]).sort();
  assert.deepEqual(acks, [["d:alice:bob", 5], ["d:alice:carol", 2]]);
  ws.receive({ type: "message", ...msg("d:alice:bob", 6) });
  await waitFor(() => ws.frames("ack").length === 3, 1000, "the next ack");
  assert.deepEqual([ws.lastOf("ack").conv, ws.lastOf("ack").seq], ["d:alice:bob", 6]);
  client.close();
});

test("client: acks not sent before a disconnect are sent after the next welcome", async () => {
  const { client, net } = fakeClient({ ackDelayMs: 30 });
  client.start();
  const ws1 = await net.socket(1);
  ws1.welcome();
  ws1.receive({ type: "message", ...msg("d:alice:bob", 1) });
  ws1.drop(1006);
  const ws2 = await net.socket(2);
  await sleep(50);
  ws2.welcome("gw-2");
  await waitFor(() => ws2.frames("ack").length === 1, 1000, "ack on the new connection");
  assert.equal(ws1.frames("ack").length, 0);
  client.close();
});

test("client: send resolves on accepted; the own message is handed over in its place in the conversation", async () => {
  const { client, net } = fakeClient();
  const got: Message[] = [];
  const accepted: unknown[] = [];
  client.on("message", (m) => got.push(m));
  client.on("accepted", (a) => accepted.push(a));
  client.start();
  const ws = await net.socket(1);
  ws.welcome("gw-1", "alice");
  ws.receive({ type: "message", ...msg("d:alice:bob", 1) });
  const p = client.send("bob", "hello");
  assert.equal(client.pending(), 1);
  const s = ws.lastOf("send");
  assert.equal(s.to, "bob");
  assert.equal(s.body, "hello");
  ws.receive({ type: "accepted", clientMsgId: s.clientMsgId, id: "srv-2", conv: "d:alice:bob", seq: 2, storedAt: 5 });
  const a = await p;
  assert.deepEqual(a, { clientMsgId: s.clientMsgId, id: "srv-2", conv: "d:alice:bob", seq: 2, storedAt: 5 });
  assert.equal(client.pending(), 0);
  assert.equal(accepted.length, 1);
  assert.deepEqual(got.map((m) => [m.seq, m.from, m.to, m.body]), [[1, "bob", "alice", "m1"], [2, "alice", "bob", "hello"]]);
  // the same message arriving again by sync is not handed over twice
  ws.receive({ type: "message", ...msg("d:alice:bob", 2, "alice") });
  assert.equal(got.length, 2);
  client.close();
});

test("client: a send made before the connection is written at the welcome; unaccepted ones are resent after a reconnect with the same clientMsgId", async () => {
  const { client, net } = fakeClient();
  client.start();
  const p1 = client.send("bob", "one");
  const p2 = client.sendToGroup("6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11", "two");
  const ws1 = await net.socket(1);
  assert.equal(ws1.frames("send").length, 0);
  ws1.welcome();
  const [s1, s2] = ws1.frames("send");
  assert.equal(s2!.group, "6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11");
  ws1.receive({ type: "accepted", clientMsgId: s1!.clientMsgId, id: "x1", conv: "d:alice:bob", seq: 1, storedAt: 1 });
  ws1.drop(1006); // s2 unanswered
  const ws2 = await net.socket(2);
  ws2.welcome("gw-2");
  const resent = ws2.frames("send");
  assert.deepEqual(resent.map((f) => f.clientMsgId), [s2!.clientMsgId]);
  ws2.receive({ type: "accepted", clientMsgId: s2!.clientMsgId, id: "x2", conv: "g:6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11", seq: 1, storedAt: 1 });
  assert.equal((await p1).seq, 1);
  assert.equal((await p2).conv, "g:6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11");
  client.close();
});

test("client: resend after resendAfterMs on the same connection, same clientMsgId", async () => {
  const { client, net } = fakeClient({ resendAfterMs: 25 });
  client.start();
  const ws = await net.socket(1);
  ws.welcome();
  const p = client.send("bob", "x");
  await waitFor(() => ws.frames("send").length >= 2, 1000, "a resend");
  const ids = new Set(ws.frames("send").map((f) => f.clientMsgId));
  assert.equal(ids.size, 1);
  ws.receive({ type: "accepted", clientMsgId: [...ids][0], id: "s", conv: "d:alice:bob", seq: 1, storedAt: 1 });
  await p;
  client.close();
});

test("client: a refused send rejects and emits 'refused'; 'unavailable' is retried", async () => {
  const { client, net } = fakeClient();
  const refused: SendRefusedError[] = [];
  client.on("refused", (e) => refused.push(e));
  client.start();
  const ws = await net.socket(1);
  ws.welcome();
  const blocked = client.send("mallory", "hi");
  const id = ws.lastOf("send").clientMsgId as string;
  ws.receive({ type: "error", code: "blocked", message: "blocked", clientMsgId: id });
  await assert.rejects(blocked, (e: unknown) => e instanceof SendRefusedError && e.code === "blocked" && e.clientMsgId === id);
  assert.equal(refused.length, 1);
  const retried = client.send("bob", "hi");
  const id2 = ws.lastOf("send").clientMsgId as string;
  ws.receive({ type: "error", code: "unavailable", message: "later", clientMsgId: id2 });
  await waitFor(() => ws.frames("send").filter((f) => f.clientMsgId === id2).length === 2, 1000, "the retry");
  ws.receive({ type: "accepted", clientMsgId: id2, id: "s", conv: "d:alice:bob", seq: 1, storedAt: 1 });
  await retried;
  assert.equal(refused.length, 1);
  client.close();
});

test("client: subscriptions are remembered and sent again after every reconnect; presence is emitted", async () => {
  const { client, net } = fakeClient();
  const presence: unknown[] = [];
  client.on("presence", (p) => presence.push(p));
  client.subscribe(["bob"]);
  client.start();
  const ws1 = await net.socket(1);
  ws1.welcome();
  assert.deepEqual(ws1.lastOf("subscribe").users, ["bob"]);
  client.subscribe(["carol", "bob", "carol"]);
  assert.deepEqual(ws1.lastOf("subscribe").users, ["carol"], "only the new ones");
  client.unsubscribe(["bob"]);
  assert.deepEqual(ws1.lastOf("unsubscribe").users, ["bob"]);
  ws1.receive({ type: "subscribed", users: ["carol"] });
  ws1.receive({ type: "presence", userId: "carol", online: true, devices: ["phone"], lastSeen: null });
  assert.deepEqual(presence, [{ userId: "carol", online: true, devices: ["phone"], lastSeen: null }]);
  ws1.drop(1006);
  const ws2 = await net.socket(2);
  ws2.welcome("gw-2");
  assert.deepEqual(ws2.frames("subscribe").map((f) => f.users), [["carol"]]);
  client.close();
});

test("client: 'delivered' frames raise peerDelivered and are emitted only when it grows", async () => {
  const { client, net } = fakeClient();
  const seen: unknown[] = [];
  client.on("delivered", (d) => seen.push(d));
  client.start();
  const ws = await net.socket(1);
  ws.welcome("gw-1", "alice");
  assert.equal(client.peerDelivered("d:alice:bob"), 0);
  ws.receive({ type: "delivered", conv: "d:alice:bob", seq: 12, user: "bob" });
  ws.receive({ type: "delivered", conv: "d:alice:bob", seq: 10, user: "bob" });
  ws.receive({ type: "delivered", conv: "d:alice:bob", seq: 13, user: "alice" }); // not the peer
  ws.receive({ type: "delivered", conv: "d:alice:bob", seq: 14, user: "bob" });
  assert.equal(client.peerDelivered("d:alice:bob"), 14);
  assert.deepEqual(seen, [
    { conv: "d:alice:bob", seq: 12, user: "bob" },
    { conv: "d:alice:bob", seq: 14, user: "bob" },
  ]);
  client.close();
});

test("client: unknown frame types, malformed frames and binary frames are ignored", async () => {
  const { client, net } = fakeClient();
  const got: Message[] = [];
  client.on("message", (m) => got.push(m));
  client.start();
  const ws = await net.socket(1);
  ws.welcome();
  ws.receive({ type: "something_new", x: 1 });
  ws.receive("not json");
  ws.receive("[1,2]");
  ws.receive({ ref: 7 });
  ws.receive({ type: "message", conv: "d:alice:bob", seq: "1" }); // a message this client cannot read
  ws.receive({ type: "pong", ref: null });
  ws.receive({ type: "error", code: "malformed_frame", message: "x", ref: 7 });
  ws.receive({ type: "message", ...msg("d:alice:bob", 1) });
  assert.equal(client.state, "connected");
  assert.deepEqual(got.map((m) => m.seq), [1]);
  client.close();
});

test("client: a listener that throws does not stop delivery to the others", async () => {
  const { client, net } = fakeClient();
  const got: number[] = [];
  const original = console.error;
  console.error = () => {};
  try {
    client.on("message", () => {
      throw new Error("app bug");
    });
    client.on("message", (m) => got.push(m.seq));
    client.start();
    const ws = await net.socket(1);
    ws.welcome();
    ws.receive({ type: "message", ...msg("d:alice:bob", 2) });
    ws.receive({ type: "messages", ref: ws.lastOf("sync").ref, conv: "d:alice:bob", lastSeq: 2, more: false, messages: [msg("d:alice:bob", 1), msg("d:alice:bob", 2)] });
    assert.deepEqual(got, [1, 2]);
  } finally {
    console.error = original;
    client.close();
  }
});

test("client: close() rejects pending sends, closes the socket, stops reconnecting", async () => {
  const { client, net } = fakeClient();
  const states: string[] = [];
  client.on("state", (s) => states.push(s.state));
  client.start();
  const ws = await net.socket(1);
  ws.welcome();
  const p = client.send("bob", "x");
  client.close();
  await assert.rejects(p, /closed/);
  assert.equal(client.pending(), 0);
  assert.deepEqual(ws.closedByClient, { code: 1000, reason: "bye" });
  await sleep(30);
  assert.equal(net.sockets.length, 1, "no reconnect");
  assert.equal(states[states.length - 1], "closed");
  await assert.rejects(client.send("bob", "y"), /closed/);
  await assert.rejects(client.history("d:alice:bob", 5), /closed/);
  client.start(); // no effect
  await sleep(10);
  assert.equal(net.sockets.length, 1);
});

test("client: exactly once and in order across a reconnect, with pushes and sync pages overlapping", async () => {
  const { client, net } = fakeClient();
  const got: Message[] = [];
  client.on("message", (m) => got.push(m));
  client.start();
  const ws1 = await net.socket(1);
  ws1.welcome("gw-1", "alice");
  for (let s = 1; s <= 3; s++) ws1.receive({ type: "message", ...msg("d:alice:bob", s) });
  ws1.drop(1006); // 4 and 5 were pushed to a dead node
  const ws2 = await net.socket(2);
  ws2.welcome("gw-2", "alice");
  ws2.receive({ type: "message", ...msg("d:alice:bob", 6) }); // a push before the sync answers
  ws2.receive({ type: "sync_state", ref: ws2.frames("sync")[0]!.ref, more: false, conversations: [{ conv: "d:alice:bob", lastSeq: 6, delivered: 2 }] });
  const pages = ws2.frames("sync").filter((f) => f.conv === "d:alice:bob");
  assert.equal(pages.length, 1);
  assert.equal(pages[0]!.after, 3, "from max(held, delivered)");
  ws2.receive({ type: "messages", ref: pages[0]!.ref, conv: "d:alice:bob", lastSeq: 6, more: false, messages: [4, 5, 6].map((s) => msg("d:alice:bob", s)) });
  ws2.receive({ type: "message", ...msg("d:alice:bob", 5) });
  ws2.receive({ type: "message", ...msg("d:alice:bob", 7) });
  assert.deepEqual(got.map((m) => m.seq), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(client.conversations(), [{ conv: "d:alice:bob", lastSeq: 7 }]);
  client.close();
});

test("client: options are checked", () => {
  assert.throws(() => new ImClient({ gateways: [], token: () => "t", webSocket: () => ({}) as WebSocket }), /gateway/);
});

test("client: redirects bouncing between nodes are followed five times at once, then after a backoff", async () => {
  const { client, net } = fakeClient({ backoff: { baseMs: 60, maxMs: 60 } });
  client.start();
  for (let n = 1; n <= 6; n++) {
    const ws = await net.socket(n, 500);
    ws.readyState = 1;
    ws.receive({ type: "redirect", node: "gw-x", url: `ws://gwx.test/ws?device=web&n=${n}` });
    ws.drop(4307);
  }
  // five followed at once (sockets 2..6 to gwx); after the sixth, a backoff and a bootstrap gateway
  assert.deepEqual(net.sockets.slice(1).map((s) => new URL(s.url).host), Array(5).fill("gwx.test"));
  const ws7 = await net.socket(7, 1000);
  assert.equal(new URL(ws7.url).host, "gw2.test");
  ws7.readyState = 1;
  ws7.receive({ type: "redirect", node: "gw-x", url: "ws://gwx.test/ws?device=web" });
  ws7.drop(4307);
  const ws8 = await net.socket(8, 200);
  assert.equal(new URL(ws8.url).host, "gwx.test", "followed again after the backoff");
  client.close();
});
