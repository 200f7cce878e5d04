-- Routing sends a group message also to the nodes of members who joined in the last seconds (their
-- gateway may not have published them in the group distribution yet): a range of this index per group,
-- not a scan of all its members. docs/architecture.md, "Groups".
create index group_member_by_join on group_member (group_id, joined_at);
