// What the browser tests share: a headless Chromium (Debian's package, driven by playwright-core), the
// cluster the Java harness started (WebClientIT) described by environment variables, screenshots kept
// as test artifacts, and the console errors each page logged.

import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const env = {
  web: required("IM_WEB_URL"), // the chat page, e.g. http://127.0.0.1:8080/
  console: required("IM_CONSOLE_URL"), // the console, e.g. http://127.0.0.1:9080/console/
  adminToken: required("IM_ADMIN_TOKEN"),
  pidsFile: required("IM_KILL_PIDS_FILE"), // {"gw-1": pid, ...}
  shots: process.env.IM_SCREENSHOTS ?? new URL("../test-results/", import.meta.url).pathname,
  chromium: process.env.IM_CHROMIUM ?? "/usr/bin/chromium",
};

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: these tests run against a cluster started by WebClientIT`);
  return v;
}

export async function launch() {
  mkdirSync(env.shots, { recursive: true });
  return chromium.launch({
    executablePath: env.chromium,
    headless: true,
    // No sandbox (tests may run as root); no background traffic to Google's hosts on a closed network.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

let pages = 0;

/**
 * A page that records what went wrong in it (console errors, uncaught exceptions) and every WebSocket
 * frame it sent or received, with the time, in <screenshots>/frames-<n>.log: what to read when a step
 * of a test waited longer than it should.
 */
export async function openPage(browser, viewport = { width: 1100, height: 720 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const frames = join(env.shots, `frames-${++pages}.log`);
  const t0 = Date.now();
  const note = (line) => appendFileSync(frames, `${((Date.now() - t0) / 1000).toFixed(2)} ${line}\n`);
  page.on("websocket", (ws) => {
    note(`open ${ws.url().replace(/token=[^&]+/, "token=…")}`);
    ws.on("framesent", (f) => note(`> ${String(f.payload).slice(0, 200)}`));
    ws.on("framereceived", (f) => note(`< ${String(f.payload).slice(0, 200)}`));
    ws.on("close", () => note("closed"));
  });
  page.errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") page.errors.push(m.text());
  });
  page.on("pageerror", (e) => page.errors.push(`uncaught: ${e.message}`));
  return page;
}

export async function shot(page, name) {
  await page.screenshot({ path: join(env.shots, `${name}.png`) });
}

/** The admin API of the console's service (management port), for choosing users and checking state. */
export async function admin(path, method = "GET") {
  const base = new URL("/admin/cluster", env.console).href;
  const r = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${env.adminToken}` } });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
