-- The highest delivered cursor over a user's devices in one conversation (what the other participant of a
-- direct conversation is told: the receipt path and 'peerDelivered' of a sync page). The primary key
-- starts with the user, so without this index that read would go through all of the user's cursors.
-- Neither seq nor updated_at is indexed, so moving a cursor stays a heap-only update.
-- docs/architecture.md, "Sync and receipts".
create index delivery_cursor_by_conversation on delivery_cursor (conv_id, user_id);
