// The sync side, through the client on a fake transport: what it asks at a welcome, how it pages,
// how it fills gaps, and that answers are matched by `ref`.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import type { Message } from "../src/index.js";
import { closeAll, fakeClient, msg, sleep, waitFor, type FakeSocket } from "./fake-ws.js";

afterEach(closeAll);

async function connected(options = {}) {
  const { client, net } = fakeClient(options);
  const got: Message[] = [];
  client.on("message", (m) => got.push(m));
  client.start();
  const ws = await net.socket(1);
  ws.welcome();
  return { client, net, ws, got, seqs: (conv: string) => got.filter((m) => m.conv === conv).map((m) => m.seq) };
}

function syncs(ws: FakeSocket) {
  return ws.frames("sync");
}

test("syncer: at welcome a sync without conv, paged with afterConv while more", async () => {
  const { client, ws } = await connected();
  const first = syncs(ws)[0]!;
  assert.equal(first.conv, undefined);
  assert.equal(first.afterConv, undefined);
  assert.equal(typeof first.ref, "number");
  ws.receive({ type: "sync_state", ref: first.ref, more: true, conversations: [{ conv: "d:alice:bob", lastSeq: 3, delivered: 0 }, { conv: "d:alice:carol", lastSeq: 9, delivered: 9 }] });
  const next = syncs(ws).find((f) => f.conv === undefined && f.afterConv === "d:alice:carol");
  assert.ok(next, "second sync_state page asked after the last conv listed");
  ws.receive({ type: "sync_state", ref: next.ref, more: false, conversations: [{ conv: "g:6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11", lastSeq: 2, delivered: 1 }] });
  assert.equal(syncs(ws).filter((f) => f.conv === undefined).length, 2, "no third page");
  // each listed conversation with something past max(held, delivered), from there
  const convSyncs = syncs(ws).filter((f) => f.conv !== undefined).map((f) => [f.conv, f.after]);
  assert.deepEqual(convSyncs, [
    ["d:alice:bob", 0],
    ["g:6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11", 1],
  ]);
  client.close();
});

test("syncer: a conversation is paged with after = the last seq held while more", async () => {
  const { client, ws, seqs } = await connected();
  ws.receive({ type: "sync_state", ref: syncs(ws)[0]!.ref, more: false, conversations: [{ conv: "d:alice:bob", lastSeq: 5, delivered: 1 }] });
  const p1 = ws.lastOf("sync");
  assert.deepEqual([p1.conv, p1.after], ["d:alice:bob", 1]);
  ws.receive({ type: "messages", ref: p1.ref, conv: "d:alice:bob", lastSeq: 5, more: true, messages: [msg("d:alice:bob", 2), msg("d:alice:bob", 3)] });
  const p2 = ws.lastOf("sync");
  assert.notEqual(p2.ref, p1.ref);
  assert.deepEqual([p2.conv, p2.after], ["d:alice:bob", 3]);
  ws.receive({ type: "messages", ref: p2.ref, conv: "d:alice:bob", lastSeq: 5, more: false, messages: [msg("d:alice:bob", 4), msg("d:alice:bob", 5)] });
  assert.deepEqual(seqs("d:alice:bob"), [2, 3, 4, 5], "delivered from after the cursor, in order");
  await sleep(20);
  assert.equal(syncs(ws).length, 3, "no further page");
  client.close();
});

test("syncer: a push past a gap syncs that conversation from what is held; the push follows the gap", async () => {
  const { client, ws, seqs } = await connected();
  ws.receive({ type: "sync_state", ref: syncs(ws)[0]!.ref, more: false, conversations: [] });
  ws.receive({ type: "message", ...msg("d:alice:bob", 1) });
  ws.receive({ type: "message", ...msg("d:alice:bob", 4) });
  ws.receive({ type: "message", ...msg("d:alice:bob", 5) });
  assert.deepEqual(seqs("d:alice:bob"), [1]);
  const gapSyncs = syncs(ws).filter((f) => f.conv === "d:alice:bob");
  assert.equal(gapSyncs.length, 1, "one sync in flight per conversation");
  assert.equal(gapSyncs[0]!.after, 1);
  ws.receive({ type: "messages", ref: gapSyncs[0]!.ref, conv: "d:alice:bob", lastSeq: 4, more: false, messages: [msg("d:alice:bob", 2), msg("d:alice:bob", 3), msg("d:alice:bob", 4)] });
  assert.deepEqual(seqs("d:alice:bob"), [1, 2, 3, 4, 5], "each once, in order");
  await sleep(20);
  assert.equal(syncs(ws).filter((f) => f.conv === "d:alice:bob").length, 1, "gap filled: no second sync");
  client.close();
});

test("syncer: a gap seen while a sync is in flight and not filled by its page asks again", async () => {
  const { client, ws, seqs } = await connected();
  ws.receive({ type: "message", ...msg("d:alice:bob", 1) });
  ws.receive({ type: "message", ...msg("d:alice:bob", 3) });
  const first = ws.lastOf("sync");
  ws.receive({ type: "message", ...msg("d:alice:bob", 6) }); // another gap while the first is in flight
  ws.receive({ type: "messages", ref: first.ref, conv: "d:alice:bob", lastSeq: 3, more: false, messages: [msg("d:alice:bob", 2), msg("d:alice:bob", 3)] });
  const second = ws.lastOf("sync");
  assert.notEqual(second.ref, first.ref);
  assert.deepEqual([second.conv, second.after], ["d:alice:bob", 3]);
  ws.receive({ type: "messages", ref: second.ref, conv: "d:alice:bob", lastSeq: 6, more: false, messages: [4, 5, 6].map((s) => msg("d:alice:bob", s)) });
  assert.deepEqual(seqs("d:alice:bob"), [1, 2, 3, 4, 5, 6]);
  client.close();
});

