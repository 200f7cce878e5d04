// The operator console: the ring and each gateway's share, sessions and queue lag, live figures from
// the services' own metrics, a user lookup with kick, a group's distribution, drain. Everything comes
// from /admin/cluster on this port (web-service), which asks routing and the gateways' admin APIs.

import { byId, el, fill, problem } from "../shared/dom.js";
import { ms, quantile, rate, sumBuckets, type Reading } from "./figures.js";

interface Gateway {
  node: string;
  address: string | null;
  member: boolean;
  up: boolean;
  error?: string;
  drain?: { draining: boolean; connections: number } | null;
  figures?: { sessions: number; users: number; pushed: number; queueLag: number; deliveryBuckets: Record<string, number> };
}
interface Overview {
  ring: { epoch: number; signature: string; virtualNodes: number; nodes: { id: string; share: number; weight: number }[] };
  gateways: Gateway[];
  services: Record<string, { up: boolean; stored?: number; inboundLag?: number; acceptBuckets?: Record<string, number> }>;
  grafana: string | null;
}

const POLL_MS = 2000;
const COLORS = ["#0b5cad", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#1b7c83", "#bc4c00", "#57606a"];
let token = sessionStorage.getItem("im.console.token") ?? "";
let previous: Reading | null = null;
let timer: number | undefined;
const armed = new Set<string>(); // drain buttons pressed once, waiting for the confirming press

async function api(path: string, method = "GET"): Promise<Response> {
  const r = await fetch(`/admin/cluster${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  if (r.status === 401) {
    signOut("The token was refused.");
    throw new Error("unauthenticated");
  }
  return r;
}

function signOut(message = ""): void {
  token = "";
  sessionStorage.removeItem("im.console.token");
  window.clearTimeout(timer);
  byId("console").hidden = true;
  byId("signin").hidden = false;
  byId("signout").hidden = true;
  byId("signin-error").textContent = message;
  status("not signed in", "");
}

function status(text: string, kind: string): void {
  const s = byId("status");
  s.textContent = text;
  s.className = `pill ${kind}`;
}

async function poll(): Promise<void> {
  try {
    const r = await api("");
    if (!r.ok) throw new Error(await problem(r));
    render((await r.json()) as Overview);
    status(`updated ${new Date().toLocaleTimeString()}`, "ok");
    byId("console-error").textContent = "";
  } catch (err) {
    if ((err as Error).message === "unauthenticated") return;
    status("cluster not answering", "bad");
    byId("console-error").textContent = (err as Error).message;
  }
  timer = window.setTimeout(() => void poll(), POLL_MS);
}

function render(o: Overview): void {
  const link = byId<HTMLAnchorElement>("grafana");
  link.hidden = !o.grafana;
  if (o.grafana) link.href = o.grafana;
  renderFigures(o);
  renderRing(o);
}

function renderFigures(o: Overview): void {
  const routing = o.services.routing ?? { up: false };
  const gws = o.gateways.filter((g) => g.figures);
  const now: Reading = {
    at: Date.now(),
    stored: routing.stored ?? 0,
    pushed: gws.reduce((s, g) => s + (g.figures?.pushed ?? 0), 0),
    accept: routing.acceptBuckets ?? {},
    delivery: sumBuckets(gws.map((g) => g.figures?.deliveryBuckets ?? {})),
  };
  const p = previous;
  previous = now;
  const sessions = gws.reduce((s, g) => s + (g.figures?.sessions ?? 0), 0);
  const lag = gws.reduce((s, g) => s + (g.figures?.queueLag ?? 0), 0);
  const figure = (name: string, value: string, id: string) =>
    el("div", {}, el("dt", { text: name }), el("dd", { text: value, "data-figure": id }));
  const services = Object.entries(o.services)
    .map(([n, s]) => `${n} ${s.up ? "up" : "DOWN"}`)
    .join(", ");
  fill(
    byId("figures"),
    figure("messages stored /s", p ? rate(p, now, (r) => r.stored).toFixed(1) : "…", "stored-rate"),
    figure("pushes /s", p ? rate(p, now, (r) => r.pushed).toFixed(1) : "…", "push-rate"),
    figure("accept p99", p ? ms(quantile(p.accept, now.accept, 0.99)) : "…", "accept-p99"),
    figure("delivery p99", p ? ms(quantile(p.delivery, now.delivery, 0.99)) : "…", "delivery-p99"),
    figure("sessions", String(sessions), "sessions"),
    figure("Kafka lag (inbound / node queues)", `${routing.inboundLag ?? "—"} / ${lag}`, "lag"),
    figure("services", services, "services"),
  );
}

function renderRing(o: Overview): void {
  const shares = new Map(o.ring.nodes.map((n) => [n.id, n.share]));
  const color = new Map(o.ring.nodes.map((n, i) => [n.id, COLORS[i % COLORS.length]]));
  drawRing(o.ring.nodes.map((n) => ({ id: n.id, share: n.share, color: color.get(n.id)! })));
  byId("ring-meta").textContent =
    `${o.ring.nodes.length} node(s) on the ring, epoch ${o.ring.epoch}, ${o.ring.virtualNodes} virtual points per weight unit, signature ${o.ring.signature.slice(0, 12)}…`;
  const rows = o.gateways.map((g) => {
    const share = shares.get(g.node);
    const state = !g.up ? "down" : g.drain?.draining ? "draining" : share !== undefined ? "on the ring" : "not on the ring";
    const actions = el("div", { class: "actions" });
    if (g.up && !g.drain?.draining) {
      const confirm = armed.has(g.node);
      const drain = el("button", {
        type: "button",
        class: "danger",
        "data-drain": g.node,
        text: confirm ? `Confirm: drain ${g.node}` : "Drain",
      });
      drain.onclick = () => void onDrain(g.node);
      actions.append(drain);
    }
    return el(
      "tr",
      { "data-node": g.node, "data-state": state },
      el("th", { scope: "row" }, el("span", { class: "swatch", style: `color:${color.get(g.node) ?? "inherit"}`, text: "● " }), g.node),
      el("td", { text: share === undefined ? "—" : `${(share * 100).toFixed(1)} %` }),
      el("td", { text: g.figures ? String(g.figures.sessions) : "—" }),
      el("td", { text: g.figures ? String(g.figures.users) : "—" }),
      el("td", { text: g.figures ? String(g.figures.queueLag) : "—" }),
      el("td", { text: state }),
      el("td", {}, actions),
    );
  });
  fill(byId("nodes").querySelector("tbody")!, ...rows);
}

function drawRing(nodes: { id: string; share: number; color: string }[]): void {
  const svg = byId("ring");
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  let angle = -Math.PI / 2;
  for (const n of nodes) {
    const sweep = n.share * 2 * Math.PI;
    const path = document.createElementNS(ns, "path");
    const [x1, y1, x2, y2] = [Math.cos(angle), Math.sin(angle), Math.cos(angle + sweep), Math.sin(angle + sweep)].map((v) => v * 90);
    const large = sweep > Math.PI ? 1 : 0;
    path.setAttribute("d", nodes.length === 1 ? "M 0 -90 A 90 90 0 1 1 -0.01 -90" : `M ${x1} ${y1} A 90 90 0 ${large} 1 ${x2} ${y2}`);
    path.setAttribute("stroke", n.color);
    path.setAttribute("stroke-width", "18");
    path.setAttribute("fill", "none");
    const title = document.createElementNS(ns, "title");
    title.textContent = `${n.id}: ${(n.share * 100).toFixed(1)} %`;
    path.append(title);
    svg.append(path);
    const mid = angle + sweep / 2;
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", String(Math.cos(mid) * 55));
    label.setAttribute("y", String(Math.sin(mid) * 55 + 4));
    label.setAttribute("text-anchor", "middle");
    label.textContent = n.id;
    svg.append(label);
    angle += sweep;
  }
  if (nodes.length === 0) {
    const t = document.createElementNS(ns, "text");
    t.setAttribute("text-anchor", "middle");
    t.textContent = "no node on the ring";
    svg.append(t);
  }
}

async function onDrain(node: string): Promise<void> {
  if (!armed.has(node)) {
    armed.add(node);
    byId<HTMLButtonElement>("nodes").querySelector<HTMLButtonElement>(`[data-drain="${node}"]`)!.textContent =
      `Confirm: drain ${node}`;
    return;
  }
  armed.delete(node);
  const r = await api(`/nodes/${encodeURIComponent(node)}/drain`, "POST");
  byId("console-error").textContent = r.ok ? "" : `drain ${node}: ${await problem(r)}`;
}

async function lookUpUser(e: Event): Promise<void> {
  e.preventDefault();
  const user = byId<HTMLInputElement>("user").value.trim();
  const out = byId("user-result");
  const r = await api(`/users/${encodeURIComponent(user)}`);
  if (!r.ok) {
    fill(out, el("p", { class: "error", text: await problem(r) }));
    return;
  }
  const u = await r.json();
  const rows = (u.sessions as { sessionId: string; node: string; device: string; since: string }[]).map((s) => {
    const kick = el("button", { type: "button", class: "secondary", text: `Kick from ${s.node}` });
    kick.onclick = async () => {
      const k = await api(`/nodes/${encodeURIComponent(s.node)}/users/${encodeURIComponent(user)}`, "DELETE");
      kick.textContent = k.ok ? "kicked" : await problem(k);
      kick.disabled = true;
    };
    return el("tr", {}, el("td", { text: s.node }), el("td", { text: s.device }), el("td", { text: s.since }), el("td", {}, kick));
  });
  fill(
    out,
    el("p", {
      "data-owner": u.owner,
      text: `${u.userId}: owner ${u.owner} (then ${u.owners.slice(1).join(", ") || "none"}); ${u.online ? "online" : "offline"}${
        u.online ? (u.onOwner ? ", on its owner" : ", NOT on its owner (moving)") : ""
      }${u.lastSeen ? `; last seen ${u.lastSeen}` : ""}`,
    }),
    rows.length
      ? el(
          "table",
          {},
          el("thead", {}, el("tr", {}, el("th", { text: "node" }), el("th", { text: "device" }), el("th", { text: "since" }), el("th", { text: "" }))),
          el("tbody", {}, ...rows),
        )
      : null,
  );
}

async function lookUpGroup(e: Event): Promise<void> {
  e.preventDefault();
  const id = byId<HTMLInputElement>("group").value.trim();
  const out = byId("group-result");
  const r = await api(`/groups/${encodeURIComponent(id)}/nodes`);
  if (!r.ok) {
    fill(out, el("p", { class: "error", text: await problem(r) }));
    return;
  }
  const g = await r.json();
  const entries = Object.entries(g.nodes as Record<string, number>);
  fill(
    out,
    el("p", { text: `${g.total} member(s) online${g.notOnRing.length ? `; stale nodes: ${g.notOnRing.join(", ")}` : ""}` }),
    entries.length
      ? el("table", {}, el("tbody", {}, ...entries.map(([n, c]) => el("tr", {}, el("th", { scope: "row", text: n }), el("td", { text: String(c) })))))
      : el("p", { class: "muted", text: "nobody online" }),
  );
}

function open(): void {
  byId("signin").hidden = true;
  byId("console").hidden = false;
  byId("signout").hidden = false;
  previous = null;
  void poll();
}

byId("signin-form").addEventListener("submit", (e) => {
  e.preventDefault();
  token = byId<HTMLInputElement>("token").value.trim();
  sessionStorage.setItem("im.console.token", token);
  open();
});
byId("signout").onclick = () => signOut();
byId("user-form").addEventListener("submit", (e) => void lookUpUser(e).catch(() => undefined));
byId("group-form").addEventListener("submit", (e) => void lookUpGroup(e).catch(() => undefined));
if (token) open();
