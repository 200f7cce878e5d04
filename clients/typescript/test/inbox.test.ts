import { test } from "node:test";
import assert from "node:assert/strict";
import { Inbox } from "../src/inbox.js";
import type { Message } from "../src/index.js";

function m(conv: string, seq: number): Message {
  return { id: `${conv}#${seq}`, conv, seq, from: "bob", to: "alice", clientMsgId: `c${seq}`, body: `b${seq}`, sentAt: 0, storedAt: 0 };
}

function inbox() {
  const out: Message[] = [];
  const gaps: string[] = [];
  let unackedCalls = 0;
  const box = new Inbox((x) => out.push(x), (c) => gaps.push(c), () => unackedCalls++);
  return { box, out, gaps, seqs: (conv: string) => out.filter((x) => x.conv === conv).map((x) => x.seq), unacked: () => unackedCalls };
}

test("inbox: hands over in order", () => {
  const { box, seqs, gaps } = inbox();
  for (let s = 1; s <= 5; s++) {
    assert.equal(box.offer(m("d:alice:bob", s)), true);
  }
  assert.deepEqual(seqs("d:alice:bob"), [1, 2, 3, 4, 5]);
  assert.equal(box.held("d:alice:bob"), 5);
  assert.deepEqual(gaps, []);
});

test("inbox: a duplicate (push and sync carrying the same message) is handed over once", () => {
  const { box, out } = inbox();
  box.offer(m("c", 1));
  box.offer(m("c", 2));
  assert.equal(box.offer(m("c", 2)), false);
  assert.equal(box.offer(m("c", 1)), false);
  box.offer(m("c", 3));
  assert.deepEqual(out.map((x) => x.seq), [1, 2, 3]);
});

test("inbox: a message past a gap is buffered, the gap reported, and it follows once the gap is filled", () => {
  const { box, seqs, gaps } = inbox();
  box.offer(m("c", 1));
  assert.equal(box.offer(m("c", 4)), false);
  assert.equal(box.offer(m("c", 3)), false);
  assert.deepEqual(seqs("c"), [1]);
  assert.deepEqual(gaps, ["c", "c"]);
  assert.equal(box.hasGap("c"), true);
  assert.deepEqual(box.gaps(), ["c"]);
  // the sync page brings 2, 3, 4: 3 and 4 are then duplicates of the buffered ones
  assert.equal(box.offer(m("c", 2)), true);
  box.offer(m("c", 3));
  box.offer(m("c", 4));
  assert.deepEqual(seqs("c"), [1, 2, 3, 4]);
  assert.equal(box.hasGap("c"), false);
  assert.deepEqual(box.gaps(), []);
});

test("inbox: a buffered duplicate is kept once", () => {
  const { box, seqs } = inbox();
  box.offer(m("c", 3));
  box.offer(m("c", 3));
  box.offer(m("c", 1));
  box.offer(m("c", 2));
  assert.deepEqual(seqs("c"), [1, 2, 3]);
});

test("inbox: conversations are independent", () => {
  const { box, seqs, gaps } = inbox();
  box.offer(m("a", 1));
  box.offer(m("b", 2));
  box.offer(m("a", 2));
  assert.deepEqual(seqs("a"), [1, 2]);
  assert.deepEqual(seqs("b"), []);
  assert.deepEqual(gaps, ["b"]);
  assert.deepEqual(box.conversations(), [{ conv: "a", lastSeq: 2 }]);
});

test("inbox: atLeast starts at the delivered cursor, drops older buffered ones and drains the next", () => {
  const { box, seqs } = inbox();
  box.offer(m("c", 3));
  box.offer(m("c", 6));
  box.offer(m("c", 7));
  box.atLeast("c", 5);
  assert.deepEqual(seqs("c"), [6, 7]);
  assert.equal(box.held("c"), 7);
  box.atLeast("c", 2); // never back
  assert.equal(box.held("c"), 7);
  assert.equal(box.offer(m("c", 5)), false);
});

test("inbox: takeUnacked coalesces per conversation to the highest seq handed over", () => {
  const { box, unacked } = inbox();
  box.offer(m("a", 1));
  box.offer(m("a", 2));
  box.offer(m("a", 3));
  box.offer(m("b", 1));
  box.offer(m("c", 5)); // buffered: nothing to ack
  assert.ok(unacked() >= 4);
  assert.equal(box.hasUnacked(), true);
  assert.deepEqual([...box.takeUnacked()].sort(), [["a", 3], ["b", 1]]);
  assert.equal(box.hasUnacked(), false);
  assert.deepEqual([...box.takeUnacked()], []);
  box.offer(m("a", 4));
  assert.deepEqual([...box.takeUnacked()], [["a", 4]]);
});

test("inbox: a listener sees each message once even when it reads the inbox while called", () => {
  const seen: number[] = [];
  const box: Inbox = new Inbox(
    (x) => {
      seen.push(x.seq);
      assert.equal(box.held("c"), x.seq);
    },
    () => {},
  );
  box.offer(m("c", 2));
  box.offer(m("c", 3));
  box.offer(m("c", 1));
  assert.deepEqual(seen, [1, 2, 3]);
});