test("syncer: answers are matched by ref; an unknown ref is ignored", async () => {
  const { client, ws, seqs } = await connected();
  ws.receive({ type: "message", ...msg("d:alice:bob", 2) });
  const s = ws.lastOf("sync");
  ws.receive({ type: "messages", ref: 999, conv: "d:alice:bob", lastSeq: 2, more: false, messages: [msg("d:alice:bob", 1)] });
  assert.deepEqual(seqs("d:alice:bob"), [], "not an answer to anything asked");
  ws.receive({ type: "messages", ref: s.ref, conv: "d:alice:bob", lastSeq: 2, more: false, messages: [msg("d:alice:bob", 1), msg("d:alice:bob", 2)] });
  assert.deepEqual(seqs("d:alice:bob"), [1, 2]);
  client.close();
});

test("syncer: history with before resolves with the page and does not reach the inbox", async () => {
  const { client, ws, got } = await connected();
  const page = client.history("d:alice:bob", 40, 2);
  const h = ws.lastOf("sync");
  assert.deepEqual([h.conv, h.before, h.limit, h.after], ["d:alice:bob", 40, 2, undefined]);
  ws.receive({ type: "messages", ref: h.ref, conv: "d:alice:bob", lastSeq: 50, more: true, messages: [msg("d:alice:bob", 38), msg("d:alice:bob", 39)] });
  const r = await page;
  assert.deepEqual(r.messages.map((m) => m.seq), [38, 39]);
  assert.equal(r.more, true);
  assert.equal(got.length, 0);
  assert.deepEqual(client.conversations(), []);
  client.close();
});

test("syncer: history asked while disconnected is sent at the welcome; survives a reconnect", async () => {
  const { client, net } = fakeClient();
  client.start();
  const page = client.history("d:alice:bob", 10);
  const ws1 = await net.socket(1);
  ws1.welcome();
  const h1 = ws1.frames("sync").find((f) => f.before !== undefined)!;
  assert.deepEqual([h1.conv, h1.before, h1.limit], ["d:alice:bob", 10, 50]);
  ws1.drop(1006);
  const ws2 = await net.socket(2);
  ws2.welcome("gw-2");
  const h2 = ws2.frames("sync").find((f) => f.before === 10)!;
  ws2.receive({ type: "messages", ref: h2.ref, conv: "d:alice:bob", lastSeq: 12, more: false, messages: [msg("d:alice:bob", 9)] });
  assert.deepEqual((await page).messages.map((m) => m.seq), [9]);
  client.close();
});

test("syncer: 'unavailable' for a sync is retried; 'forbidden' for history rejects", async () => {
  const { client, ws } = await connected();
  const state = syncs(ws)[0]!;
  ws.receive({ type: "error", code: "unavailable", message: "store away", ref: state.ref });
  await waitFor(() => syncs(ws).filter((f) => f.conv === undefined).length === 2, 1000, "sync_state retried");
  ws.receive({ type: "message", ...msg("d:alice:bob", 3) });
  const gap = ws.lastOf("sync");
  ws.receive({ type: "error", code: "unavailable", message: "store away", ref: gap.ref });
  await waitFor(() => syncs(ws).filter((f) => f.conv === "d:alice:bob").length === 2, 1000, "conversation sync retried");
  const page = client.history("g:6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11", 5);
  ws.receive({ type: "error", code: "forbidden", message: "not a member", ref: ws.lastOf("sync").ref });
  await assert.rejects(page, /forbidden/);
  client.close();
});

test("syncer: a second full sync resyncAfterMs after a reconnect that followed a failure (not after the first connect)", async () => {
  const { client, net } = fakeClient({ resyncAfterMs: 30 });
  client.start();
  const ws1 = await net.socket(1);
  ws1.welcome();
  await sleep(80);
  assert.equal(ws1.frames("sync").filter((f) => f.conv === undefined).length, 1, "first connect: one sync_state");
  ws1.drop(1006);
  const ws2 = await net.socket(2);
  ws2.welcome("gw-2");
  assert.equal(ws2.frames("sync").filter((f) => f.conv === undefined).length, 1);
  await waitFor(() => ws2.frames("sync").filter((f) => f.conv === undefined).length === 2, 1000, "the second sync");
  client.close();
});

test("syncer: peerDelivered of a messages answer is kept per conversation and emitted when it grows", async () => {
  const { client, ws } = await connected();
  const seen: unknown[] = [];
  client.on("delivered", (d) => seen.push(d));
  ws.receive({ type: "message", ...msg("d:alice:bob", 2) });
  const s = ws.lastOf("sync");
  ws.receive({ type: "messages", ref: s.ref, conv: "d:alice:bob", lastSeq: 2, peerDelivered: 1, more: false, messages: [msg("d:alice:bob", 1), msg("d:alice:bob", 2)] });
  assert.equal(client.peerDelivered("d:alice:bob"), 1);
  assert.deepEqual(seen, [{ conv: "d:alice:bob", seq: 1, user: "bob" }]);
  const h = client.history("d:alice:bob", 2);
  ws.receive({ type: "messages", ref: ws.lastOf("sync").ref, conv: "d:alice:bob", lastSeq: 2, peerDelivered: 1, more: false, messages: [] });
  await h;
  assert.equal(seen.length, 1, "not emitted again without growth");
  client.close();
});
