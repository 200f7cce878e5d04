// Two people chat in two browsers, each on a different gateway: messages arrive in order with ticks, a
// reload shows the history, and when one gateway is killed the page on it reconnects to the other and
// both pages end with every message exactly once, in order. The page also works at phone width, by keyboard.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { admin, env, launch, openPage, shot } from "./browser.mjs";

const WAIT = { timeout: 30_000 };
let browser;
let a; // page of the first user
let b;
let users;

before(async () => {
  users = await twoUsersOnDifferentGateways();
  browser = await launch();
  a = await openPage(browser);
  b = await openPage(browser);
});

after(async () => {
  await browser?.close();
});

async function twoUsersOnDifferentGateways() {
  const names = ["ana", "ben", "cleo", "dev", "eli", "fay", "gus", "hal", "ida", "jon", "kai", "lea"];
  const owners = {};
  for (const n of names) owners[n] = (await admin(`/users/${n}`)).owner;
  for (const x of names) for (const y of names) if (owners[x] !== owners[y]) return { a: x, b: y, owners };
  throw new Error(`every candidate user is on one gateway: ${JSON.stringify(owners)}`);
}

async function signIn(page, user) {
  await page.goto(env.web);
  await page.fill("#user", user);
  await page.click("#signin-form button[type=submit]");
  await page.waitForSelector('#conn[data-state="connected"]', WAIT);
  return page.getAttribute("#conn", "data-node");
}

const conv = () => (users.a < users.b ? `d:${users.a}:${users.b}` : `d:${users.b}:${users.a}`);

async function send(page, text) {
  await page.fill("#text", text);
  await page.press("#text", "Enter");
}

/** The bodies shown in the open conversation, in the page's order, once every expected one is there. */
async function shown(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll("#messages li[data-seq]").length >= n, count, WAIT);
  return page.$$eval("#messages li[data-seq]", (lis) =>
    lis.map((li) => ({ seq: Number(li.dataset.seq), body: li.querySelector(".body").textContent })),
  );
}

function assertOnceInOrder(list, expected) {
  assert.deepEqual(
    list.map((m) => m.body),
    expected,
    "every message once, in the order sent",
  );
  list.forEach((m, i) => assert.equal(m.seq, i + 1, "seq numbers gap-free from 1"));
}

test("two users on different gateways exchange messages in order, with stored and delivered ticks", async () => {
  const nodeA = await signIn(a, users.a);
  const nodeB = await signIn(b, users.b);
  assert.notEqual(nodeA, nodeB, "the two pages are on different gateways");
  assert.equal(nodeA, users.owners[users.a]);
  await shot(a, "01-signed-in");

  await a.fill("#contact", users.b);
  await a.click("#add-contact button");
  for (let i = 1; i <= 5; i++) await send(a, `hello ${i} from ${users.a}`);
  await a.waitForFunction(() => document.querySelectorAll("#messages li.mine .tick").length === 5, null, WAIT);

  // b has not opened the conversation: it is listed with five unread
  await b.waitForSelector(`#convs button[data-conv="${conv()}"] .unread`, WAIT);
  assert.equal(await b.textContent(`#convs button[data-conv="${conv()}"] .unread`), "5");
  await shot(b, "02-unread");
  await b.click(`#convs button[data-conv="${conv()}"]`);
  for (let i = 1; i <= 3; i++) await send(b, `reply ${i} from ${users.b}`);

  const expected = [1, 2, 3, 4, 5].map((i) => `hello ${i} from ${users.a}`).concat([1, 2, 3].map((i) => `reply ${i} from ${users.b}`));
  assertOnceInOrder(await shown(b, 8), expected);
  assertOnceInOrder(await shown(a, 8), expected);
  // b's device acknowledged what it was shown: a's five get the second tick
  await a.waitForFunction(() => document.querySelectorAll("#messages li.mine .tick.delivered").length === 5, null, WAIT);
  await shot(a, "03-conversation");
});

