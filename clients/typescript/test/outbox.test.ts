import { test } from "node:test";
import assert from "node:assert/strict";
import { Outbox, SendRefusedError, randomId } from "../src/outbox.js";
import type { Accepted } from "../src/index.js";
import { sleep, waitFor, type Frame } from "./fake-ws.js";

function outbox(resendAfterMs = 10_000) {
  const written: Frame[] = [];
  const refused: SendRefusedError[] = [];
  let connected = true;
  let n = 0;
  const box = new Outbox(
    {
      write: (f) => {
        if (!connected) return false;
        written.push(JSON.parse(f) as Frame);
        return true;
      },
      connected: () => connected,
    },
    { resendAfterMs, backoff: { baseMs: 5, maxMs: 20 }, newId: () => `id-${++n}`, onRefused: (e) => refused.push(e) },
  );
  return {
    box,
    written,
    refused,
    setConnected: (c: boolean) => {
      connected = c;
    },
  };
}

function accepted(clientMsgId: string, seq: number): Accepted {
  return { clientMsgId, id: `srv-${seq}`, conv: "d:alice:bob", seq, storedAt: 1 };
}

test("outbox: writes a send frame at once when connected and resolves on accepted", async () => {
  const { box, written } = outbox();
  const p = box.add("bob", false, "hi");
  const g = box.add("6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11", true, "team");
  assert.deepEqual(written, [
    { type: "send", to: "bob", clientMsgId: "id-1", body: "hi" },
    { type: "send", group: "6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11", clientMsgId: "id-2", body: "team" },
  ]);
  assert.equal(box.size(), 2);
  const pending = box.accepted(accepted("id-1", 7));
  assert.equal(pending?.body, "hi");
  assert.deepEqual(await p, accepted("id-1", 7));
  assert.equal(box.accepted(accepted("id-1", 7)), undefined, "a second accepted (answer to a resend) is ignored");
  box.accepted(accepted("id-2", 8));
  assert.equal((await g).seq, 8);
  assert.equal(box.size(), 0);
});

test("outbox: no accepted within resendAfterMs → written again with the same clientMsgId", async () => {
  const { box, written } = outbox(30);
  const p = box.add("bob", false, "hi");
  await waitFor(() => written.length >= 3, 2000, "two resends");
  assert.ok(written.every((f) => f.clientMsgId === "id-1" && f.body === "hi"));
  box.accepted(accepted("id-1", 1));
  await p;
  const count = written.length;
  await sleep(80);
  assert.equal(written.length, count, "no resend after accepted");
});

test("outbox: while disconnected nothing is written; resendAll writes every pending one in order, same ids", () => {
  const { box, written, setConnected } = outbox();
  box.add("bob", false, "1");
  setConnected(false);
  box.disconnected();
  box.add("bob", false, "2");
  box.add("bob", false, "3");
  assert.deepEqual(written.map((f) => f.body), ["1"]);
  setConnected(true);
  box.resendAll();
  assert.deepEqual(written.map((f) => [f.clientMsgId, f.body]), [
    ["id-1", "1"],
    ["id-1", "1"],
    ["id-2", "2"],
    ["id-3", "3"],
  ]);
  box.disconnected();
});

for (const code of ["blocked", "forbidden", "validation_failed"]) {
  test(`outbox: '${code}' rejects with SendRefusedError and is not resent`, async () => {
    const { box, written, refused } = outbox(20);
    const p = box.add("mallory", false, "hi");
    box.error("id-1", code, "no");
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof SendRefusedError);
      assert.equal(e.code, code);
      assert.equal(e.clientMsgId, "id-1");
      assert.equal(e.name, "SendRefusedError");
      return true;
    });
    assert.equal(refused.length, 1);
    assert.equal(box.size(), 0);
    await sleep(60);
    assert.equal(written.length, 1, "not written again");
  });
}

for (const code of ["unavailable", "rate_limited"]) {
  test(`outbox: '${code}' writes the same clientMsgId again after a backoff`, async () => {
    const { box, written, refused } = outbox();
    const p = box.add("bob", false, "hi");
    box.error("id-1", code, "later");
    assert.equal(box.size(), 1);
    await waitFor(() => written.length === 2, 1000, "the retry");
    assert.equal(written[1]!.clientMsgId, "id-1");
    box.error("id-1", code, "later");
    await waitFor(() => written.length === 3, 1000, "the second retry");
    box.accepted(accepted("id-1", 3));
    assert.equal((await p).seq, 3);
    assert.equal(refused.length, 0);
  });
}

test("outbox: an error for an unknown clientMsgId is ignored", () => {
  const { box } = outbox();
  box.error("nope", "blocked", "x");
  assert.equal(box.size(), 0);
});

test("outbox: failAll rejects every pending send", async () => {
  const { box } = outbox();
  const a = box.add("bob", false, "1");
  const b = box.add("bob", false, "2");
  box.failAll(new Error("closed"));
  await assert.rejects(a, /closed/);
  await assert.rejects(b, /closed/);
  assert.equal(box.size(), 0);
});

test("outbox: a body whose frame would exceed the gateway's frame limit is refused here", async () => {
  const { box, written, refused } = outbox();
  const p = box.add("bob", false, "\u0001".repeat(30_000)); // JSON escapes each as \u0001: 180,000 characters
  await assert.rejects(p, (e: unknown) => e instanceof SendRefusedError && e.code === "validation_failed");
  assert.equal(written.length, 0);
  assert.equal(refused.length, 1);
  assert.equal(box.size(), 0);
});

test("outbox: random ids are UUIDs and differ", () => {
  const ids = new Set(Array.from({ length: 100 }, () => randomId()));
  assert.equal(ids.size, 100);
  for (const id of ids) {
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
});
