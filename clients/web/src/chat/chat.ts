// The chat page: sign in, conversations with presence and unread counts, history paged on scroll,
// ticks for "stored" and "the recipient's device has it", and the gateway node this tab is on. All
// protocol work (redirects, reconnects, sync, order, resends) is the SDK's.

import { ImClient, type Message, type Presence } from "@im-cluster/client";
import { byId, el, fill, time } from "../shared/dom.js";
import { Conversation, Conversations } from "./conversations.js";
import { Rest, type SiteConfig } from "./rest.js";

interface Session {
  user: string;
  token: string;
}

const HISTORY_PAGE = 50;
let config: SiteConfig;
let session: Session;
let client: ImClient;
let rest: Rest;
let convs: Conversations;
let current: Conversation | null = null;
let pendingKeys = 0;
const presence = new Map<string, Presence>();

// Asked at once, and the sign-in form handled from the first moment: a submit before the answer must
// not fall through to the browser's own form submission (a reload that loses the sign-in).
const configReady = Rest.config();
byId("signin-form").addEventListener("submit", (e) => void signIn(e));

async function boot(): Promise<void> {
  config = await configReady;
  byId("dev-user").hidden = !config.devTokens;
  byId("token-field").hidden = !!config.devTokens;
  byId<HTMLInputElement>("user").required = !!config.devTokens;
  const saved = sessionStorage.getItem("im.chat.session");
  if (saved) start(JSON.parse(saved));
}

async function signIn(e: Event): Promise<void> {
  e.preventDefault();
  const error = byId("signin-error");
  error.textContent = "";
  try {
    config = await configReady;
    let user: string;
    let token: string;
    if (config.devTokens) {
      user = byId<HTMLInputElement>("user").value.trim();
      token = await Rest.devToken(config, user);
    } else {
      token = byId<HTMLTextAreaElement>("token").value.trim();
      user = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).sub;
    }
    const s = { user, token };
    sessionStorage.setItem("im.chat.session", JSON.stringify(s));
    start(s);
  } catch (err) {
    error.textContent = `Could not sign in: ${(err as Error).message}`;
  }
}

/** A stable device name per browser: the server keeps the delivered cursor per (user, device). */
function device(): string {
  let d = localStorage.getItem("im.chat.device");
  if (!d) {
    d = `web-${Math.random().toString(36).slice(2, 8)}`;
    localStorage.setItem("im.chat.device", d);
  }
  return d;
}

function start(s: Session): void {
  session = s;
  rest = new Rest(config, () => session.token);
  convs = new Conversations(s.user);
  byId("signin").hidden = true;
  byId("app").hidden = false;
  byId("signout").hidden = false;
  byId("me").textContent = `signed in as ${s.user}`;
  client = new ImClient({ gateways: config.gateways, token: () => session.token, device: device() });
  client.on("state", (st) => showState(st.state, st.node));
  client.on("message", (m) => received(m));
  client.on("presence", (p) => {
    presence.set(p.userId, p);
    renderList();
    renderPresence();
  });
  client.on("delivered", (d) => {
    if (current?.id === d.conv) renderMessages(false);
  });
  client.start();
  client.subscribe(convs.all().filter((c) => c.kind === "direct").map((c) => c.target));
  wire();
  renderList();
  void loadGroups();
}

function showState(state: string, node: string | null): void {
  const pill = byId("conn");
  pill.dataset.state = state;
  pill.dataset.node = node ?? "";
  pill.className = `pill ${state === "connected" ? "ok" : state === "closed" ? "bad" : "warn"}`;
  pill.textContent =
    state === "connected" ? `connected to ${node}` : state === "reconnecting" ? "reconnecting…" : state;
}

async function loadGroups(): Promise<void> {
  try {
    for (const g of await rest.myGroups()) convs.group(g.id, g.name);
    renderList();
  } catch (err) {
    byId("chat-error").textContent = `groups: ${(err as Error).message}`;
  }
}

function received(m: Message): void {
  const c = convs.of(m.conv);
  if (!c.add(m)) return;
  if (c.kind === "group" && c.title === c.target) void titleOf(c);
  if (m.from !== session.user && (c !== current || document.hidden)) c.unread++;
  if (c.kind === "direct" && !presence.has(c.target)) client.subscribe([c.target]);
  renderList();
  if (c === current) renderMessages(true);
}

async function titleOf(c: Conversation): Promise<void> {
  try {
    convs.group(c.target, (await rest.group(c.target)).name);
    renderList();
  } catch {
    // not a member any more: the id stays the title
  }
}

function wire(): void {
  byId("add-contact").onsubmit = (e) => {
    e.preventDefault();
    const input = byId<HTMLInputElement>("contact");
    const peer = input.value.trim();
    if (!/^[A-Za-z0-9._@+-]{1,128}$/.test(peer)) {
      byId("chat-error").textContent = "A user id is 1–128 of A–Z a–z 0–9 . _ @ + -";
      return;
    }
    input.value = "";
    client.subscribe([peer]);
    open(convs.direct(peer));
  };
  byId("new-group").onsubmit = (e) => {
    e.preventDefault();
    const input = byId<HTMLInputElement>("group-name");
    rest.createGroup(input.value.trim()).then(
      (g) => {
        input.value = "";
        open(convs.group(g.id, g.name));
      },
      (err) => (byId("chat-error").textContent = `group: ${err.message}`),
    );
  };
  byId("add-member").onsubmit = (e) => {
    e.preventDefault();
    const input = byId<HTMLInputElement>("member");
    if (!current) return;
    rest.addMember(current.target, input.value.trim()).then(
      () => (input.value = ""),
      (err) => (byId("chat-error").textContent = `member: ${err.message}`),
    );
  };
  byId("compose").onsubmit = (e) => {
    e.preventDefault();
    send();
  };
  byId("text").onkeydown = (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      send();
    }
  };
  byId("messages").onscroll = () => {
    if (current && byId("messages").scrollTop < 40) void loadOlder(current);
  };
  byId("signout").onclick = () => {
    sessionStorage.removeItem("im.chat.session");
    client.close();
    location.reload();
  };
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && current) {
      current.unread = 0;
      renderList();
    }
  });
}