test("a group: one creates it and adds the other, both write, each sees both messages in order", async () => {
  await a.fill("#group-name", "team");
  await a.click("#new-group button");
  await a.waitForSelector('#convs button[data-conv^="g:"][aria-current="true"]', WAIT);
  const gconv = await a.getAttribute('#convs button[data-conv^="g:"][aria-current="true"]', "data-conv");
  await a.fill("#member", users.b);
  await a.click("#add-member button");
  await a.waitForFunction(() => document.querySelector("#member").value === "", null, WAIT); // added
  // At once: the REST call returned, so the next message reaches the added member's devices, even on
  // a node where the group had nobody online and whose gateway has not published them yet.
  await send(a, "hello team");
  // b learns of the group from its first message, named by group-service
  const inList = `#convs button[data-conv="${gconv}"]`;
  await b.waitForSelector(`${inList} .unread`, WAIT);
  await b.waitForFunction((sel) => document.querySelector(sel).textContent.includes("# team"), inList, WAIT);
  await b.click(inList);
  await send(b, "hi all");
  for (const page of [a, b]) {
    const list = await shown(page, 2);
    assert.deepEqual(list.map((m) => m.body), ["hello team", "hi all"]);
  }
  await shot(b, "03b-group");
  // back to the direct conversation for what follows
  for (const page of [a, b]) await page.click(`#convs button[data-conv="${conv()}"]`);
  await shown(a, 8);
});

test("a reloaded page shows the conversation's history", async () => {
  await b.reload();
  await b.waitForSelector('#conn[data-state="connected"]', WAIT);
  await b.click(`#convs button[data-conv="${conv()}"]`);
  const list = await shown(b, 8);
  assert.equal(list.length, 8);
  assert.equal(list[0].body, `hello 1 from ${users.a}`);
  await shot(b, "04-history-after-reload");
});

test("the page works at phone width", async () => {
  const phone = await openPage(browser, { width: 390, height: 780 });
  await phone.goto(env.web);
  await phone.fill("#user", users.a);
  await phone.click("#signin-form button[type=submit]");
  await phone.waitForSelector('#conn[data-state="connected"]', WAIT);
  await phone.click(`#convs button[data-conv="${conv()}"]`);
  await shown(phone, 8);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, "nothing wider than the screen");
  // keyboard only: the compose box is reachable and Enter sends
  await phone.focus("#text");
  await phone.keyboard.type("from the phone");
  await phone.keyboard.press("Enter");
  await phone.waitForFunction(() => [...document.querySelectorAll("#messages li[data-seq] .body")].some((e) => e.textContent === "from the phone"), null, WAIT);
  await shot(phone, "07-phone");
  assert.deepEqual(phone.errors, []);
});

test("a gateway killed mid-conversation: the page on it reconnects elsewhere, nothing lost or doubled", async () => {
  const node = await a.getAttribute("#conn", "data-node");
  const pids = JSON.parse(readFileSync(env.pidsFile, "utf8"));
  // Record every state the page shows: the reconnect can be quicker than a poll for it.
  await a.evaluate(() => {
    const c = document.querySelector("#conn");
    window.states = [];
    new MutationObserver(() => window.states.push(c.dataset.state)).observe(c, { attributes: true });
  });
  process.kill(pids[node], "SIGKILL");
  await a.waitForFunction(() => window.states.includes("reconnecting"), null, WAIT);
  if ((await a.getAttribute("#conn", "data-state")) === "reconnecting") await shot(a, "05-reconnecting");
  await send(b, `while ${node} is down 1`);
  await send(a, `typed while reconnecting`);
  await a.waitForFunction(
    (dead) => {
      const c = document.querySelector("#conn");
      return c.dataset.state === "connected" && c.dataset.node !== dead;
    },
    node,
    { timeout: 60_000 },
  );
  await send(b, `while ${node} is down 2`);
  await send(a, `after the reconnect`);
  const tail = [`while ${node} is down 1`, "typed while reconnecting", `while ${node} is down 2`, "after the reconnect"];
  const listA = await shown(a, 13);
  const listB = await shown(b, 13);
  for (const list of [listA, listB]) {
    assert.equal(list.length, 13, "13 messages, none lost, none twice");
    list.forEach((m, i) => assert.equal(m.seq, i + 1));
    assert.deepEqual(new Set(list.slice(9).map((m) => m.body)), new Set(tail));
  }
  assert.deepEqual(listA, listB, "both pages show the same conversation");
  await a.waitForFunction(() => document.querySelectorAll("#messages li[data-pending]").length === 0, null, WAIT);
  await shot(a, "06-after-failover");
});

test("no page logged an error, other than the refused connects to the killed gateway", () => {
  const refused = /WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/;
  for (const page of [a, b]) {
    assert.deepEqual(page.errors.filter((e) => !refused.test(e)), []);
  }
});

