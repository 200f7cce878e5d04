import { test } from "node:test";
import assert from "node:assert/strict";
import { Backoff } from "../src/backoff.js";

test("backoff: the cap doubles per attempt from base up to max", () => {
  const b = new Backoff(250, 10_000, () => 0.999999999);
  const caps = Array.from({ length: 9 }, () => b.nextMs());
  assert.deepEqual(caps, [250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
});

test("backoff: full jitter reaches 0 and stays within [0, cap]", () => {
  const zero = new Backoff(250, 10_000, () => 0);
  assert.equal(zero.nextMs(), 0);
  assert.equal(zero.nextMs(), 0);
  const b = new Backoff(100, 1000);
  for (let attempt = 0; attempt < 200; attempt++) {
    const cap = Math.min(1000, 100 * 2 ** attempt);
    const v = b.nextMs();
    assert.ok(Number.isInteger(v) && v >= 0 && v <= cap, `attempt ${attempt}: ${v} not in [0, ${cap}]`);
  }
});

test("backoff: reset starts again at base", () => {
  const b = new Backoff(10, 1000, () => 0.999999999);
  b.nextMs();
  b.nextMs();
  assert.equal(b.nextMs(), 40);
  b.reset();
  assert.equal(b.nextMs(), 10);
});

test("backoff: very many attempts never overflow past max", () => {
  const b = new Backoff(250, 10_000, () => 0.999999999);
  for (let i = 0; i < 10_000; i++) {
    assert.ok(b.nextMs() <= 10_000);
  }
});