function open(c: Conversation): void {
  current = c;
  c.unread = 0;
  byId("conv-title").textContent = c.kind === "group" ? `# ${c.title}` : c.title;
  byId("add-member").hidden = c.kind !== "group";
  byId("compose").hidden = false;
  byId("chat-error").textContent = "";
  renderList();
  renderPresence();
  renderMessages(true);
  if (c.older === null || c.messages.size < 20) void loadOlder(c);
  byId("text").focus();
}

/** One page of older messages (sync with `before`), keeping the view where it was. */
async function loadOlder(c: Conversation): Promise<void> {
  if (c.loading || c.older === false) return;
  c.loading = true;
  try {
    const page = await client.history(c.id, c.oldest(), HISTORY_PAGE);
    const list = byId("messages");
    const fromBottom = list.scrollHeight - list.scrollTop;
    page.messages.forEach((m) => c.add(m));
    c.older = page.more;
    if (c === current) {
      renderMessages(false);
      list.scrollTop = list.scrollHeight - fromBottom;
    }
  } catch (err) {
    if (c === current) byId("chat-error").textContent = `history: ${(err as Error).message}`;
  } finally {
    c.loading = false;
  }
}

function send(): void {
  const text = byId<HTMLTextAreaElement>("text");
  const body = text.value;
  const c = current;
  if (!c || body.trim() === "") return;
  text.value = "";
  const key = ++pendingKeys;
  c.pending.set(key, { key, body });
  renderMessages(true);
  const sent = c.kind === "group" ? client.sendToGroup(c.target, body) : client.send(c.target, body);
  sent.then(
    (a) => {
      c.pending.delete(key);
      c.add({ seq: a.seq, from: session.user, body, at: a.storedAt });
      if (c === current) renderMessages(true);
    },
    (err) => {
      c.pending.set(key, { key, body, failed: (err as Error).message });
      if (c === current) renderMessages(true);
    },
  );
}

function renderList(): void {
  const items = convs.all().map((c) => {
    const p = c.kind === "direct" ? presence.get(c.target) : undefined;
    const dot = el("span", {
      class: `dot ${c.kind === "group" ? "group" : p?.online ? "online" : ""}`,
      "aria-hidden": "true",
    });
    const status = c.kind === "group" ? "group" : p?.online ? "online" : "offline";
    const label = `${c.title}, ${status}${c.unread ? `, ${c.unread} unread` : ""}`;
    const button = el(
      "button",
      { type: "button", "data-conv": c.id, "aria-label": label, "aria-current": c === current ? "true" : undefined },
      dot,
      el("span", { class: "name", text: c.kind === "group" ? `# ${c.title}` : c.title }),
      c.unread ? el("span", { class: "unread", text: String(c.unread) }) : null,
    );
    button.onclick = () => open(c);
    return el("li", {}, button);
  });
  fill(byId("convs"), ...items);
}

function renderPresence(): void {
  const span = byId("conv-presence");
  if (!current || current.kind !== "direct") {
    span.textContent = "";
    return;
  }
  const p = presence.get(current.target);
  span.textContent = !p
    ? ""
    : p.online
      ? `online (${p.devices.join(", ")})`
      : p.lastSeen
        ? `last seen ${new Date(p.lastSeen).toLocaleString()}`
        : "offline";
}

function renderMessages(toBottom: boolean): void {
  const c = current;
  if (!c) return;
  const list = byId("messages");
  const delivered = c.kind === "direct" ? client.peerDelivered(c.id) : 0;
  const items: HTMLElement[] = [];
  if (c.older === false) items.push(el("li", { class: "note", text: "the beginning of this conversation" }));
  for (const m of c.sorted()) {
    const mine = m.from === session.user;
    const tick = !mine
      ? null
      : m.seq <= delivered
        ? el("span", { class: "tick delivered", text: "✓✓", title: "delivered to a device", "aria-label": "delivered" })
        : el("span", { class: "tick accepted", text: "✓", title: "stored", "aria-label": "stored" });
    const who = c.kind === "group" && !mine ? `${m.from} · ` : "";
    items.push(
      el(
        "li",
        { class: mine ? "mine" : "", "data-seq": String(m.seq), "data-from": m.from },
        el("span", { class: "body", text: m.body }),
        el("span", { class: "meta" }, `${who}${time(m.at)}`, tick),
      ),
    );
  }
  for (const p of c.pending.values()) {
    items.push(
      el(
        "li",
        { class: "mine pending", "data-pending": "true" },
        el("span", { class: "body", text: p.body }),
        el("span", { class: p.failed ? "meta error" : "meta", text: p.failed ? `not sent: ${p.failed}` : "sending…" }),
      ),
    );
  }
  fill(list, ...items);
  if (toBottom) list.scrollTop = list.scrollHeight;
}

boot().catch((err) => {
  byId("signin-error").textContent = `The page could not start: ${(err as Error).message}`;
});
