// The operator console: behind the admin token, it shows the ring with both gateways and their
// sessions, finds where a user is, and drains a node, which then leaves the ring.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { admin, env, launch, openPage, shot } from "./browser.mjs";

const WAIT = { timeout: 30_000 };
let browser;
let page;

/** Two people chatting while the operator looks: sessions and traffic for the console to show. */
async function chatting() {
  for (const user of ["ana", "ben"]) {
    const chat = await openPage(browser);
    await chat.goto(env.web);
    await chat.fill("#user", user);
    await chat.click("#signin-form button[type=submit]");
    await chat.waitForSelector('#conn[data-state="connected"]', WAIT);
    await chat.fill("#contact", user === "ana" ? "ben" : "ana");
    await chat.click("#add-contact button");
    await chat.fill("#text", `${user} is here`);
    await chat.press("#text", "Enter");
  }
}

before(async () => {
  browser = await launch();
  await chatting();
  page = await openPage(browser, { width: 1200, height: 900 });
});

after(async () => {
  await browser?.close();
});

const onRing = () =>
  page.$$eval('#nodes tr[data-state="on the ring"]', (rows) => rows.map((r) => r.dataset.node).sort());

test("a wrong token is refused and the console asks again", async () => {
  await page.goto(env.console);
  await page.fill("#token", "not-the-admin-token-not-the-admin-token");
  await page.click("#signin-form button[type=submit]");
  await page.waitForSelector("#signin:not([hidden])", WAIT);
  assert.match(await page.textContent("#signin-error"), /refused/);
});

test("the ring view shows both gateways with their share and live figures", async () => {
  await page.fill("#token", env.adminToken);
  await page.click("#signin-form button[type=submit]");
  await page.waitForFunction(() => document.querySelectorAll('#nodes tr[data-state="on the ring"]').length === 2, null, WAIT);
  const members = (await admin("")).ring.nodes.map((n) => n.id).sort();
  assert.deepEqual(await onRing(), members);
  // the second poll turns counters into rates; the two chat pages are sessions
  await page.waitForFunction(() => document.querySelector('[data-figure="stored-rate"]')?.textContent !== "…", null, WAIT);
  assert.equal(await page.textContent('[data-figure="sessions"]'), "2");
  assert.match(await page.textContent('[data-figure="services"]'), /routing up, presence up, group up/);
  await shot(page, "10-console-ring");
});

test("a user lookup tells where the user is and where they belong", async () => {
  await page.fill("#user", "ana");
  await page.click("#user-form button");
  await page.waitForSelector("#user-result p[data-owner]", WAIT);
  const owner = await page.getAttribute("#user-result p[data-owner]", "data-owner");
  const where = await admin("/users/ana");
  assert.equal(owner, where.owner);
  assert.equal(where.online, true);
  await shot(page, "12-console-user");
});

test("kicking a session from the lookup closes it on its node", async () => {
  const kick = "#user-result button";
  await page.click(kick);
  await page.waitForFunction((s) => document.querySelector(s)?.textContent === "kicked", kick, WAIT);
});

test("draining a node from the console takes it off the ring", async () => {
  const [first, second] = await onRing();
  const drain = `[data-drain="${second}"]`;
  await page.click(drain);
  assert.match(await page.textContent(drain), /Confirm/);
  await page.click(drain);
  await page.waitForFunction((n) => document.querySelector(`#nodes tr[data-node="${n}"]`)?.dataset.state === "draining", second, WAIT);
  await page.waitForFunction(() => document.querySelectorAll('#nodes tr[data-state="on the ring"]').length === 1, null, WAIT);
  assert.deepEqual(await onRing(), [first]);
  assert.deepEqual((await admin("")).ring.nodes.map((n) => n.id), [first]);
  await shot(page, "11-console-drained");
  assert.deepEqual(page.errors.filter((e) => !/401/.test(e)), [], "no console errors but the refused token's 401");
});
