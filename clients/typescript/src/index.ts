// The public API of @im-cluster/client (docs/protocol.md is the protocol it speaks).
export { ImClient } from "./client.js";
export { connectUrl } from "./placement.js";
export type { ClientOptions } from "./options.js";
export type { ConnectionState, StateChange } from "./connection.js";
export { SendRefusedError } from "./outbox.js";
export type { Accepted, Delivered, Message, Presence } from "./frames.js";
export type { HistoryPage } from "./syncer.js";
